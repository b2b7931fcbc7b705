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
  /** Its git mode in the earlier snapshot (100644, 100755, 120000 for a link). */
  mode?: string;
  /** Its content's id in the earlier snapshot. */
  blob?: string;
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
    // What changed since the last snapshot: modified and deleted files (git's index keeps every file's stat, so
    // unchanged ones are not read) and files it does not know yet; each is judged by size and type before it is read.
    const listed = await this.git(['ls-files', '-z', '--modified', '--deleted', '--others', '--exclude-standard']);
    const changed = [...new Set(listed.split('\0').filter((p) => p !== ''))];
    const leftOut: LeftOut[] = [];
    const record: string[] = [];
    // Paths under a folder that became a link (or a file) are gone from the tree: never read through the link.
    const gone: string[] = [];
    const folders = new Map<string, Promise<boolean>>();
    for (let i = 0; i < changed.length; i += 256) {
      await Promise.all(
        changed.slice(i, i + 256).map(async (file) => {
          if (file.endsWith('/')) {
            leftOut.push({ path: file.slice(0, -1), reason: 'nested repository' });
            return;
          }
          if (await beyondLink(this.workTree, file, folders)) {
            gone.push(file);
            return;
          }
          const stat = await fs.lstat(path.join(this.workTree, file)).catch(() => undefined);
          if (stat && !stat.isFile() && !stat.isSymbolicLink()) leftOut.push({ path: file, reason: 'not a regular file' });
          else if (stat && stat.size > this.maxFileBytes) leftOut.push({ path: file, reason: 'large', size: stat.size, mtimeMs: stat.mtimeMs });
          else record.push(file);
        }),
      );
    }
    // Exact paths on stdin (no pattern matching, so 10,000 paths cost what 10,000 files do): new and changed files
    // are hashed into the index, deleted ones and left-out ones leave it.
    if (gone.length > 0) await this.git(['update-index', '--force-remove', '-z', '--stdin'], gone.join('\0'));
    // `--replace`: a file that became a folder (or the reverse) replaces the entries it conflicts with.
    if (record.length > 0) await this.git(['update-index', '--add', '--remove', '--replace', '-z', '--stdin'], record.join('\0'));
    if (leftOut.length > 0) await this.git(['update-index', '--force-remove', '-z', '--stdin'], leftOut.map((f) => f.path).join('\0'));
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

  /** Paths that differ between two snapshots, with what each was in the first (mode and blob). */
  async changes(from: string, to: string): Promise<TreeChange[]> {
    if (from === to) return [];
    const out = await this.git(['diff-tree', '-r', '-z', '--no-renames', from, to]);
    const parts = out.split('\0');
    const changes: TreeChange[] = [];
    for (let i = 0; i + 1 < parts.length; i += 2) {
      // `:oldmode newmode oldblob newblob status`, then the path.
      const [oldMode, , oldBlob, , status] = parts[i].slice(1).split(' ');
      if (!status) continue;
      changes.push({ status: status[0] as TreeChange['status'], path: parts[i + 1], mode: oldMode, blob: oldBlob });
    }
    return changes;
  }

  /**
   * Undoes changes between an earlier snapshot and a later one: a file the later one added is deleted, every other
   * one is written back from the earlier snapshot (content, exec bit, or link) straight from git's object store.
   */
  async restore(changes: readonly TreeChange[]): Promise<void> {
    const folders = new Map<string, Promise<boolean>>();
    for (const change of changes.filter((c) => c.status === 'A')) {
      const abs = path.join(this.workTree, change.path);
      // Under a folder that became a link, the path names a file elsewhere: not the turn's to remove.
      if (await beyondLink(this.workTree, change.path, folders)) continue;
      await fs.rm(abs, { force: true });
      await removeEmptyParents(path.dirname(abs), this.workTree);
    }
    const back = changes.filter((c) => c.status !== 'A' && c.blob && c.mode !== '160000');
    await this.readBlobs(back.map((c) => c.blob as string), async (index, content) => {
      const change = back[index];
      const abs = path.join(this.workTree, change.path);
      await clearWay(this.workTree, change.path);
      await fs.mkdir(path.dirname(abs), { recursive: true });
      const existing = await fs.lstat(abs).catch(() => undefined);
      if (change.mode === '120000') {
        if (existing) await fs.rm(abs, { force: true });
        await fs.symlink(content.toString('utf8'), abs);
        return;
      }
      if (existing?.isSymbolicLink()) await fs.rm(abs, { force: true });
      await fs.writeFile(abs, content);
      await fs.chmod(abs, change.mode === '100755' ? 0o755 : 0o644);
    });
  }

  /** Streams blobs out of the object store (`git cat-file --batch`), handing each over as it arrives, 32 at a time. */
  private readBlobs(ids: readonly string[], each: (index: number, content: Buffer) => Promise<void>): Promise<void> {
    if (ids.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const child = spawn('git', ['--git-dir', this.gitDir, 'cat-file', '--batch'], { env: gitEnvironment(), stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
      let pending = Buffer.alloc(0);
      let received = 0;
      let finished = 0;
      let failure: unknown;
      const fail = (err: unknown) => {
        failure ??= err;
        child.kill();
        reject(err);
      };
      const settle = () => {
        finished++;
        if (received - finished < 16) child.stdout.resume();
        if (finished === ids.length && failure === undefined) resolve();
      };
      child.on('error', fail);
      child.stderr.resume();
      child.stdout.on('data', (chunk: Buffer) => {
        pending = Buffer.concat([pending, chunk]);
        for (;;) {
          const eol = pending.indexOf(0x0a);
          if (eol < 0) return;
          const header = pending.subarray(0, eol).toString('utf8').split(' ');
          if (header[1] === 'missing') return fail(new MiniCoderError({ kind: 'tool', message: `The checkpoint lacks a file's content (${header[0]}).` }));
          const size = Number(header[2]);
          if (pending.length < eol + 1 + size + 1) return;
          const content = Buffer.from(pending.subarray(eol + 1, eol + 1 + size));
          pending = pending.subarray(eol + 1 + size + 1);
          each(received++, content).then(settle, fail);
          if (received === ids.length) child.stdin.end();
          // Writing files is slower than git reads them: hold git back rather than the whole restore in memory.
          if (received - finished >= 32) child.stdout.pause();
        }
      });
      child.stdin.on('error', () => undefined);
      child.stdin.write(`${ids.join('\n')}\n`);
    });
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
    return runGit(['--git-dir', this.gitDir, '--work-tree', this.workTree, ...SAFE_CONFIG, ...args], this.workTree, args.find((a) => !a.startsWith('-') && !a.includes('=')) ?? args[0], input);
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

/** Git's environment without anything from the user's config or a surrounding repository. */
function gitEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0', GIT_LITERAL_PATHSPECS: '1', LC_ALL: 'C' };
  for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_CEILING_DIRECTORIES', 'GIT_CONFIG', 'GIT_CONFIG_PARAMETERS', 'GIT_CONFIG_COUNT', 'GIT_EXTERNAL_DIFF']) delete env[name];
  return env;
}

function runGit(args: string[], cwd: string, label: string, input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env: gitEnvironment(), stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
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

/** Whether a workspace-relative path lies under a folder that is now a link or not a folder (cached per folder). */
async function beyondLink(root: string, file: string, folders: Map<string, Promise<boolean>>): Promise<boolean> {
  const parts = file.split('/');
  for (let i = 1; i < parts.length; i++) {
    const dir = parts.slice(0, i).join('/');
    let real = folders.get(dir);
    if (!real) {
      real = fs.lstat(path.join(root, dir)).then((s) => s.isDirectory(), () => true);
      folders.set(dir, real);
    }
    if (!(await real)) return true;
  }
  return false;
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
