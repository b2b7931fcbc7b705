// search_text through the real terminal host: `mini-coder ask` against the fake Responses server, which scripts
// the model's tool calls; what the tool answered is read back from the next request the CLI sends.
import * as assert from 'node:assert/strict';
import { promises as fs, linkSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { FakeResponsesServer, textTurn, toolCallTurn } from '../../support/fakeResponsesServer';
import { runCli } from '../../support/runCli';
import { writeTempTree } from '../../support/tempTree';

const KEY = 'test-key-0123456789abcdef0123456789';

describe('mini-coder ask: search_text on hostile workspaces', function () {
  this.timeout(120_000);
  let server: FakeResponsesServer;
  let workspace: string;

  beforeEach(async () => {
    server = await FakeResponsesServer.start({ expectedApiKey: KEY });
    workspace = await writeTempTree({ 'src/a.ts': 'export const needle = 1;\n' }, 'mc-search-cli-');
  });
  afterEach(async () => {
    await server.close();
    await fs.rm(workspace, { recursive: true, force: true });
  });

  /** Runs one scripted search_text call and returns what the tool told the model. */
  async function searchOutput(args: Record<string, unknown>, options: Parameters<typeof runCli>[1] = {}): Promise<string> {
    server.enqueue(toolCallTurn([{ name: 'search_text', arguments: JSON.stringify(args), callId: 'call_search' }]), textTurn('done'));
    const run = await runCli(['ask', '--workspace', workspace, '--base-url', server.baseURL, 'find it'], { ...options, env: { MINI_CODER_API_KEY: KEY } });
    assert.equal(run.code, 0, run.stderr);
    const outputs = ((server.requests[1].body?.input as Array<Record<string, unknown>>) ?? []).filter((i) => i.type === 'function_call_output');
    assert.equal(outputs.length, 1);
    return String(outputs[0].output);
  }

  it('answers a catastrophic regex on a one-line file with its matches', async () => {
    await fs.writeFile(path.join(workspace, 'one-line.js'), `${'token '.repeat(50_000)};`);
    const output = await searchOutput({ query: '(\\w+\\s?)+;$', is_regex: true });
    assert.match(output, /^one-line\.js:1: token token .*…$/m, 'the 300 KB line comes back cut');
    assert.match(output, /^src\/a\.ts:1: export const needle = 1;$/m);
    assert.match(output, /\(2 matches in 2 files searched\)/);
  });

  it('answers a catastrophic include glob', async () => {
    await fs.writeFile(path.join(workspace, `${'a'.repeat(200)}b`), 'needle\n');
    const output = await searchOutput({ query: 'needle', include: `${'*a'.repeat(12)}*b` });
    assert.equal(output, `${'a'.repeat(200)}b:1: needle\n(1 match in 1 file searched)`);
  });

  it('skips secret files, says how many and how the user can allow them, and never sends their lines', async () => {
    await fs.writeFile(path.join(workspace, '.env'), 'API_TOKEN=needle-4f1c9a\n');
    await fs.symlink('.env', path.join(workspace, 'notes.txt'));
    const output = await searchOutput({ query: 'needle' });
    assert.match(output, /^src\/a\.ts:1: /);
    assert.match(output, /Skipped: 1 secret file \(.*--allow-read PATH in the terminal\); 1 symbolic link \(never followed\)\./);
    assert.ok(!JSON.stringify(server.requests[1].body).includes('needle-4f1c9a'));
  });

  it('refuses a lookahead with a tool error that names it', async () => {
    const output = await searchOutput({ query: 'needle(?= = 1)', is_regex: true });
    assert.match(output, /^Error: The regular expression uses a lookahead \(\?=…\), which search_text does not support/);
  });

  it('stops after 50,000 of 60,000 files and says so', async () => {
    // Hard links to two empty files: regular files like any other, made far faster than 60,000 writes (and two
    // seeds keep each under a file system's link limit).
    const seeds = [path.join(workspace, 'seed-0'), path.join(workspace, 'seed-1')];
    for (const seed of seeds) writeFileSync(seed, '');
    for (let d = 0; d < 60; d++) {
      const dir = path.join(workspace, 'many', `d${String(d).padStart(2, '0')}`);
      mkdirSync(dir, { recursive: true });
      for (let f = 0; f < 1000; f++) linkSync(seeds[d % 2], path.join(dir, `f${f}.txt`));
    }
    const output = await searchOutput({ query: 'absent' }, { timeoutMs: 110_000 });
    // The file limit, unless a machine too busy to read 50,000 files in 30 s hits the time limit first: both say it.
    assert.match(output, /^No matches in the [\d,]+ files searched before the search stopped early because (it reached the limit of 50,000 files searched|its time limit \(30 s\) passed)\. Files not searched may hold matches/);
  });

  it('ends a long search on Ctrl+C and exits 130 instead of waiting for it', async () => {
    await fs.writeFile(path.join(workspace, 'slow.txt'), `${'abcdefghij '.repeat(20_000)}\n`);
    // RE2 runs this in linear time, with a constant that makes it minutes on this file.
    const args = { query: '(\\w+\\s?){1000}[0-9]', is_regex: true };
    server.enqueue(toolCallTurn([{ name: 'search_text', arguments: JSON.stringify(args), callId: 'call_slow' }]), textTurn('never asked'));
    const run = await runCli(['ask', '--json', '--workspace', workspace, '--base-url', server.baseURL, 'find it'], {
      env: { MINI_CODER_API_KEY: KEY },
      onStdout: (soFar) => (soFar.includes('"type":"tool_call"') ? 'SIGINT' : undefined),
      interruptDelayMs: 1000, // the stream has ended and the search is running
      timeoutMs: 15_000, // a worker left running would keep the process alive far past this
    });
    assert.equal(run.code, 130, run.stderr);
    assert.equal(server.requests.length, 1, 'the turn ended with the search; no result went back to the model');
  });
});
