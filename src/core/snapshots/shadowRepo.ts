// Snapshots of a workspace folder in a git repository of Mini Coder's own (in the extension's or the CLI's
// storage), driven by the system `git` with the workspace as its work tree. The user's own repository, history,
// index and config are never touched: the shadow repository has its own git dir and index, ignores the user's
// global and system git config, and overrides every attribute that could convert or filter file content, so a
// snapshot restores files byte for byte. Git's index makes a snapshot of an unchanged 100,000-file tree cheap.
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { MiniCoderError } from '../errors';

/** Files larger than this are not snapshotted (and a change to one is reported as not covered). */
export const DEFAULT_MAX_SNAPSHOT_FILE_BYTES = 5 * 1024 * 1024;

/**
 * Paths never snapshotted, besides what the workspace's .gitignore files ignore: dependency and build caches a
 * command rebuilds (and that would make snapshots slow and large).
 */
export const SNAPSHOT_EXCLUDES: readonly string[] = ['node_modules/', '.venv/', 'venv/', '__pycache__/', '.tox/', '.gradle/', '.mypy_cache/', '.pytest_cache/', '.next/', '.turbo/', '.cache/'];

/** A file left out of a snapshot, with the reason. */
export interface LeftOut {
  path: string;
  reason: 'large' | 'nested repository' | 'not a regular file';
  size?: number;
  mtimeMs?: number;
}

export interface Snapshot {
  /** The git tree id of the snapshot. */
  tree: string;
  leftOut: LeftOut[];
}

/** A path that differs between two snapshots. */
export interface TreeChange {
  path: string;
  /** A: added, D: deleted, M: modified, T: changed type (file ↔ link). */
  status: 'A' | 'D' | 'M' | 'T';
}

export class ShadowRepo {
  private ready: Promise<void> | undefined;

  constructor(
    readonly gitDir: string,
    readonly workTree: string,
    private readonly maxFileBytes = DEFAULT_MAX_SNAPSHOT_FILE_BYTES,
  ) {}

  /** Records the work tree as it is now (files the last snapshot saw are re-read only when their stat changed). */
  async snapshot(): Promise<Snapshot> {
    await this.init();
    try {
      return await this.snapshotOnce();
    } catch {
      // A file a running command created or removed between git's status and its add: look again.
      return this.snapshotOnce();
    }
  }

  private async snapshotOnce(): Promise<Snapshot> {
    const status = await this.git(['status', '--porcelain=v1', '-z', '--untracked-files=all', '--ignore-submodules=all', '--no-renames']);
    const leftOut: LeftOut[] = [];
    const add: string[] = [];
    const drop: string[] = [];
    const entries = status.split('\0').filter((e) => e.length > 3);
    for (let i = 0; i < entries.length; i += 256) {
      await Promise.all(
        entries.slice(i, i + 256).map(async (entry) => {
          const file = entry.slice(3);
          if (file.endsWith('/')) {
            leftOut.push({ path: file.slice(0, -1), reason: 'nested repository' });
            return;
          }
          const stat = await fs.lstat(path.join(this.workTree, file)).catch(() => undefined);
          if (!stat) {
            add.push(file);
            return;
          }
          if (!stat.isFile() && !stat.isSymbolicLink()) {
            leftOut.push({ path: file, reason: 'not a regular file' });
            drop.push(file);
          } else if (stat.size > this.maxFileBytes) {
            leftOut.push({ path: file, reason: 'large', size: stat.size, mtimeMs: stat.mtimeMs });
            drop.push(file);
          } else add.push(file);
        }),
      );
    }
    if (add.length > 0) await this.git(['add', '-A', '--pathspec-from-file=-', '--pathspec-file-nul'], add.join('\0'));
    if (drop.length > 0) await this.git(['rm', '-q', '--cached', '--ignore-unmatch', '--pathspec-from-file=-', '--pathspec-file-nul'], drop.join('\0'));
    const tree = (await this.git(['write-tree'])).trim();
    return { tree, leftOut: leftOut.sort((a, b) => (a.path < b.path ? -1 : 1)) };
  }

  /** Keeps a tree from garbage collection under a name (`turns/<id>/before`). */
  async keep(name: string, tree: string): Promise<void> {
    await this.git(['update-ref', `refs/mini-coder/${name}`, tree]);
  }

  /** Lets kept trees go (an old turn's). */
  async release(prefix: string): Promise<void> {
    const refs = await this.git(['for-each-ref', '--format=%(refname)', `refs/mini-coder/${prefix}`]);
    for (const ref of refs.split('\n').filter(Boolean)) await this.git(['update-ref', '-d', ref]);
  }

