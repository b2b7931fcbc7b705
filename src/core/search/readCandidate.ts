// Reading one file the search may look at, so that nothing it meets can block or flood the worker: the last
// name is opened without following a link, without waiting (a FIFO opens at once and is then refused), and only
// a regular file no larger than the limit is read; a path that reaches its file through a linked folder is a
// link too. What is read is what was checked: the kind, size and real path come from the open descriptor.
import { closeSync, constants, fstatSync, openSync, readlinkSync, readSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { looksBinary } from '../fileWalk';
import { SECRET_SNIFF_BYTES } from '../trust/secretFiles';

export type Candidate =
  | { kind: 'text'; text: string; /** the file's first bytes, for the secret filter's content checks */ head: string }
  | { kind: 'skip'; why: 'large' | 'binary' | 'special' | 'links' | 'unreadable' };

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0) | (constants.O_NOCTTY ?? 0);

/**
 * Reads `rel` under the real folder `root` if it is a regular file of at most `maxBytes`, reached without links.
 * Synchronous on purpose: it runs on the worker's own thread, where waiting blocks nothing else, and a
 * search reads thousands of small files, for which the thread pool's round trips would cost more than the reads
 * (and would compete with the host's own file operations for the pool's few threads). Nothing here can wait for
 * ever: opening never waits (O_NONBLOCK) and only regular files are read.
 */
export function readCandidate(root: string, rel: string, maxBytes: number): Candidate {
  const abs = path.join(root, ...rel.split('/'));
  let fd: number;
  try {
    fd = openSync(abs, OPEN_FLAGS);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // ELOOP: the last name is a link (O_NOFOLLOW). ENXIO: a socket, or a device without a reader.
    return { kind: 'skip', why: code === 'ELOOP' ? 'links' : code === 'ENXIO' ? 'special' : 'unreadable' };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { kind: 'skip', why: stats.isDirectory() ? 'unreadable' : 'special' };
    if (realPathOf(fd, abs) !== abs) return { kind: 'skip', why: 'links' };
    if (stats.size > maxBytes) return { kind: 'skip', why: 'large' };
    const bytes = readUpTo(fd, stats.size, maxBytes);
    if (bytes === undefined) return { kind: 'skip', why: 'large' };
    if (looksBinary(bytes)) return { kind: 'skip', why: 'binary' };
    return { kind: 'text', text: bytes.toString('utf8'), head: bytes.subarray(0, SECRET_SNIFF_BYTES).toString('utf8') };
  } catch {
    return { kind: 'skip', why: 'unreadable' };
  } finally {
    closeSync(fd);
  }
}

/** The whole file, or undefined when it holds more than `maxBytes` (it may have grown since it was opened). */
function readUpTo(fd: number, expected: number, maxBytes: number): Buffer | undefined {
  // One byte more than expected, so that growth shows up without a second read in the usual case.
  let buffer = Buffer.allocUnsafe(Math.min(expected, maxBytes) + 1);
  let total = 0;
  for (;;) {
    if (total === buffer.length) {
      if (total > maxBytes) return undefined;
      const bigger = Buffer.allocUnsafe(Math.min(buffer.length * 2, maxBytes + 1));
      buffer.copy(bigger, 0, 0, total);
      buffer = bigger;
    }
    const bytesRead = readSync(fd, buffer, total, buffer.length - total, null);
    if (bytesRead === 0) return buffer.subarray(0, total);
    total += bytesRead;
  }
}

/** Where the open descriptor really is: the kernel's name for it on Linux, else the resolved path. */
function realPathOf(fd: number, abs: string): string {
  if (process.platform === 'linux') {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      // /proc not mounted: fall through.
    }
  }
  return realpathSync(abs);
}
