import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { TEMP_SUFFIX, writeAndSync, writeFileAtomically, type WriteBytes } from './atomicFile';
import { isConversationId, isConversationRecord, summarize, type ConversationRecord, type ConversationSummary } from './conversation';

/** What opening a conversation found. */
export type LoadResult<M> =
  | { status: 'ok'; record: ConversationRecord<M> }
  | { status: 'missing' }
  /** The file could not be read as a conversation; it was moved to `movedTo` and the others are untouched. */
  | { status: 'corrupt'; movedTo: string };

export interface ConversationStoreOptions {
  /** Told about files moved aside and indexes rebuilt. */
  log?: (line: string) => void;
  /** Replaces the write of temporary files (tests interrupt it). */
  writeBytes?: WriteBytes;
  now?: () => number;
}

interface IndexFile {
  version: 1;
  conversations: ConversationSummary[];
}

const CONVERSATIONS = 'conversations';
const INDEX = 'index.json';
// Temporary files older than this belong to a write that died with its process.
const STALE_TEMP_MS = 10 * 60_000;

/**
 * Conversations saved as one JSON file each, plus an index for listing, under `folder` (the extension's
 * global storage). Every write is atomic (temporary file + rename). A damaged file is moved aside and the
 * store carries on with the rest; the index is derived data, repaired from the files whenever it disagrees.
 * Writes from this process are queued, so two saves never interleave.
 */
export class ConversationStore<M = unknown> {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly log: (line: string) => void;
  private readonly writeBytes: WriteBytes;
  private readonly now: () => number;

  constructor(
    private readonly folder: string,
    options: ConversationStoreOptions = {},
  ) {
    this.log = options.log ?? (() => undefined);
    this.writeBytes = options.writeBytes ?? writeAndSync;
    this.now = options.now ?? Date.now;
  }

  /** Every readable conversation, newest first. Repairs the index when it disagrees with the files. */
  list(): Promise<ConversationSummary[]> {
    return this.serialized(async () => {
      const index = await this.readIndex();
      const files = await this.conversationIds();
      const byId = new Map((index ?? []).filter((s) => files.has(s.id)).map((s) => [s.id, s]));
      let changed = index === undefined || byId.size !== (index ?? []).length;
      for (const id of files) {
        if (byId.has(id)) continue;
        const loaded = await this.readConversation(id);
        if (loaded.status === 'ok') byId.set(id, summarize(loaded.record));
        changed = true;
      }
      const list = [...byId.values()].sort((a, b) => b.updatedAt - a.updatedAt);
      if (changed) await this.writeIndex(list);
      return list;
    });
  }

  /** Reads one conversation; a damaged file is moved aside (and dropped from the index), never deleted. */
  load(id: string): Promise<LoadResult<M>> {
    return this.serialized(async () => {
      if (!isConversationId(id)) return { status: 'missing' as const };
      const result = await this.readConversation(id);
      if (result.status === 'corrupt') await this.updateIndex((list) => list.filter((s) => s.id !== id));
      return result;
    });
  }

  /** Saves a conversation whole, then its index line. */
  save(record: ConversationRecord<M>): Promise<void> {
    return this.serialized(async () => {
      assertId(record.id);
      await writeFileAtomically(this.fileOf(record.id), JSON.stringify(record), this.writeBytes);
      const summary = summarize(record);
      await this.updateIndex((list) => [summary, ...list.filter((s) => s.id !== record.id)]);
    });
  }

  /** Changes a conversation's title; false when it does not exist (or could not be read). */
  rename(id: string, title: string): Promise<boolean> {
    return this.serialized(async () => {
      if (!isConversationId(id)) return false;
      const loaded = await this.readConversation(id);
      if (loaded.status !== 'ok') return false;
      const record = { ...loaded.record, title: title.trim() || loaded.record.title, updatedAt: this.now() };
      await writeFileAtomically(this.fileOf(id), JSON.stringify(record), this.writeBytes);
      await this.updateIndex((list) => list.map((s) => (s.id === id ? summarize(record) : s)));
      return true;
    });
  }

