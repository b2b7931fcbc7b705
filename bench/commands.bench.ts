// The cost of running commands safely: the sandbox (bubblewrap) per command against a bare spawn, and the
// persistent checkpoint of a turn that touches 1, 100 and 10,000 files of a 100,000-file workspace.
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ProcessLauncher } from '../src/core/commands/processLauncher';
import { runCommand } from '../src/core/commands/runCommand';
import { sandboxAvailable } from '../src/core/commands/sandbox';
import { CheckpointStore } from '../src/core/snapshots/turnCheckpoints';
import { DEFAULT_RULES, TrustPolicy } from '../src/core/trust/policy';

export default async function run(): Promise<void> {
  judgeCost();
  await sandboxOverhead();
  await checkpointCost();
}

/** Approval of hostile command lines at 25 KB and 100 KB: the ratio stays near 4 when the cost is linear in the length. */
export function judgeCost(): void {
  const policy = new TrustPolicy(() => ({ ...DEFAULT_RULES, allowCommands: ['npm test', 'git status', 'ls', 'echo', 'cat'] }));
  const facts = { roots: ['/work/project'], cwd: '/work/project', home: '/home/user', sandboxAvailable: true, posixShell: true };
  const shapes: Record<string, (chars: number) => string> = {
    'chained commands': (n) => 'ls;'.repeat(n / 3),
    'lines of commands': (n) => 'ls\n'.repeat(n / 3),
    'nested $(…)': (n) => `echo ${'$('.repeat(n / 4)}${')'.repeat(n / 4)}`,
    'cd after cd': (n) => 'cd a;'.repeat(n / 5),
    'here-documents': (n) => `cat${' <<A'.repeat(n / 4)}`,
    'backticks': (n) => `echo ${'`'.repeat(n)}`,
    'words': (n) => `echo ${'a '.repeat(n / 2)}`,
  };
  const time = (line: string) => {
    const t0 = performance.now();
    policy.command(line, facts);
    return performance.now() - t0;
  };
  const parts: string[] = [];
  for (const [name, make] of Object.entries(shapes)) {
    const best = (n: number) => Math.min(...[0, 1, 2].map(() => time(make(n))));
    const small = best(25_000);
    const large = best(100_000);
    parts.push(`${name} ${large.toFixed(0)} ms (${(large / Math.max(small, 0.01)).toFixed(1)}× the 25 KB line)`);
  }
  console.log(`judging a 100 KB hostile command line: ${parts.join('; ')}`);
}

async function sandboxOverhead(): Promise<void> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'mc-bench-cmd-'));
  const launcher = new ProcessLauncher();
  const runs = 25;
  const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const sandbox = (await sandboxAvailable()) ? { writable: [root], home: os.homedir() } : undefined;
  for (const command of ['true', `${process.execPath} -e 0`]) {
    const bare: number[] = [];
    const ours: number[] = [];
    const boxed: number[] = [];
    for (let i = 0; i < runs; i++) {
      bare.push(await timed(() => spawnAndWait('/bin/sh', ['-c', command], root)));
      ours.push(await timed(() => runCommand(launcher, { command, cwd: root }, { timeLimitMs: 30_000 })));
      if (sandbox) boxed.push(await timed(() => runCommand(launcher, { command, cwd: root, sandbox }, { timeLimitMs: 30_000 })));
    }
    const b = median(bare);
    const o = median(ours);
    const line = `command \`${command.replace(process.execPath, 'node')}\`: bare spawn ${b.toFixed(1)} ms; run_command ${o.toFixed(1)} ms (${(o / b).toFixed(2)}×: process group, marker sweep, bounded output)`;
    if (!sandbox) console.log(`${line}; sandbox: bubblewrap not usable here`);
    else {
      const s = median(boxed);
      console.log(`${line}; in the sandbox ${s.toFixed(1)} ms (${(s / b).toFixed(2)}× bare, +${(s - o).toFixed(1)} ms over unsandboxed) — median of ${runs}`);
    }
  }
  await fs.rm(root, { recursive: true, force: true });
}

async function checkpointCost(): Promise<void> {
  const files = 100_000;
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'mc-bench-ckpt-'));
  const storage = await fs.mkdtemp(path.join(os.tmpdir(), 'mc-bench-store-'));
  const pathOf = (i: number) => path.join(root, `pkg${Math.floor(i / 1000)}`, `mod${Math.floor(i / 100) % 10}`, `file${i}.ts`);
  const made = Date.now();
  for (let d = 0; d < files / 100; d++) await fs.mkdir(path.dirname(pathOf(d * 100)), { recursive: true });
  for (let i = 0; i < files; i += 500) {
    await Promise.all(Array.from({ length: 500 }, (_, k) => fs.writeFile(pathOf(i + k), `export const value${i + k} = ${i + k};\n`)));
  }
  console.log(`checkpoints: a workspace of ${files.toLocaleString('en-US')} files (${((Date.now() - made) / 1000).toFixed(1)} s to write)`);
  const store = new CheckpointStore(storage, [root]);
  const first = await timed(() => store.begin('warm-up').beforeChange());
  console.log(`  first snapshot (once per workspace: git hashes every file): ${(first / 1000).toFixed(1)} s`);
  const unchanged = store.begin('read-only');
  const idle = await timed(() => unchanged.beforeChange());
  const idleEnd = await timed(() => unchanged.finish());
  console.log(`  a turn that changes nothing: before ${idle.toFixed(0)} ms, after ${idleEnd.toFixed(0)} ms`);
  for (const touched of [1, 100, 10_000]) {
    const turn = store.begin(`touch-${touched}`);
    const before = await timed(() => turn.beforeChange());
    const step = Math.floor(files / touched);
    for (let i = 0; i < touched; i += 500) {
      await Promise.all(Array.from({ length: Math.min(500, touched - i) }, (_, k) => fs.writeFile(pathOf((i + k) * step), `export const changed = ${i + k};\n`)));
    }
    let record: Awaited<ReturnType<typeof turn.finish>>;
    const after = await timed(async () => (record = await turn.finish()));
    const changed = record!.folders[0].changes.length;
    const undo = await timed(() => store.undo(`touch-${touched}`));
    console.log(`  a turn touching ${touched.toLocaleString('en-US')} file${touched === 1 ? '' : 's'}: before ${before.toFixed(0)} ms, after ${after.toFixed(0)} ms (${changed} recorded), undo ${undo.toFixed(0)} ms`);
  }
  const size = await du(storage);
  console.log(`  shadow repository on disk: ${(size / 2 ** 20).toFixed(0)} MB (the workspace's files: ${((await du(root)) / 2 ** 20).toFixed(0)} MB)`);
  await fs.rm(root, { recursive: true, force: true });
  await fs.rm(storage, { recursive: true, force: true });
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function spawnAndWait(file: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdout.resume();
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', () => resolve());
  });
}

function du(dir: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn('du', ['-sb', dir]);
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.on('close', () => resolve(Number(out.split('\t')[0]) || 0));
  });
}
