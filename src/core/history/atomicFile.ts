import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** Suffix of the temporary files a write goes through; a leftover one means a write was interrupted. */
export const TEMP_SUFFIX = '.tmp';

/** How the bytes of a temporary file reach the disk; replaceable so tests can interrupt a write. */
export type WriteBytes = (file: string, text: string) => Promise<void>;

/** Writes and flushes a file, so the rename that follows never exposes half-written content. */
export const writeAndSync: WriteBytes = async (file, text) => {
  const handle = await fs.open(file, 'w');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
};

/**
 * Replaces `file` with `text` all at once: the text goes to a temporary file beside it, which is then
 * renamed over the target. A reader sees the old content or the new, never a mix; a failed write leaves
 * the old file as it was and removes the temporary one.
 */
export async function writeFileAtomically(file: string, text: string, writeBytes: WriteBytes = writeAndSync): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`;
  try {
    await writeBytes(temp, text);
    await renameWithRetry(temp, file);
  } catch (err) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw err;
  }
}

// On Windows a rename over a file another process holds open (a virus scanner, a second window) fails
// for a moment with EPERM/EBUSY; a few short retries ride that out.
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await fs.rename(from, to);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (attempt >= 4 || (code !== 'EPERM' && code !== 'EBUSY' && code !== 'EACCES')) throw err;
      await new Promise((resolve) => setTimeout(resolve, 20 * (attempt + 1)));
    }
  }
}
