// Checkpoints of agent turns that outlive the window: before a turn changes anything, each workspace folder is
// snapshotted into a shadow repository (shadowRepo.ts); when the turn ends it is snapshotted again, and every
// file that differs — patched, created, deleted, or written by a command (a formatter, a code generator) — is
// recorded on disk. "Undo this turn" puts those files back as they were, after a reload too, and refuses,
// naming them, when any changed since the turn unless the user confirms.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomically } from '../history/atomicFile';
import type { Tool } from '../tools/tool';
import { DEFAULT_MAX_SNAPSHOT_FILE_BYTES, ShadowRepo, type LeftOut, type Snapshot, type TreeChange } from './shadowRepo';

/** Turns whose checkpoints are kept; older ones are let go. */
export const KEPT_TURNS = 100;

/** What one turn changed in one workspace folder. */
export interface FolderCheckpoint {
  root: string;
  before: string;
  after: string;
  changes: TreeChange[];
  /** Files the turn changed that the snapshot rule leaves out (larger than the limit): undo cannot restore them. */
  notCovered: string[];
}

/** The persisted checkpoint of one turn. */
export interface CheckpointRecord {
  turnId: string;
  createdAt: number;
  folders: FolderCheckpoint[];
  undoneAt?: number;
}

export type UndoCheckpointResult =
  | { ok: true; restored: string[]; notCovered: string[] }
  | { ok: false; reason: 'changed since'; changedSince: string[] }
  | { ok: false; reason: 'unknown' | 'already undone' | 'not undone'; message: string };

interface StoreFile {
  version: 1;
  turns: CheckpointRecord[];
}

