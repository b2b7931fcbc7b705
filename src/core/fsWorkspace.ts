import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { MiniCoderError } from './errors';
import { looksBinary, walkFiles } from './fileWalk';
import { DEFAULT_TIME_LIMIT_MS, requestFor, searchFiles } from './search/searchFiles';
import type { DirEntry, FileChange, FileStat, SearchOutcome, SearchQuery, Workspace } from './workspace';

/** The workspace on the local file system, for the terminal host. Every path is confined to the root. */
export class FsWorkspace implements Workspace {
  readonly rootLabel: string;
  private realRoot: string | undefined;

  /** `searchWorker`: the search worker's script, when it is not beside this bundle (see searchFiles). */
  constructor(
    private readonly root: string,
    private readonly options: { searchWorker?: string } = {},
  ) {
    this.rootLabel = path.resolve(root);
  }

  /** Resolves a workspace path to an absolute one, refusing `..`, outside absolutes and escaping symlinks. */
  async resolve(relPath: string): Promise<string> {
    const root = await this.getRealRoot();
    const candidate = path.isAbsolute(relPath) ? path.resolve(relPath) : path.resolve(root, relPath);
    const inside = (p: string) => p === root || p.startsWith(root + path.sep);
    const viaLabel = path.isAbsolute(relPath) && (candidate === this.rootLabel || candidate.startsWith(this.rootLabel + path.sep));
    const normalized = viaLabel ? path.join(root, path.relative(this.rootLabel, candidate)) : candidate;
    if (!inside(normalized)) throw outside(relPath);
    // Follow symlinks of the longest existing prefix: a link pointing out of the workspace is refused.
    let existing = normalized;
    const rest: string[] = [];
    for (;;) {
      try {
        const real = await fs.realpath(existing);
        if (!inside(real)) throw outside(relPath);
        return path.join(real, ...rest);
      } catch (err) {
        if (err instanceof MiniCoderError) throw err;
        const parent = path.dirname(existing);
        if (parent === existing) throw outside(relPath);
        rest.unshift(path.basename(existing));
        existing = parent;
      }
    }
  }

  /** The workspace-relative form of a path given by the model. */
  async relative(relPath: string): Promise<string> {
    const abs = await this.resolve(relPath);
    return path.relative(await this.getRealRoot(), abs).split(path.sep).join('/');
  }

  async readText(relPath: string): Promise<string> {
    const abs = await this.resolve(relPath);
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(abs);
    } catch (err) {
      throw notFound(relPath, err);
    }
    if (looksBinary(bytes)) {
      throw new MiniCoderError({ kind: 'tool', message: `${relPath} is a binary file; it cannot be read as text.` });
    }
    return bytes.toString('utf8');
  }

  async stat(relPath: string): Promise<FileStat | undefined> {
    const abs = await this.resolve(relPath);
    try {
      const s = await fs.stat(abs);
      return { type: s.isDirectory() ? 'directory' : 'file', size: s.size, mtimeMs: s.mtimeMs };
    } catch {
      return undefined;
    }
  }

  async list(relPath: string, options: { recursive: boolean; limit?: number }): Promise<DirEntry[]> {
    const start = relPath === '' || relPath === '.' ? '' : await this.relative(relPath);
    const s = await this.stat(start);
    if (!s || s.type !== 'directory') {
      throw new MiniCoderError({ kind: 'tool', message: `${relPath || '.'} is not a folder in the workspace.` });
    }
    const { entries } = await walkFiles(await this.getRealRoot(), start, {
      recursive: options.recursive,
      limit: options.limit ?? 2000,
      includeDirectories: true,
    });
    return entries;
  }

  async search(query: SearchQuery, options: { signal?: AbortSignal } = {}): Promise<SearchOutcome> {
    const request = requestFor(query, [{ root: await this.getRealRoot(), prefix: '' }]);
    return searchFiles(request, { signal: options.signal, timeLimitMs: query.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS, workerScript: this.options.searchWorker });
  }

  /**
   * Writes every change or none. Each update/delete is checked against the file's current text first
   * (stale-copy protection); files are written through a temporary file and renamed, and restored on failure.
   */
  async applyChanges(changes: FileChange[]): Promise<void> {
    const plan: Array<{ abs: string; before: Buffer | undefined; after: string | undefined }> = [];
    for (const change of changes) {
      const abs = await this.resolve(change.path);
      const before = await readIfExists(abs);
      if (change.kind === 'add') {
        if (before !== undefined) {
          throw new MiniCoderError({ kind: 'tool', message: `${change.path} already exists; edit it with a patch instead of adding it.` });
        }
        plan.push({ abs, before, after: change.newText });
        continue;
      }
      if (before === undefined) throw notFound(change.path);
      if (before.toString('utf8') !== change.oldText) {
        throw new MiniCoderError({
          kind: 'tool',
          message: `${change.path} changed since the edit was computed; nothing was written. Read it again and redo the edit.`,
        });
      }
      if (change.kind === 'delete') {
        plan.push({ abs, before, after: undefined });
      } else if (change.moveTo !== undefined && change.moveTo !== change.path) {
        const target = await this.resolve(change.moveTo);
        if ((await readIfExists(target)) !== undefined) {
          throw new MiniCoderError({ kind: 'tool', message: `Cannot move ${change.path} to ${change.moveTo}: the target exists.` });
        }
        plan.push({ abs, before, after: undefined });
        plan.push({ abs: target, before: undefined, after: change.newText });
      } else {
        plan.push({ abs, before, after: change.newText });
      }
    }
    const done: typeof plan = [];
    try {
      for (const step of plan) {
        await writeOrRemove(step.abs, step.after);
        done.push(step);
      }
    } catch (err) {
      for (const step of done.reverse()) {
        await writeOrRemove(step.abs, step.before).catch(() => undefined);
      }
      throw new MiniCoderError({ kind: 'tool', message: `Writing failed, every file was restored: ${(err as Error).message}` });
    }
  }

  private async getRealRoot(): Promise<string> {
    if (!this.realRoot) {
      try {
        this.realRoot = await fs.realpath(this.rootLabel);
      } catch {
        throw new MiniCoderError({ kind: 'tool', message: `The workspace folder ${this.rootLabel} does not exist.` });
      }
    }
    return this.realRoot;
  }
}

async function readIfExists(abs: string): Promise<Buffer | undefined> {
  try {
    return await fs.readFile(abs);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function writeOrRemove(abs: string, content: string | Buffer | undefined): Promise<void> {
  if (content === undefined) {
    await fs.rm(abs, { force: true });
    return;
  }
  await fs.mkdir(path.dirname(abs), { recursive: true });
  const tmp = `${abs}.mini-coder-${process.pid}-${Date.now()}.tmp`;
  await fs.writeFile(tmp, content);
  await fs.rename(tmp, abs);
}

function outside(relPath: string): MiniCoderError {
  return new MiniCoderError({ kind: 'tool', message: `${relPath} is outside the workspace; only files inside it can be used.` });
}

function notFound(relPath: string, err?: unknown): MiniCoderError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const what = code === 'EISDIR' ? 'is a folder, not a file' : 'does not exist';
  return new MiniCoderError({ kind: 'tool', message: `${relPath} ${what}.` });
}

