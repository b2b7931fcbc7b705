// Opening a workspace file so that what is read is what was checked: the file is opened first, then the real
// path of the open descriptor is checked against the workspace root (no window between the check and the use in
// which a file could be swapped for a link to somewhere else), and only regular files are read (a FIFO would
// block for ever, a device would be read until memory ran out, a socket cannot be read at all).
import { constants, promises as fs, type Stats } from 'node:fs';
import * as path from 'node:path';
import { MiniCoderError } from '../errors';

/** Longest path accepted from the model, and longest single name (the limits of common file systems). */
export const MAX_PATH_CHARS = 4096;
export const MAX_NAME_CHARS = 255;

export interface OpenedFile {
  handle: fs.FileHandle;
  /** The absolute real path of the open file. */
  realPath: string;
  stats: Stats;
}

/** Refuses a path the model gave that no file system would take (too long, a name too long, a NUL). */
export function checkPathShape(given: string): void {
  if (given.length > MAX_PATH_CHARS) {
    throw new MiniCoderError({ kind: 'tool', message: `The path is ${given.length.toLocaleString('en-US')} characters long; paths longer than ${MAX_PATH_CHARS} are refused.` });
  }
  if (given.includes('\0')) throw new MiniCoderError({ kind: 'tool', message: 'The path contains a NUL character; it was refused.' });
  for (const name of given.split(/[\\/]/)) {
    if (name.length > MAX_NAME_CHARS) {
      throw new MiniCoderError({ kind: 'tool', message: `A name in the path is ${name.length} characters long; names longer than ${MAX_NAME_CHARS} are refused.` });
    }
  }
}

/**
 * Opens `absPath` for reading if it is a regular file whose real path lies inside `realRoot`; refuses FIFOs,
 * devices, sockets, folders and anything outside. `display` is the path as the model gave it, for messages.
 */
export async function openRegularFile(realRoot: string, absPath: string, display: string): Promise<OpenedFile> {
  let handle: fs.FileHandle;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; O_NOCTTY: a terminal device must not become ours.
    handle = await fs.open(absPath, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0));
  } catch (err) {
    throw openError(display, err);
  }
  try {
    const stats = await handle.stat();
    const kind = specialKind(stats);
    if (kind) throw new MiniCoderError({ kind: 'tool', message: `${display} is ${kind}, not a regular file; only regular files are read.` });
    const realPath = await realPathOfHandle(handle, absPath, stats);
    if (!isInside(realRoot, realPath)) {
      throw new MiniCoderError({ kind: 'tool', message: `${display} is outside the workspace; only files inside it can be used.` });
    }
    return { handle, realPath, stats };
  } catch (err) {
    await handle.close().catch(() => undefined);
    throw err;
  }
}

/** Reads an open file whole, refusing it when it is larger than `maxBytes`. */
export async function readWhole(opened: OpenedFile, display: string, maxBytes: number): Promise<Buffer> {
  if (opened.stats.size > maxBytes) {
    throw new MiniCoderError({
      kind: 'tool',
      message: `${display} is ${formatBytes(opened.stats.size)}, more than the ${formatBytes(maxBytes)} that can be read whole; read it a page at a time with read_file.`,
    });
  }
  const bytes = await opened.handle.readFile();
  // The file may have grown since it was measured.
  if (bytes.length > maxBytes) throw new MiniCoderError({ kind: 'tool', message: `${display} grew beyond ${formatBytes(maxBytes)} while it was read.` });
  return bytes;
}

/** Whether `p` is `root` or lies under it (both absolute and real). */
export function isInside(root: string, p: string): boolean {
  if (p === root) return true;
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  return p.startsWith(prefix);
}

/** What a non-regular file is, in words, or undefined for a regular file. */
export function specialKind(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'a special file';
}

export function formatBytes(n: number): string {
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(n >= 10 << 20 ? 0 : 1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}

async function realPathOfHandle(handle: fs.FileHandle, absPath: string, stats: Stats): Promise<string> {
  if (process.platform === 'linux') {
    // The kernel's name for the open descriptor: where the bytes really come from, whatever the path said.
    try {
      return await fs.readlink(`/proc/self/fd/${handle.fd}`);
    } catch {
      // /proc not mounted: fall through to the portable check.
    }
  }
  const real = await fs.realpath(absPath);
  const now = await fs.stat(real);
  if (now.ino !== stats.ino || now.dev !== stats.dev) {
    throw new MiniCoderError({ kind: 'tool', message: `${absPath} changed while it was opened; try again.` });
  }
  return real;
}

function openError(display: string, err: unknown): MiniCoderError {
  const code = (err as NodeJS.ErrnoException).code;
  const what =
    code === 'ENOENT' || code === 'ENOTDIR'
      ? 'does not exist'
      : code === 'EISDIR'
        ? 'is a folder, not a file'
        : code === 'ENXIO'
          ? 'is a socket or a device without a reader, not a regular file'
          : code === 'EACCES' || code === 'EPERM'
            ? 'cannot be read (permission denied)'
            : code === 'ELOOP'
              ? 'is a link that loops'
              : code === 'ENAMETOOLONG'
                ? 'is too long a path'
                : `cannot be opened (${code ?? 'error'})`;
  return new MiniCoderError({ kind: 'tool', message: `${display} ${what}.` });
}

/**
 * A small configuration file (.gitignore, .gitattributes) as text, or undefined when it is missing, not a regular
 * file (a FIFO named .gitignore must not stall a listing) or larger than `maxBytes`.
 */
export async function readSmallTextFile(absPath: string, maxBytes = 1024 * 1024): Promise<string | undefined> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(absPath, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0));
  } catch {
    return undefined;
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile() || stats.size > maxBytes) return undefined;
    const bytes = await handle.readFile();
    return bytes.length > maxBytes ? undefined : bytes.toString('utf8');
  } catch {
    return undefined;
  } finally {
    await handle.close().catch(() => undefined);
  }
}
