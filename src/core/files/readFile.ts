// Reading a workspace file on disk through the trust boundary: opened safely (regular files only, real path
// checked on the open descriptor), shown to the guard (the trust policy) with its first bytes before any text
// leaves, then decoded in the file's own encoding, whole or a page at a time.
import { MiniCoderError } from '../errors';
import type { Page, PageRequest, ReadGuard } from '../workspace';
import { pageLines } from './pageLines';
import { openRegularFile, readWhole, type OpenedFile } from './safeOpen';
import { decodeText, looksBinary, streamDecoder, type TextEncodingName } from './textEncoding';
import { SECRET_SNIFF_BYTES } from '../trust/secretFiles';

/** The largest file read whole (to edit it). Larger files can still be read a page at a time. */
export const MAX_WHOLE_FILE_BYTES = 256 * 1024 * 1024;

const CHUNK_BYTES = 1 << 20;

export interface FileOnDisk {
  /** The real absolute root of the workspace folder. */
  realRoot: string;
  /** The absolute path to open. */
  absPath: string;
  /** The path as given, for messages. */
  display: string;
  /** Turns the real absolute path of the opened file into its workspace-relative form. */
  toRelative: (realAbs: string) => string;
}

/** Reads a whole text file, in its own encoding, after the guard allowed it. */
export async function readTextFile(file: FileOnDisk, guard?: ReadGuard, maxBytes = MAX_WHOLE_FILE_BYTES): Promise<{ text: string; bytes: Buffer; encoding: TextEncodingName; mode: number; realPath: string; realAbs: string }> {
  return withOpened(file, guard, async (opened, head) => {
    if (looksBinary(head)) throw binary(file.display);
    const bytes = await readWhole(opened, file.display, maxBytes);
    const { text, encoding } = decodeText(bytes);
    return { text, bytes, encoding, mode: opened.stats.mode, realPath: file.toRelative(opened.realPath), realAbs: opened.realPath };
  });
}

/** Reads one page of a text file without holding the whole file, after the guard allowed it. */
export async function readFilePage(file: FileOnDisk, request: PageRequest, guard?: ReadGuard): Promise<Page> {
  return withOpened(file, guard, async (opened, head) => {
    if (looksBinary(head)) throw binary(file.display);
    const first = head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff));
    const encoding: TextEncodingName = first ? decodeText(head.subarray(0, 2)).encoding : 'utf8';
    try {
      return await pageLines(decodeChunks(opened, encoding), request);
    } catch (err) {
      // Not UTF-8 after all: read it again as windows-1252, which takes every byte as it is.
      if (encoding === 'utf8' && err instanceof TypeError) return pageLines(decodeChunks(opened, 'windows-1252'), request);
      throw err;
    }
  });
}

async function withOpened<T>(file: FileOnDisk, guard: ReadGuard | undefined, use: (opened: OpenedFile, head: Buffer) => Promise<T>): Promise<T> {
  const opened = await openRegularFile(file.realRoot, file.absPath, file.display);
  try {
    const head = Buffer.alloc(Math.min(SECRET_SNIFF_BYTES, Math.max(0, opened.stats.size)));
    const { bytesRead } = await opened.handle.read(head, 0, head.length, 0);
    const headBytes = head.subarray(0, bytesRead);
    if (guard) await guard({ realPath: file.toRelative(opened.realPath), head: headBytes.toString('utf8') });
    return await use(opened, headBytes);
  } finally {
    await opened.handle.close().catch(() => undefined);
  }
}

async function* decodeChunks(opened: OpenedFile, encoding: TextEncodingName): AsyncGenerator<string> {
  const decoder = streamDecoder(encoding);
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let position = 0;
  for (;;) {
    const { bytesRead } = await opened.handle.read(buffer, 0, buffer.length, position);
    if (bytesRead === 0) break;
    position += bytesRead;
    yield decoder.decode(buffer.subarray(0, bytesRead), { stream: true });
  }
  yield decoder.decode();
}

function binary(display: string): MiniCoderError {
  return new MiniCoderError({ kind: 'tool', message: `${display} is a binary file; it cannot be read as text.` });
}

