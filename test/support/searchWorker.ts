// The search worker bundled from the current source, once per test process: under tsx a worker would transform
// re2js and the search modules again on every start (over a second each); the bundle starts in tens of ms.
// Tests that need the tsx path itself pass no script (see searchFiles.defaultWorkerScript).
import { rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';

let built: string | undefined;

/** Path of a worker bundle built from src/core/search/searchWorker.ts as it is now. */
export function searchWorkerScript(): string {
  if (!built) {
    const outfile = path.join(os.tmpdir(), `mini-coder-search-worker-${process.pid}.js`);
    buildSync({
      entryPoints: [path.resolve(__dirname, '..', '..', 'src', 'core', 'search', 'searchWorker.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      logLevel: 'warning',
    });
    process.once('exit', () => rmSync(outfile, { force: true }));
    built = outfile;
  }
  return built;
}
