import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

/** CLI start-up: `mini-coder --version`, the bundle loaded cold by a new Node process each time. */
export default async function run(): Promise<void> {
  const cli = path.resolve(__dirname, '..', 'dist', 'cli.js');
  const runs = 20;
  const times: number[] = [];
  // Plain `node -e ""` is the floor no CLI can beat; the difference is ours.
  const floor: number[] = [];
  for (let i = 0; i < runs; i++) {
    floor.push(time(() => spawnSync(process.execPath, ['-e', ''])));
    times.push(time(() => {
      const r = spawnSync(process.execPath, [cli, '--version'], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`--version failed: ${r.stderr}`);
    }));
  }
  const med = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`cli --version start-up: ${med(times).toFixed(1)} ms median of ${runs} (node with an empty script: ${med(floor).toFixed(1)} ms; ours adds ${(med(times) - med(floor)).toFixed(1)} ms)`);
}

function time(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}