/** The checkpoints of one workspace (its folders), kept under a storage folder of Mini Coder's. */
export class CheckpointStore {
  private readonly repos = new Map<string, ShadowRepo>();
  private readonly indexFile: string;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly storageDir: string,
    readonly roots: readonly string[],
    private readonly maxFileBytes = DEFAULT_MAX_SNAPSHOT_FILE_BYTES,
  ) {
    this.indexFile = path.join(storageDir, `turns-${hash(roots.join('\n'))}.json`);
  }

  /**
   * Starts the checkpoint of a turn. The "before" snapshot begins at once in the background (a turn's first
   * change then rarely waits for it), or with `eager: false` only when a tool that may change files is about to
   * run; such a tool waits for it (`guard`).
   */
  begin(turnId: string, options: { eager?: boolean } = {}): TurnCheckpoint {
    const checkpoint = new TurnCheckpoint(this, turnId);
    if (options.eager !== false) void checkpoint.beforeChange();
    return checkpoint;
  }

  /** The checkpoint of a turn, if it changed any file. */
  async get(turnId: string): Promise<CheckpointRecord | undefined> {
    return (await this.load()).turns.find((t) => t.turnId === turnId);
  }

  /** The latest turn's checkpoint that is not undone yet. */
  async latest(): Promise<CheckpointRecord | undefined> {
    return (await this.load()).turns.filter((t) => !t.undoneAt).at(-1);
  }

  /** Every file of a checkpoint, as the user reads it (prefixed with the folder's name in a multi-folder workspace). */
  files(record: CheckpointRecord): string[] {
    return record.folders.flatMap((f) => f.changes.map((c) => this.shown(f.root, c.path)));
  }

  /**
   * Puts back every file the turn changed. Refuses, naming them, when files changed since the turn (unless
   * `force`); files a later turn changed count as changed since.
   */
  async undo(turnId: string, options: { force?: boolean } = {}): Promise<UndoCheckpointResult> {
    const record = await this.get(turnId);
    if (!record) return { ok: false, reason: 'unknown', message: 'There is no checkpoint for this turn (it changed no file, or it is older than the last 100 turns).' };
    if (record.undoneAt) return { ok: false, reason: 'already undone', message: 'This turn was already undone.' };
    if (!options.force) {
      const changedSince: string[] = [];
      for (const folder of record.folders) {
        const repo = this.repo(folder.root);
        const now = await repo.snapshot();
        const touched = new Set(folder.changes.map((c) => c.path));
        for (const change of await repo.changes(folder.after, now.tree)) if (touched.has(change.path)) changedSince.push(this.shown(folder.root, change.path));
      }
      if (changedSince.length > 0) return { ok: false, reason: 'changed since', changedSince };
    }
    for (const folder of record.folders) await this.repo(folder.root).restore(folder.changes);
    await this.update((file) => {
      const kept = file.turns.find((t) => t.turnId === turnId);
      if (kept) kept.undoneAt = Date.now();
    });
    return { ok: true, restored: this.files(record), notCovered: record.folders.flatMap((f) => f.notCovered.map((p) => this.shown(f.root, p))) };
  }

  /**
   * Applies an undone turn again: its files go back to how the turn left them. Refuses, naming them, when files
   * changed since the undo (unless `force`).
   */
  async redo(turnId: string, options: { force?: boolean } = {}): Promise<UndoCheckpointResult> {
    const record = await this.get(turnId);
    if (!record) return { ok: false, reason: 'unknown', message: 'There is no checkpoint for this turn.' };
    if (!record.undoneAt) return { ok: false, reason: 'not undone', message: 'This turn is not undone, so there is nothing to redo.' };
    const plans: Array<{ folder: FolderCheckpoint; back: TreeChange[] }> = [];
    const changedSince: string[] = [];
    for (const folder of record.folders) {
      const repo = this.repo(folder.root);
      const touched = new Set(folder.changes.map((c) => c.path));
      // From the "before" state to the "after" one: restoring the differences seen from "after" writes its side.
      plans.push({ folder, back: (await repo.changes(folder.after, folder.before)).filter((c) => touched.has(c.path)) });
      if (options.force) continue;
      const now = await repo.snapshot();
      for (const change of await repo.changes(folder.before, now.tree)) if (touched.has(change.path)) changedSince.push(this.shown(folder.root, change.path));
    }
    if (changedSince.length > 0) return { ok: false, reason: 'changed since', changedSince };
    for (const { folder, back } of plans) await this.repo(folder.root).restore(back);
    await this.update((file) => {
      const kept = file.turns.find((t) => t.turnId === turnId);
      if (kept) delete kept.undoneAt;
    });
    return { ok: true, restored: this.files(record), notCovered: record.folders.flatMap((f) => f.notCovered.map((p) => this.shown(f.root, p))) };
  }

  /** @internal The shadow repository of one folder. */
  repo(root: string): ShadowRepo {
    let repo = this.repos.get(root);
    if (!repo) {
      repo = new ShadowRepo(path.join(this.storageDir, `repo-${hash(root)}`), root, this.maxFileBytes);
      this.repos.set(root, repo);
    }
    return repo;
  }

  /** @internal Saves a finished turn's checkpoint and lets the oldest go. */
  async save(record: CheckpointRecord): Promise<void> {
    let dropped: CheckpointRecord[] = [];
    await this.update((file) => {
      file.turns = file.turns.filter((t) => t.turnId !== record.turnId);
      file.turns.push(record);
      dropped = file.turns.splice(0, Math.max(0, file.turns.length - KEPT_TURNS));
    });
    for (const old of dropped) for (const folder of old.folders) await this.repo(folder.root).release(`turns/${old.turnId}/`).catch(() => undefined);
  }

  private shown(root: string, file: string): string {
    return this.roots.length > 1 ? `${path.basename(root)}/${file}` : file;
  }

  private async load(): Promise<StoreFile> {
    await this.writing;
    return this.loadUnlocked();
  }

  private update(change: (file: StoreFile) => void): Promise<void> {
    const next = this.writing.then(async () => {
      const file = await this.loadUnlocked();
      change(file);
      await writeFileAtomically(this.indexFile, JSON.stringify(file));
    });
    this.writing = next.catch(() => undefined);
    return next;
  }

  private async loadUnlocked(): Promise<StoreFile> {
    try {
      const parsed = JSON.parse(await fs.readFile(this.indexFile, 'utf8')) as StoreFile;
      if (parsed.version === 1 && Array.isArray(parsed.turns)) return parsed;
    } catch {
      // Missing or damaged: no checkpoints (a damaged index is replaced on the next save).
    }
    return { version: 1, turns: [] };
  }
}

