import { execFileSync } from 'node:child_process';
import { createWriteStream, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * A 200 MB, 4,000,000-line file: read_file of a page near its end (streamed: memory stays flat) and a one-line
 * edit through the edit engine and the file-system workspace (the whole text is held, in its own encoding), each
 * in a fresh process, with time and peak memory against a process that only loads the same modules.
 */
export default async function run(): Promise<void> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'mc-bigfile-'));
  try {
    const file = path.join(root, 'big.log');
    const out = createWriteStream(file);
    for (let i = 0; i < 4_000_000; i++) {
      if (!out.write(`line ${i}: the quick brown fox jumps over the lazy dog\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    await new Promise<void>((r) => out.end(() => r()));
    const size = (await fs.stat(file)).size;
    const measure = (what: string) =>
      JSON.parse(execFileSync(process.execPath, ['--require', 'tsx/cjs', path.join(__dirname, 'bigFile', 'scenario.ts'), what, root], { encoding: 'utf8', maxBuffer: 1 << 20 }).trim().split('\n').pop()!) as {
        ms: number;
        maxRssMB: number;
        detail: string;
      };
    const base = measure('baseline');
    const read = measure('read');
    const edit = measure('edit');
    console.log(`file: ${(size / 2 ** 20).toFixed(0)} MB, 4,000,000 lines`);
    console.log(`baseline process (modules loaded): peak ${base.maxRssMB.toFixed(0)} MB`);
    console.log(`read_file page near the end: ${read.ms.toFixed(0)} ms, peak ${read.maxRssMB.toFixed(0)} MB (+${(read.maxRssMB - base.maxRssMB).toFixed(0)} MB) — ${read.detail}`);
    console.log(`one-line edit (read whole, place hunk, write back): ${edit.ms.toFixed(0)} ms, peak ${edit.maxRssMB.toFixed(0)} MB (+${(edit.maxRssMB - base.maxRssMB).toFixed(0)} MB, ${((edit.maxRssMB - base.maxRssMB) / (size / 2 ** 20)).toFixed(1)}× the file)`);
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
}
