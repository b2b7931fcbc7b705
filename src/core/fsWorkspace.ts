import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { MiniCoderError } from './errors';
import { looksBinary, walkFiles } from './fileWalk';
import { readFilePage, readTextFile, type FileOnDisk } from './files/readFile';
import { checkPathShape } from './files/safeOpen';
import { planWrites, runWriteSteps } from './files/writeFiles';
import { DEFAULT_TIME_LIMIT_MS, requestFor, searchFiles } from './search/searchFiles';
import type { DirEntry, FileChange, FileStat, Page, PageRequest, ReadGuard, SearchOutcome, SearchQuery, Workspace } from './workspace';

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
    checkPathShape(relPath);
    const root = await this.getRealRoot();
    const candidate = path.isAbsolute(relPath) ? path.resolve(relPath) : path.resolve(root, relPath);
    const inside = (p: string) => p === root || p.startsWith(root + path.sep);
    const viaLabel = path.isAbsolute(relPath) && (candidate === this.rootLabel || candidate.startsWith(this.rootLabel + path.sep));
    const normalized = viaLabel ? path.join(root, path.relative(this.rootLabel, candidate)) : candidate;
    if (!inside(normalized)) throw outside(relPath);
    // Follow the links of the longest existing prefix: a link pointing out of the workspace is refused. A path's
    // prefixes exist up to some length and not beyond, so that length is found by bisection (a deep path costs
    // a few lookups, not one per name).
    const rel = path.relative(root, normalized);
    const names = rel === '' ? [] : rel.split(path.sep);
    const realOf = async (count: number) => fs.realpath(path.join(root, ...names.slice(0, count))).catch(() => undefined);
    let lo = 0;
    let hi = names.length;
    let real: string = root;
    const whole = await realOf(hi);
    if (whole !== undefined) {
      lo = hi;
      real = whole;
    } else {
      while (lo < hi - 1) {
        const mid = (lo + hi) >> 1;
        if ((await realOf(mid)) !== undefined) lo = mid;
        else hi = mid;
      }
      real = (await realOf(lo)) ?? root;
    }
    if (!inside(real)) throw outside(relPath);
    return path.join(real, ...names.slice(lo));
  }

  /** The workspace-relative form of a path given by the model. */
  async relative(relPath: string): Promise<string> {
    return toWorkspacePath(await this.getRealRoot(), await this.resolve(relPath));
  }

  async realPath(relPath: string): Promise<string> {
    return this.relative(relPath);
  }

  async readText(relPath: string, guard?: ReadGuard): Promise<string> {
    return (await readTextFile(await this.onDisk(relPath), guard)).text;
  }

  async readPage(relPath: string, request: PageRequest, guard?: ReadGuard): Promise<Page> {
    return readFilePage(await this.onDisk(relPath), request, guard);
  }

  /** What the file readers need to open a workspace path safely. */
  private async onDisk(relPath: string): Promise<FileOnDisk> {
    const realRoot = await this.getRealRoot();
    return { realRoot, absPath: await this.resolve(relPath), display: relPath, toRelative: (abs) => toWorkspacePath(realRoot, abs) };
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
   * (stale-copy protection) and written back in the file's own encoding and mode; two changes that name one
   * real file (through `..` or a link) are refused rather than one silently overwriting the other.
   */
  async applyChanges(changes: FileChange[]): Promise<void> {
    await runWriteSteps(await planWrites(changes, (p) => this.onDisk(p)));
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

function toWorkspacePath(realRoot: string, abs: string): string {
  return path.relative(realRoot, abs).split(path.sep).join('/');
}

function outside(relPath: string): MiniCoderError {
  return new MiniCoderError({ kind: 'tool', message: `${relPath} is outside the workspace; only files inside it can be used.` });
}