  /** Removes a conversation; false when there was none. */
  delete(id: string): Promise<boolean> {
    return this.serialized(async () => {
      if (!isConversationId(id)) return false;
      let existed = true;
      await fs.rm(this.fileOf(id)).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
        existed = false;
      });
      await this.updateIndex((list) => list.filter((s) => s.id !== id));
      return existed;
    });
  }

  /** Removes every conversation (files moved aside earlier are kept). Returns how many were removed. */
  clear(): Promise<number> {
    return this.serialized(async () => {
      const ids = await this.conversationIds();
      for (const id of ids) await fs.rm(this.fileOf(id), { force: true });
      await this.writeIndex([]);
      return ids.size;
    });
  }

  private fileOf(id: string): string {
    return path.join(this.folder, CONVERSATIONS, `${id}.json`);
  }

  private async readConversation(id: string): Promise<LoadResult<M>> {
    const file = this.fileOf(id);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing' };
      throw err;
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (isConversationRecord(parsed, id)) return { status: 'ok', record: parsed as ConversationRecord<M> };
    } catch {
      // Falls through to moving the file aside.
    }
    const movedTo = await this.moveAside(file);
    this.log(`Conversation file ${path.basename(file)} could not be read; moved to ${movedTo}.`);
    return { status: 'corrupt', movedTo };
  }

  private async moveAside(file: string): Promise<string> {
    const target = `${file}.corrupt-${this.now()}`;
    await fs.rename(file, target);
    return target;
  }

  /** Ids of the conversation files on disk; clears temporary files left by interrupted writes. */
  private async conversationIds(): Promise<Set<string>> {
    let names: string[];
    try {
      names = await fs.readdir(path.join(this.folder, CONVERSATIONS));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Set();
      throw err;
    }
    const ids = new Set<string>();
    for (const name of names) {
      if (name.endsWith(TEMP_SUFFIX)) {
        await this.removeIfStale(path.join(this.folder, CONVERSATIONS, name));
        continue;
      }
      const id = name.endsWith('.json') ? name.slice(0, -'.json'.length) : '';
      if (isConversationId(id)) ids.add(id);
    }
    return ids;
  }

  private async removeIfStale(file: string): Promise<void> {
    const stat = await fs.stat(file).catch(() => undefined);
    if (stat && this.now() - stat.mtimeMs > STALE_TEMP_MS) await fs.rm(file, { force: true }).catch(() => undefined);
  }

  /** The index, or undefined when it is missing or damaged (a damaged one is moved aside). */
  private async readIndex(): Promise<ConversationSummary[] | undefined> {
    const file = path.join(this.folder, INDEX);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch {
      return undefined;
    }
    try {
      const parsed = JSON.parse(text) as Partial<IndexFile>;
      if (parsed.version === 1 && Array.isArray(parsed.conversations) && parsed.conversations.every(isSummary)) {
        return parsed.conversations;
      }
    } catch {
      // Falls through: the index is rebuilt from the conversation files.
    }
    const movedTo = await this.moveAside(file);
    this.log(`The conversation index could not be read; moved to ${movedTo} and rebuilt from the conversation files.`);
    return undefined;
  }

  private async updateIndex(change: (list: ConversationSummary[]) => ConversationSummary[]): Promise<void> {
    const current = await this.readIndex();
    const base = current ?? (await this.rebuiltIndex());
    await this.writeIndex(change(base).sort((a, b) => b.updatedAt - a.updatedAt));
  }

  private async rebuiltIndex(): Promise<ConversationSummary[]> {
    const list: ConversationSummary[] = [];
    for (const id of await this.conversationIds()) {
      const loaded = await this.readConversation(id);
      if (loaded.status === 'ok') list.push(summarize(loaded.record));
    }
    return list;
  }

  private async writeIndex(list: ConversationSummary[]): Promise<void> {
    const index: IndexFile = { version: 1, conversations: list };
    await writeFileAtomically(path.join(this.folder, INDEX), JSON.stringify(index), this.writeBytes);
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

function isSummary(value: unknown): value is ConversationSummary {
  const s = value as Partial<ConversationSummary> | null;
  return !!s && isConversationId(s.id) && typeof s.title === 'string' && typeof s.updatedAt === 'number' && typeof s.messageCount === 'number';
}

function assertId(id: string): void {
  if (!isConversationId(id)) throw new Error(`Invalid conversation id: ${JSON.stringify(id)}`);
}