  /** Paths that differ between two snapshots. */
  async changes(from: string, to: string): Promise<TreeChange[]> {
    if (from === to) return [];
    const out = await this.git(['diff-tree', '-r', '-z', '--no-renames', '--name-status', from, to]);
    const parts = out.split('\0').filter((p) => p !== '');
    const changes: TreeChange[] = [];
    for (let i = 0; i + 1 < parts.length; i += 2) changes.push({ status: parts[i][0] as TreeChange['status'], path: parts[i + 1] });
    return changes;
  }

  /**
   * Undoes changes between `tree` and a later snapshot: a file the later one added is deleted, every other one is
   * written back as it is in `tree`.
   */
  async restore(tree: string, changes: readonly TreeChange[]): Promise<void> {
    const remove = changes.filter((c) => c.status === 'A').map((c) => c.path);
    const write = changes.filter((c) => c.status !== 'A').map((c) => c.path);
    for (const file of remove) {
      const abs = path.join(this.workTree, file);
      await fs.rm(abs, { force: true });
      await removeEmptyParents(path.dirname(abs), this.workTree);
    }
    if (remove.length > 0) await this.git(['rm', '-q', '--cached', '--ignore-unmatch', '--pathspec-from-file=-', '--pathspec-file-nul'], remove.join('\0'));
    if (write.length > 0) {
      // A file may have become a folder (or the reverse) since: clear the way first.
      for (const file of write) await clearWay(this.workTree, file);
      await this.git(['checkout', tree, '--pathspec-from-file=-', '--pathspec-file-nul'], write.join('\0'));
    }
  }

  private init(): Promise<void> {
    this.ready ??= (async () => {
      await fs.mkdir(this.gitDir, { recursive: true });
      const head = await fs.stat(path.join(this.gitDir, 'HEAD')).catch(() => undefined);
      if (!head) await this.git(['init', '-q']);
      await fs.mkdir(path.join(this.gitDir, 'info'), { recursive: true });
      // Content is stored and restored as bytes: no line-ending conversion, no filters, no re-encoding.
      await fs.writeFile(path.join(this.gitDir, 'info', 'attributes'), '* -text -eol -ident -filter -working-tree-encoding -diff -merge\n');
      await fs.writeFile(path.join(this.gitDir, 'info', 'exclude'), `${SNAPSHOT_EXCLUDES.join('\n')}\n`);
    })();
    return this.ready;
  }

  /** Runs git on the shadow repository; rejects with git's message. */
  private git(args: string[], input?: string): Promise<string> {
    return runGit(['--git-dir', this.gitDir, '--work-tree', this.workTree, ...SAFE_CONFIG, ...args], this.workTree, args[0], input);
  }
}

// Nothing in the workspace or the user's config may make these git commands run anything or transform content.
const SAFE_CONFIG = [
  '-c', 'core.autocrlf=false',
  '-c', 'core.safecrlf=false',
  '-c', 'core.fsmonitor=false',
  '-c', 'core.hooksPath=/dev/null',
  '-c', 'core.quotepath=false',
  '-c', 'core.symlinks=true',
  '-c', 'core.untrackedCache=true',
  '-c', 'core.preloadIndex=true',
  '-c', 'core.longpaths=true',
  '-c', 'gc.auto=0',
  '-c', 'advice.addEmbeddedRepo=false',
  '-c', 'status.showUntrackedFiles=all',
  '-c', 'user.name=Mini Coder',
  '-c', 'user.email=mini-coder@localhost',
];

function runGit(args: string[], cwd: string, label: string, input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0', GIT_LITERAL_PATHSPECS: '1', LC_ALL: 'C' };
    for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_CEILING_DIRECTORIES', 'GIT_CONFIG', 'GIT_CONFIG_PARAMETERS', 'GIT_CONFIG_COUNT', 'GIT_EXTERNAL_DIFF']) delete env[name];
    const child = spawn('git', args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => reject(new MiniCoderError({ kind: 'tool', message: `git could not be run (${e.message}); checkpoints need git installed.` })));
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new MiniCoderError({ kind: 'tool', message: `git ${label} failed: ${Buffer.concat(err).toString('utf8').trim().split('\n').slice(-3).join(' ')}` }));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

async function removeEmptyParents(dir: string, root: string): Promise<void> {
  for (let current = dir; current.startsWith(root + path.sep); current = path.dirname(current)) {
    const ok = await fs.rmdir(current).then(() => true, () => false);
    if (!ok) return;
  }
}

/** Removes whatever stands where a file must go back: a folder at its path, or a file where a parent folder must be. */
async function clearWay(root: string, file: string): Promise<void> {
  const abs = path.join(root, file);
  const stat = await fs.lstat(abs).catch(() => undefined);
  if (stat?.isDirectory()) await fs.rm(abs, { recursive: true, force: true });
  const parts = file.split('/');
  for (let i = 1; i < parts.length; i++) {
    const parent = path.join(root, ...parts.slice(0, i));
    const s = await fs.lstat(parent).catch(() => undefined);
    if (s && !s.isDirectory()) await fs.rm(parent, { force: true });
  }
}
