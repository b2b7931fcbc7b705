import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { FakeRunwareServer } from '../../support/fakeRunwareServer';
import { runCli } from '../../support/runCli';
import { writeTempTree } from '../../support/tempTree';

const KEY = 'rw-cli-key-0123456789abcdef';

describe('mini-coder ask --provider runware against a local Runware server', function () {
  this.timeout(30_000);
  let server: FakeRunwareServer;
  let workspace: string;

  beforeEach(async () => {
    server = await FakeRunwareServer.start({ apiKey: KEY });
    workspace = await writeTempTree({ 'notes.txt': 'the secret word is papaya\n' }, 'mc-rw-');
  });
  afterEach(async () => {
    await server.close();
    await fs.rm(workspace, { recursive: true, force: true });
  });

  const ask = (args: string[]) =>
    runCli(['ask', '--provider', 'runware', '--workspace', workspace, '--base-url', server.url, ...args], { env: { MINI_CODER_API_KEY: KEY } });

  it('streams an answer and sends the task options the flags name', async () => {
    server.reply = () => ({ texts: ['Streamed from Runware.'], chunk: 3 });
    const run = await ask(['--delivery', 'stream', '--seed', '7', '--thinking-level', 'low', '--temperature', '0.4', '--max-output-tokens', '500', 'hello']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'Streamed from Runware.\n');
    const task = server.inferenceTasks[0];
    assert.equal(task.model, 'openai:gpt@5.4-mini');
    assert.equal(task.deliveryMethod, 'stream');
    assert.equal(task.seed, 7);
    const settings = task.settings as Record<string, unknown>;
    assert.equal(settings.thinkingLevel, 'low');
    assert.equal(settings.temperature, 0.4);
    assert.equal(settings.maxTokens, 500);
    assert.match(String(settings.systemPrompt), /Mini Coder/);
  });

  it('polls an async task and reports every alternative with Runware\'s own cost', async () => {
    server.reply = () => ({ texts: ['First idea.', 'Second idea.'], pendingPolls: 1 });
    const run = await ask(['--json', '--delivery', 'async', '--number-results', '2', 'name it']);
    assert.equal(run.code, 0, run.stderr);
    const events = run.events();
    const final = events.at(-1)!;
    assert.equal(final.text, 'First idea.');
    assert.deepEqual(final.alternatives, ['First idea.', 'Second idea.']);
    const polls = server.requests.filter((r) => Array.isArray(r.body) && (r.body as Array<{ taskType: string }>)[0].taskType === 'getResponse');
    assert.ok(polls.length >= 2, `polled ${polls.length} times`);
    const usage = events.find((e) => e.type === 'usage')!.usage as { costUsd?: number };
    const servedCost = server.served.reduce((sum, item) => sum + Number(item.cost ?? 0), 0);
    assert.ok(servedCost > 0);
    assert.ok(Math.abs((usage.costUsd ?? 0) - servedCost) < 1e-12, `${usage.costUsd} vs ${servedCost}`);
  });

  it('runs the agent\'s tools through Runware and sends the results back', async () => {
    let turn = 0;
    server.reply = () => (turn++ === 0 ? { texts: ['Let me look. <tool_call name="read_file">{"path":"notes.txt"}</tool_call>'] } : { texts: ['The word is papaya.'] });
    const run = await ask(['--json', '--delivery', 'sync', 'what is the secret word?']);
    assert.equal(run.code, 0, run.stderr);
    const events = run.events();
    const call = events.find((e) => e.type === 'tool_call')!;
    assert.equal(call.name, 'read_file');
    assert.deepEqual(JSON.parse(String(call.arguments)), { path: 'notes.txt' });
    const second = server.inferenceTasks[1];
    assert.match(JSON.stringify(second.messages), /the secret word is papaya/);
    assert.equal(events.at(-1)!.text, 'The word is papaya.');
  });

  it('says when the balance is too low and exits 1 without printing the key', async () => {
    server.failNext({ kind: 'errors', status: 402, code: 'insufficientCredits', message: 'Insufficient credits to run this task.' });
    const run = await ask(['--delivery', 'sync', 'hello']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /credit/i);
    assert.ok(!run.stderr.includes(KEY));
  });

  it('refuses several results on a stream as a usage error, and waits for them all when no delivery is named', async () => {
    const refused = await ask(['--delivery', 'stream', '--number-results', '2', 'hello']);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /--number-results above 1 needs delivery sync or async/);
    assert.equal(server.inferenceTasks.length, 0);
    server.reply = () => ({ texts: ['one', 'two'] });
    const run = await ask(['--json', '--number-results', '2', 'hello']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(server.inferenceTasks[0].deliveryMethod, 'sync');
    assert.deepEqual(run.events().at(-1)!.alternatives, ['one', 'two']);
  });
});