/** One turn's checkpoint while the turn runs. */
export class TurnCheckpoint {
  private before: Promise<Map<string, Snapshot>> | undefined;
  /** Why there is no checkpoint (git missing, storage not writable), once the "before" snapshot failed. */
  failure: string | undefined;

  constructor(
    private readonly store: CheckpointStore,
    readonly turnId: string,
  ) {}

  /**
   * Takes the "before" snapshot if it is not taken yet; resolves once it is. Never rejects: a turn goes on without a
   * checkpoint when one cannot be taken (`failure` says why).
   */
  beforeChange(): Promise<void> {
    this.before ??= (async () => {
      const snapshots = new Map<string, Snapshot>();
      try {
        for (const root of this.store.roots) {
          const repo = this.store.repo(root);
          const snapshot = await repo.snapshot();
          await repo.keep(`turns/${this.turnId}/before`, snapshot.tree);
          snapshots.set(root, snapshot);
        }
      } catch (err) {
        this.failure = (err as Error).message;
        snapshots.clear();
      }
      return snapshots;
    })();
    return this.before.then(() => undefined);
  }

  /** Ends the turn: snapshots again and saves what changed. Undefined when nothing did (or nothing could have). */
  async finish(): Promise<CheckpointRecord | undefined> {
    if (!this.before) return undefined;
    const before = await this.before;
    try {
      return await this.record(before);
    } catch (err) {
      this.failure = (err as Error).message;
      return undefined;
    }
  }

  private async record(before: Map<string, Snapshot>): Promise<CheckpointRecord | undefined> {
    const folders: FolderCheckpoint[] = [];
    for (const [root, start] of before) {
      const repo = this.store.repo(root);
      const end = await repo.snapshot();
      // A file too large for either snapshot is not put back (its content after the turn, or before, is unknown, so
      // a later change to it could not be noticed); its change is reported instead.
      const large = new Set([...start.leftOut, ...end.leftOut].filter((f) => f.reason === 'large').map((f) => f.path));
      const changes = (await repo.changes(start.tree, end.tree)).filter((c) => !large.has(c.path));
      const notCovered = changedLeftOut(start.leftOut, end.leftOut);
      if (changes.length === 0 && notCovered.length === 0) continue;
      await repo.keep(`turns/${this.turnId}/after`, end.tree);
      folders.push({ root, before: start.tree, after: end.tree, changes, notCovered });
    }
    if (folders.length === 0) return undefined;
    const record: CheckpointRecord = { turnId: this.turnId, createdAt: Date.now(), folders };
    await this.store.save(record);
    return record;
  }

  /** The tools, each that may change files first making sure the "before" snapshot is taken. */
  guard(tools: readonly Tool[]): Tool[] {
    return tools.map((tool) =>
      tool.readOnly
        ? tool
        : {
            ...tool,
            run: async (args, context) => {
              await this.beforeChange();
              return tool.run(args, context);
            },
          },
    );
  }
}

/** Large files whose size or time changed between two snapshots (or that appeared or went): changed but not restorable. */
function changedLeftOut(before: readonly LeftOut[], after: readonly LeftOut[]): string[] {
  const key = (f: LeftOut) => `${f.size}:${f.mtimeMs}`;
  const was = new Map(before.filter((f) => f.reason === 'large').map((f) => [f.path, key(f)]));
  const now = new Map(after.filter((f) => f.reason === 'large').map((f) => [f.path, key(f)]));
  const out = new Set<string>();
  for (const [p, k] of now) if (was.get(p) !== k) out.add(p);
  for (const p of was.keys()) if (!now.has(p)) out.add(p);
  return [...out].sort();
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
