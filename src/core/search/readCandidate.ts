// Reading one file the search may look at, so that nothing it meets can block or flood the worker: the last
// name is opened without following a link, without waiting (a FIFO opens at once and is then refused), and only
// a regular file no larger than the limit is read; a path that reaches its file through a linked folder is a
// link too. What is read is what was checked: the kind, size and real path come from the open descriptor.
import { constants, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { looksBinary } from '../fileWalk';
import { SECRET_SNIFF_BYTES } from '../trust/secretFiles';

export type Candidate =
  | { kind: 'text'; text: string; /** the file's first bytes, for the secret filter's content checks */ head: string }
  | { kind: 'skip'; why: 'large' | 'binary' | 'special' | 'links' | 'unreadable' };

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0) | (constants.O_NOCTTY ?? 0);

/** Reads `rel` under the real folder `root` if it is a regular file of at most `maxBytes`, reached without links. */
export async function readCandidate(root: string, rel: string, maxBytes: number): Promise<Candidate> {
  const abs = path.join(root, ...rel.split('/'));
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(abs, OPEN_FLAGS);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // ELOOP: the last name is a link (O_NOFOLLOW). ENXIO: a socket, or a device without a reader.
    return { kind: 'skip', why: code === 'ELOOP' ? 'links' : code === 'ENXIO' ? 'special' : 'unreadable' };
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return { kind: 'skip', why: stats.isDirectory() ? 'unreadable' : 'special' };
    if ((await realPathOf(handle, abs)) !== abs) return { kind: 'skip', why: 'links' };
    if (stats.size > maxBytes) return { kind: 'skip', why: 'large' };
    const bytes = await readUpTo(handle, maxBytes);
    if (bytes === undefined) return { kind: 'skip', why: 'large' };
    if (looksBinary(bytes)) return { kind: 'skip', why: 'binary' };
    return { kind: 'text', text: bytes.toString('utf8'), head: bytes.subarray(0, SECRET_SNIFF_BYTES).toString('utf8') };
  } catch {
    return { kind: 'skip', why: 'unreadable' };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** The whole file, or undefined when it holds more than `maxBytes` (it may have grown since it was opened). */
async function readUpTo(handle: fs.FileHandle, maxBytes: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(1 << 20, maxBytes + 1 - total));
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
    if (bytesRead === 0) return Buffer.concat(chunks, total);
    chunks.push(chunk.subarray(0, bytesRead));
    total += bytesRead;
    if (total > maxBytes) return undefined;
  }
}

/** Where the open descriptor really is: the kernel's name for it on Linux, else the resolved path. */
async function realPathOf(handle: fs.FileHandle, abs: string): Promise<string> {
  if (process.platform === 'linux') {
    try {
      return await fs.readlink(`/proc/self/fd/${handle.fd}`);
    } catch {
      // /proc not mounted: fall through.
    }
  }
  return fs.realpath(abs);
}
