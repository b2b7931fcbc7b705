// Writing a reviewed edit to disk: every change or none, each file in the encoding it had (bytes outside the
// changed lines stay as they were), with its permission bits, through a temporary file renamed over the old one
// inside a folder whose real path was checked on an open descriptor (no window in which a folder can be swapped
// for a link), and only when the file still holds the text the edit was computed on.
import { randomBytes } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { MiniCoderError } from '../errors';
import type { FileChange } from '../workspace';
import { readTextFile, type FileOnDisk } from './readFile';
import { isInside } from './safeOpen';
import { encodeText } from './textEncoding';

/** One file operation of a planned edit. `target` is a real absolute path inside the workspace folder `root`. */
export type WriteStep = { root: string; target: string; display: string } & (
  | { kind: 'create'; bytes: Buffer; mode?: number }
  | { kind: 'replace'; bytes: Buffer; mode: number; before: Buffer }
  | { kind: 'remove'; before: Buffer; mode: number }
);

/**
 * Plans the file operations of an edit: each update/delete is checked against the file's current text
 * (stale-copy protection) and re-encoded in the file's own encoding with its mode; two changes that name one
 * real file (through `..` or a link) are refused rather than one silently overwriting the other.
 */
export async function planWrites(changes: readonly FileChange[], locate: (path: string) => Promise<FileOnDisk>): Promise<WriteStep[]> {
  const steps: WriteStep[] = [];
  const touched = new Map<string, string>();
  const claim = (abs: string, given: string) => {
    const earlier = touched.get(abs);
    if (earlier !== undefined) {
      throw new MiniCoderError({ kind: 'tool', message: `${given} and ${earlier} are the same file; put all of its changes in one section. Nothing was written.` });
    }
    touched.set(abs, given);
  };
  const fresh = async (given: string) => {
    const file = await locate(given);
    claim(file.absPath, given);
    if (await existsNoFollow(file.absPath)) {
      throw new MiniCoderError({ kind: 'tool', message: `${given} already exists; nothing was written. Change an existing file with a patch instead of adding it.` });
    }
    return file;
  };
  for (const change of changes) {
    if (change.kind === 'add') {
      const file = await fresh(change.path);
      steps.push({ kind: 'create', root: file.realRoot, target: file.absPath, bytes: encodeText(change.newText, 'utf8'), display: change.path });
      continue;
    }
    const file = await locate(change.path);
    const current = await readTextFile(file);
    const target = path.join(file.realRoot, path.relative(file.realRoot, current.realAbs));
    claim(target, change.path);
    if (current.text !== change.oldText) {
      throw new MiniCoderError({ kind: 'tool', message: `${change.path} changed since the edit was computed; nothing was written. Read it again and redo the edit.` });
    }
    const before = current.bytes;
    const base = { root: file.realRoot, target, display: change.path };
    if (change.kind === 'delete') {
      steps.push({ ...base, kind: 'remove', before, mode: current.mode });
    } else if (change.moveTo !== undefined && path.posix.normalize(change.moveTo) !== path.posix.normalize(change.path)) {
      const moved = await fresh(change.moveTo);
      steps.push({ ...base, kind: 'remove', before, mode: current.mode });
      steps.push({ kind: 'create', root: moved.realRoot, target: moved.absPath, bytes: encodeText(change.newText, current.encoding, change.moveTo), mode: current.mode & 0o7777, display: change.moveTo });
    } else {
      steps.push({ ...base, kind: 'replace', bytes: encodeText(change.newText, current.encoding, change.path), mode: current.mode, before });
    }
  }
  return steps;
}

/** Runs the steps in order; when one fails, puts back what the earlier ones changed and throws. */
export async function runWriteSteps(steps: readonly WriteStep[]): Promise<void> {
  const done: WriteStep[] = [];
  try {
    for (const step of steps) {
      await runStep(step);
      done.push(step);
    }
  } catch (err) {
    for (const step of done.reverse()) await undoStep(step).catch(() => undefined);
    const message = err instanceof MiniCoderError ? err.message : (err as Error).message;
    throw new MiniCoderError({ kind: 'tool', message: `Writing failed, every file was restored: ${message}` });
  }
}

async function runStep(step: WriteStep): Promise<void> {
  const realRoot = step.root;
  switch (step.kind) {
    case 'create':
      await fs.mkdir(path.dirname(step.target), { recursive: true });
      return inFolder(realRoot, step.target, async (dir, name) => {
        // O_EXCL: a file (or a link) that appeared meanwhile is never overwritten.
        await fs.writeFile(path.join(dir, name), step.bytes, { flag: 'wx', mode: step.mode ?? 0o666 });
      });
    case 'replace':
      return inFolder(realRoot, step.target, (dir, name) => replaceFile(dir, name, step.bytes, step.mode));
    case 'remove':
      return inFolder(realRoot, step.target, (dir, name) => fs.unlink(path.join(dir, name)));
  }
}

async function undoStep(step: WriteStep): Promise<void> {
  const realRoot = step.root;
  switch (step.kind) {
    case 'create':
      return inFolder(realRoot, step.target, (dir, name) => fs.unlink(path.join(dir, name)));
    case 'replace':
      return inFolder(realRoot, step.target, (dir, name) => replaceFile(dir, name, step.before, step.mode));
    case 'remove':
      return inFolder(realRoot, step.target, (dir, name) => fs.writeFile(path.join(dir, name), step.before, { flag: 'wx', mode: step.mode }));
  }
}

/** Whether anything (a file, a folder, a link even if dangling) is at this path. */
async function existsNoFollow(abs: string): Promise<boolean> {
  try {
    await fs.lstat(abs);
    return true;
  } catch {
    return false;
  }
}

async function replaceFile(dir: string, name: string, bytes: Buffer, mode: number): Promise<void> {
  const tmp = path.join(dir, `.${name.slice(0, 200)}.mini-coder-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  const handle = await fs.open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    await handle.writeFile(bytes);
    // The new file takes the old one's permission bits (an executable script stays executable).
    await handle.chmod(mode & 0o7777);
  } catch (err) {
    await handle.close().catch(() => undefined);
    await fs.unlink(tmp).catch(() => undefined);
    throw err;
  }
  await handle.close();
  try {
    await fs.rename(tmp, path.join(dir, name));
  } catch (err) {
    await fs.unlink(tmp).catch(() => undefined);
    throw err;
  }
}

/**
 * Runs `use` with a path to the target's folder that cannot be redirected: on Linux the folder is opened and used
 * through its descriptor (`/proc/self/fd/N`), after checking the descriptor's real path is inside the workspace.
 */
async function inFolder<T>(realRoot: string, target: string, use: (dir: string, name: string) => Promise<T>): Promise<T> {
  const folder = path.dirname(target);
  const name = path.basename(target);
  if (process.platform !== 'linux') {
    const real = await fs.realpath(folder);
    if (!isInside(realRoot, real)) throw outside(target);
    return use(real, name);
  }
  const handle = await fs.open(folder, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    const real = await fs.readlink(`/proc/self/fd/${handle.fd}`);
    if (!isInside(realRoot, real)) throw outside(target);
    return await use(`/proc/self/fd/${handle.fd}`, name);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

function outside(target: string): MiniCoderError {
  return new MiniCoderError({ kind: 'tool', message: `${target} is outside the workspace; nothing was written.` });
}
