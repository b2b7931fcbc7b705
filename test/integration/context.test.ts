import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeTempTree } from '../support/tempTree';

const repo = path.resolve(__dirname, '..', '..');
const SECRET = 'sk-live-abcdef0123456789';

/** Runs `mini-coder` from the sources (through tsx) in a new process. */
function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(repo, 'src', 'cli.ts'), ...args], { cwd: repo, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('mini-coder context', function () {
  this.timeout(60_000);
  let root: string;
  before(async () => {
    const big = Array.from({ length: 3000 }, (_, i) => `export const value${i} = ${i}; // a long enough line to cost tokens`).join('\n');
    root = await writeTempTree({
      '.gitignore': 'dist/\n',
      '.env': `OPENAI_API_KEY=${SECRET}\n`,
      'src/app.ts': 'export function app(): number {\n  return 42;\n}\n',
      'src/big.ts': `${big}\n`,
      'dist/out.js': 'ignored',
    });
  });
  after(() => fs.rm(root, { recursive: true, force: true }));

  it('prints each item with its tokens, what was cut or refused, and the total', () => {
    const r = cli(['context', '--workspace', root, '--file', 'src/app.ts', '--selection', '2-2', '--mention', 'src/big.ts', '--mention', '.env', '--budget', '3000']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Context for .* \(budget 3,000 tokens, o200k_base\)/);
    assert.match(r.stdout, /\d+ +stable +src\/big\.ts \[cut\] {2}\(lines \d+-3000 of 3000 left out\)/);
    assert.match(r.stdout, /- +not sent +\.env {2}\(looks like a secret/);
    assert.match(r.stdout, /message +Selection src\/app\.ts:2-2/);
    assert.match(r.stdout, /Total [\d,]+ of 3,000 tokens \(stable [\d,]+, message [\d,]+\); 1 cut, 1 not sent\./);
    assert.ok(!r.stdout.includes('dist/'), 'ignored folders are not in the outline');
    assert.ok(!r.stdout.includes(SECRET));
  });

  it('prints JSON with the exact text that would be sent, within the budget', () => {
    const r = cli(['context', '--workspace', root, '--file', 'src/app.ts', '--mention', 'src/big.ts', '--mention', '.env', '--budget', '2000', '--json']);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { report: { totalTokens: number; budgetTokens: number; items: Array<{ id: string; placement: string }> }; items: Array<{ content: string }>; volatileText: string };
    assert.ok(out.report.totalTokens <= 2000);
    assert.equal(out.report.budgetTokens, 2000);
    assert.deepEqual(out.items.map((i) => i.content.split('\n')[0]), ['<workspace-outline>', '<file path="src/big.ts">', '<file path="src/app.ts">']);
    assert.equal(out.report.items.find((i) => i.id === 'file:.env')!.placement, 'none');
    assert.ok(!r.stdout.includes(SECRET));
  });

  it('sends a secret file the user allowed by name', () => {
    const r = cli(['context', '--workspace', root, '--mention', '.env', '--allow', '.env', '--budget', '1000', '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.stdout.includes(SECRET));
  });

  it('refuses a malformed selection with a usage error (exit 2)', () => {
    const r = cli(['context', '--workspace', root, '--file', 'src/app.ts', '--selection', '9-2']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--selection must look like 10-20/);
  });

  it('fails with a message when the workspace is not a folder (exit 1)', () => {
    const r = cli(['context', '--workspace', path.join(root, 'nope')]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /is not a folder/);
  });

  it('does not load the tokenizer tables until something is counted', () => {
    const probe = `require(${JSON.stringify(path.join(repo, 'src/core/context/index.ts'))});` + "process.stdout.write(String(Object.keys(require.cache).some((k) => k.includes('gpt-tokenizer'))));";
    const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', probe], { cwd: repo, encoding: 'utf8' });
    assert.equal(r.stdout, 'false', r.stderr);
  });
});
