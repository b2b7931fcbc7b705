/**
 * `npm run bench`: runs every bench/*.bench.ts in turn (or those named on the command line) and prints
 * their figures with the machine they ran on, so numbers are never read without their context.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = (await fs.readdir(__dirname)).filter((f) => f.endsWith('.bench.ts')).sort();
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`machine: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()}`);
  let failed = 0;
  for (const file of files) {
    const name = file.replace(/\.bench\.ts$/, '');
    if (only.length > 0 && !only.includes(name)) continue;
    console.log(`\n## ${name}`);
    try {
      const mod = (await import(path.join(__dirname, file))) as { default: () => Promise<void> };
      await mod.default();
    } catch (err) {
      failed++;
      console.log(`FAILED: ${(err as Error).stack ?? err}`);
    }
  }
  if (failed > 0) process.exitCode = 1;
}

void main();
