import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { FakeResponsesServer, httpErrorTurn, ResponseBuilder, textTurn, toolCallTurn } from '../../support/fakeResponsesServer';
import { runCli } from '../../support/runCli';
import { writeTempTree } from '../../support/tempTree';

const KEY = 'test-key-0123456789abcdef0123456789';

describe('mini-coder ask against a local Responses server', function () {
  this.timeout(30_000);
  let server: FakeResponsesServer;
  let workspace: string;

  beforeEach(async () => {
    server = await FakeResponsesServer.start({ expectedApiKey: KEY });
    workspace = await writeTempTree({ 'src/a.ts': 'export const a = 1;\n', 'src/b.ts': 'export const b = 2;\n' }, 'mc-ask-');
  });
  afterEach(async () => {
    await server.close();
    await fs.rm(workspace, { recursive: true, force: true });
  });

  const ask = (args: string[], extra: Parameters<typeof runCli>[1] = {}) =>
    runCli(['ask', '--workspace', workspace, '--base-url', server.baseURL, ...args], { ...extra, env: { MINI_CODER_API_KEY: KEY, ...extra.env } });

  const outputsOf = (requestIndex: number) =>
    ((server.requests[requestIndex].body?.input as Array<Record<string, unknown>>) ?? []).filter((i) => i.type === 'function_call_output');

  it('streams a plain answer to stdout and exits 0', async () => {
    server.enqueue(textTurn('Hello from the model.', { chunkSize: 3 }));
    const run = await ask(['say hello']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'Hello from the model.\n');
    const body = server.requests[0].body!;
    assert.equal(body.model, 'gpt-5.4-mini');
    assert.equal(body.stream, true);
    assert.ok(Array.isArray(body.tools) && (body.tools as Array<{ name: string }>).some((t) => t.name === 'apply_patch'));
  });

  it('runs a two-step tool loop: reads a file, then answers from it', async () => {
    server.enqueue(toolCallTurn([{ name: 'read_file', arguments: '{"path":"src/a.ts"}', callId: 'call_read' }], { chunkSize: 2 }), textTurn('a is 1.'));
    const run = await ask(['--json', 'what is a?']);
    assert.equal(run.code, 0, run.stderr);
    const events = run.events();
    assert.deepEqual(events.find((e) => e.type === 'tool_call'), { type: 'tool_call', callId: 'call_read', name: 'read_file', arguments: '{"path":"src/a.ts"}' });
    const outputs = outputsOf(1);
    assert.equal(outputs.length, 1);
    assert.equal(outputs[0].call_id, 'call_read');
    assert.match(String(outputs[0].output), /1\| export const a = 1;/);
    const final = events.at(-1)!;
    assert.equal(final.type, 'final');
    assert.equal(final.status, 'done');
    assert.equal(final.text, 'a is 1.');
  });

  it('answers parallel calls in one follow-up request with each output keyed by its call_id', async () => {
    server.enqueue(
      toolCallTurn([
        { name: 'read_file', arguments: '{"path":"src/a.ts"}', callId: 'call_a' },
        { name: 'read_file', arguments: '{"path":"src/b.ts"}', callId: 'call_b' },
      ], { interleave: true, chunkSize: 3 }),
      textTurn('both read'),
    );
    const run = await ask(['read both']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(server.requests.length, 2);
    const outputs = outputsOf(1);
    assert.deepEqual(outputs.map((o) => o.call_id), ['call_a', 'call_b']);
    assert.match(String(outputs[0].output), /const a = 1/);
    assert.match(String(outputs[1].output), /const b = 2/);
  });

  it('refuses a tool path that escapes the workspace and never sends the outside file', async () => {
    const outside = await writeTempTree({ 'secret.txt': 'TOP-SECRET-CONTENT' }, 'mc-outside-');
    const rel = path.relative(workspace, path.join(outside, 'secret.txt'));
    server.enqueue(toolCallTurn([{ name: 'read_file', arguments: JSON.stringify({ path: rel }), callId: 'c1' }]), textTurn('cannot'));
    const run = await ask(['read the secret']);
    await fs.rm(outside, { recursive: true, force: true });
    assert.equal(run.code, 0, run.stderr);
    const output = String(outputsOf(1)[0].output);
    assert.match(output, /outside the workspace/);
    assert.ok(!JSON.stringify(server.requests[1].body).includes('TOP-SECRET-CONTENT'));
  });

  it('returns invalid tool JSON to the model as an error and carries on', async () => {
    server.enqueue(toolCallTurn([{ name: 'read_file', arguments: '{"path": "src/a.ts"', callId: 'c1' }]), textTurn('retrying'));
    const run = await ask(['go']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(String(outputsOf(1)[0].output), /not valid JSON/);
  });

  it('applies an edit with --yes and refuses it in a non-interactive run without --yes', async () => {
    const patch = '*** Begin Patch\n*** Update File: src/a.ts\n-export const a = 1;\n+export const a = 42;\n*** End Patch';
    server.enqueue(toolCallTurn([{ name: 'apply_patch', arguments: JSON.stringify({ patch }), callId: 'p1' }]), textTurn('tried'));
    const refused = await ask(['change a']);
    assert.equal(refused.code, 0, refused.stderr);
    assert.match(String(outputsOf(1)[0].output), /did not apply this edit.*non-interactive.*--yes/);
    assert.equal(await fs.readFile(path.join(workspace, 'src/a.ts'), 'utf8'), 'export const a = 1;\n');

    server.enqueue(toolCallTurn([{ name: 'apply_patch', arguments: JSON.stringify({ patch }), callId: 'p2' }]), textTurn('done'));
    const applied = await ask(['--yes', 'change a']);
    assert.equal(applied.code, 0, applied.stderr);
    assert.match(String(outputsOf(3)[0].output), /Applied: updated src\/a\.ts/);
    assert.equal(await fs.readFile(path.join(workspace, 'src/a.ts'), 'utf8'), 'export const a = 42;\n');
  });

  it('says the key was rejected on 401, exits 1 and never prints the key', async () => {
    const run = await ask(['hi'], { env: { MINI_CODER_API_KEY: 'wrong-key-abcdefghijklmnopqrstuvwxyz' } });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /key/i);
    assert.equal(run.stderr.split('\n').filter((l) => l.trim()).length, 1, `one line: ${run.stderr}`);
    assert.ok(!run.stderr.includes('wrong-key-abcdefghijklmnopqrstuvwxyz'));
    assert.ok(!run.stdout.includes('wrong-key-abcdefghijklmnopqrstuvwxyz'));
  });

  it('waits out a 429 with retry-after and then succeeds', async () => {
    server.enqueue(httpErrorTurn(429, 'rate_limit_exceeded', 'Slow down.', { 'retry-after-ms': '300' }), textTurn('after the wait'));
    const run = await ask(['hi']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'after the wait\n');
    assert.equal(server.requests.length, 2);
    assert.ok(server.requests[1].receivedAt - server.requests[0].receivedAt >= 250, 'the retry honoured retry-after');
  });

  it('keeps the partial answer when the stream is cut, says so, and exits 1', async () => {
    server.enqueue(new ResponseBuilder().message('This answer is cut off in the mid', { chunkSize: 4 }).cut());
    const run = await ask(['hi']);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^This answer is cut off in the mid/);
    assert.match(run.stderr, /partial answer was kept/);
  });

  it('stops on Ctrl+C, keeps what was streamed, and exits 130', async () => {
    server.enqueue({ ...new ResponseBuilder().message('one two three four five six seven eight', { chunkSize: 4 }).stall() });
    const run = await ask(['hi'], { onStdout: (soFar) => (soFar.length > 0 ? 'SIGINT' : undefined) });
    assert.equal(run.code, 130, run.stderr);
    assert.ok(run.stdout.length > 0);
    assert.match(run.stderr, /stopped/);
  });

  it('reports usage and cost in --json events', async () => {
    server.enqueue(textTurn('x', { usage: { input: 1_000_000, output: 1_000_000, cached: 200_000 } }));
    const run = await ask(['--json', 'hi']);
    assert.equal(run.code, 0, run.stderr);
    const usage = run.events().find((e) => e.type === 'usage')!.usage as Record<string, number>;
    assert.equal(usage.inputTokens, 1_000_000);
    assert.equal(usage.cachedInputTokens, 200_000);
    // 800K input at $0.75/M + 200K cached at $0.075/M + 1M output at $4.50/M
    assert.ok(Math.abs(usage.costUsd - (0.6 + 0.015 + 4.5)) < 1e-9, String(usage.costUsd));
  });

  it('passes the model options through to the request', async () => {
    server.enqueue(textTurn('ok'));
    const run = await ask(['--model', 'gpt-5.4-mini', '--reasoning-effort', 'xhigh', '--reasoning-summary', 'concise', '--verbosity', 'low', '--max-output-tokens', '900', '--top-p', '0.5', 'hi']);
    assert.equal(run.code, 0, run.stderr);
    const body = server.requests[0].body!;
    assert.deepEqual(body.reasoning, { effort: 'xhigh', summary: 'concise' });
    assert.equal((body.text as { verbosity: string }).verbosity, 'low');
    assert.equal(body.max_output_tokens, 900);
    assert.equal(body.top_p, 0.5);
  });
});

describe('mini-coder usage errors', () => {
  it('exits 2 without a key and says which variable to set', async () => {
    const run = await runCli(['ask', 'hi']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /MINI_CODER_API_KEY/);
  });

  it('refuses a key on the command line', async () => {
    const run = await runCli(['ask', '--api-key', 'sk-test-not-a-real-key-on-argv', 'hi'], { env: { MINI_CODER_API_KEY: KEY } });
    assert.equal(run.code, 2);
    assert.ok(!run.stderr.includes('sk-test-not-a-real-key-on-argv'));
  });

  it('exits 2 on an unknown option or a bad value', async () => {
    assert.equal((await runCli(['ask', '--frobnicate', 'hi'], { env: { MINI_CODER_API_KEY: KEY } })).code, 2);
    const bad = await runCli(['ask', '--top-p', 'lots', 'hi'], { env: { MINI_CODER_API_KEY: KEY } });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--top-p must be a number/);
  });

  it('prints its version', async () => {
    const run = await runCli(['--version']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^\d+\.\d+\.\d+\n$/);
  });
});
