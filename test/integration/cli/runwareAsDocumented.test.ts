import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { FakeResponsesServer, textTurn, toolCallTurn } from '../../support/fakeResponsesServer';
import { FakeRunwareServer } from '../../support/fakeRunwareServer';
import { runCli } from '../../support/runCli';
import { writeTempTree } from '../../support/tempTree';

const KEY = 'rw-cli-key-0123456789abcdef';
type Json = Record<string, unknown>;

/** Issue 12, Runware: every request the CLI sends is one the real task API takes, and no answer is lost in silence. */
describe('mini-coder ask on Runware, exactly as documented', function () {
  this.timeout(30_000);
  let server: FakeRunwareServer;
  let workspace: string;

  beforeEach(async () => {
    server = await FakeRunwareServer.start({ apiKey: KEY });
    workspace = await writeTempTree({ 'notes.txt': 'the secret word is papaya\n', 'pixel.png': Buffer.from('89504e470d0a1a0a', 'hex').toString('latin1') }, 'mc-rwdoc-');
  });
  afterEach(async () => {
    await server.close();
    await fs.rm(workspace, { recursive: true, force: true });
  });

  const ask = (args: string[]) =>
    runCli(['ask', '--provider', 'runware', '--workspace', workspace, '--base-url', server.url, ...args], { env: { MINI_CODER_API_KEY: KEY } });
  const settingsOf = (task: Json) => task.settings as Json;

  it('sends maxTokens 32000 by default, the user\'s limit when given', async () => {
    assert.equal((await ask(['--delivery', 'sync', 'hello'])).code, 0);
    assert.equal(settingsOf(server.inferenceTasks[0]).maxTokens, 32_000);
    assert.equal((await ask(['--delivery', 'sync', '--max-output-tokens', '128000', 'hello'])).code, 0);
    assert.equal(settingsOf(server.inferenceTasks[1]).maxTokens, 128_000);
    const refused = await ask(['--max-output-tokens', '128001', 'hello']);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /--max-output-tokens must be a whole number from 1 to 128000; got 128001/);
    assert.equal(server.inferenceTasks.length, 2);
  });

  it('says when a step is cut inside a tool call, and lets the turn go on', async () => {
    let step = 0;
    server.reply = () =>
      step++ === 0
        ? { texts: ['Writing the file.\n<tool_call name="write_file">{"path":"big.txt","content":"line 1\\nline 2\\nli'], finishReason: 'length' }
        : { texts: ['I will write it in smaller pieces next time.'] };
    const run = await ask(['--delivery', 'sync', 'write a big file']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /step 1 reached the output token limit while writing a call to write_file; the call was not run/);
    assert.equal(run.stdout, 'Writing the file.\n\nI will write it in smaller pieces next time.\n');
    const second = JSON.stringify(server.inferenceTasks[1].messages);
    assert.match(second, /reached the output token limit while writing your call to write_file/);
    await assert.rejects(fs.stat(path.join(workspace, 'big.txt')), 'the cut call never ran');

    step = 0;
    const json = await ask(['--json', '--delivery', 'sync', 'write a big file']);
    assert.deepEqual(json.events().find((e) => e.type === 'step_cut'), {
      type: 'step_cut',
      step: 1,
      tool: 'write_file',
      message: 'step 1 reached the output token limit while writing a call to write_file; the call was not run and the model was asked to send it in smaller pieces (or raise --max-output-tokens).',
    });
    assert.equal(json.events().at(-1)!.status, 'done');
  });

  it('sends only none, low, medium or high as thinkingLevel, mapping the effort words and refusing anything else before a request', async () => {
    for (const [flags, level] of [
      [['--thinking-level', 'none'], 'none'],
      [['--reasoning-effort', 'xhigh'], 'high'],
      [['--reasoning-effort', 'medium'], 'medium'],
      [['--reasoning-effort', 'low', '--thinking-level', 'high'], 'high'],
    ] as const) {
      const run = await ask(['--delivery', 'sync', ...flags, 'hi']);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(settingsOf(server.inferenceTasks.at(-1)!).thinkingLevel, level, flags.join(' '));
    }
    const sent = server.inferenceTasks.length;
    for (const [flag, value] of [['--thinking-level', 'banana'], ['--thinking-level', ''], ['--thinking-level', 'minimal'], ['--thinking-level', 'xhigh'], ['--reasoning-effort', 'minimal']]) {
      const run = await ask([flag, value, 'hi']);
      assert.equal(run.code, 2, `${flag} ${value}`);
      assert.match(run.stderr, new RegExp(`${flag} must be one of none, low, medium, high`));
    }
    assert.equal(server.inferenceTasks.length, sent, 'nothing was sent');
  });

  it('in native tool mode sends function tools and replays the call and its result in the documented form', async () => {
    let step = 0;
    server.reply = () =>
      step++ === 0
        ? { texts: [''], finishReason: 'tool_calls', extra: { toolCalls: [{ id: 'rw_call_1', name: 'read_file', arguments: '{"path":"notes.txt"}' }] } }
        : { texts: ['It is papaya.'] };
    const run = await ask(['--tool-mode', 'native', '--delivery', 'sync', 'what is the secret word?']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'It is papaya.\n');
    const [first, second] = server.inferenceTasks;
    assert.ok((first.tools as Json[]).every((t) => t.type === 'function' && 'schema' in t && !('parameters' in t)));
    assert.equal(first.toolChoice, undefined);
    assert.doesNotMatch(String(settingsOf(first).systemPrompt), /<tool_call/);
    const messages = second.messages as Json[];
    assert.deepEqual(messages[1], { role: 'assistant', tools: [{ id: 'rw_call_1', name: 'read_file', input: { path: 'notes.txt' } }] });
    assert.equal(messages[2].role, 'tool');
    assert.equal(messages[2].id, 'rw_call_1');
    assert.match(String(messages[2].content), /the secret word is papaya/);
    assert.equal(messages.at(-1)!.role, 'user');
  });

  it('reads the documented stream form and the older choices[0].delta.content one', async () => {
    server.reply = () => ({ texts: ['Documented form.'], chunk: 3 });
    const documented = await ask(['hi']);
    assert.equal(documented.stdout, 'Documented form.\n');
    server.reply = () => ({ texts: ['Older form.'], chunk: 3, streamForm: 'choices' });
    const older = await ask(['hi']);
    assert.equal(older.code, 0, older.stderr);
    assert.equal(older.stdout, 'Older form.\n');
  });

  it('ends a stream whose text sits in a field it does not know with an error naming the fields, never an empty success', async () => {
    server.reply = () => ({ texts: ['Hidden text.'], streamForm: 'unknown' });
    const run = await ask(['hi']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /carried no text in any field this client reads \(delta\.text, .*choices\[0\]\.delta\.content.*\); the fields it had: delta\.content/);
    const json = await ask(['--json', 'hi']);
    assert.equal(json.code, 1);
    assert.equal(json.events().at(-1)!.status, 'error');
  });

  for (const form of ['item', 'nested'] as const) {
    it(`keeps the good results when one async result fails (${form === 'item' ? 'flat code/message' : 'error: {code, message}'})`, async () => {
      server.reply = () => ({ texts: ['First idea.', 'Second idea.', 'Third idea.'], pendingPolls: 0 });
      server.failNext({ kind: 'async_partial', failIndex: 1, code: 'inferenceFailed', message: 'The model failed on this result.', form });
      const run = await ask(['--json', '--delivery', 'async', '--number-results', '3', 'name it']);
      assert.equal(run.code, 0, run.stderr);
      const events = run.events();
      const notice = events.find((e) => e.type === 'notice' && /failed/.test(String(e.message)));
      assert.match(String(notice?.message), /1 of 3 Runware results failed \(.*The model failed on this result.*code inferenceFailed.*\) The 2 that succeeded are shown\./);
      assert.deepEqual(events.at(-1)!.alternatives, ['First idea.', 'Third idea.']);
    });
  }

  it('maps the bare model name, refuses an unknown one with the accepted form, and takes AIR ids as given', async () => {
    assert.equal((await ask(['--delivery', 'sync', '--model', 'gpt-5.4-mini', 'hi'])).code, 0);
    assert.equal(server.inferenceTasks[0].model, 'openai:gpt@5.4-mini');
    const refused = await ask(['--model', 'gpt-4o', 'hi']);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /--model: "gpt-4o" is not a Runware model id: Runware takes AIR ids written provider:model@version, e\.g\. openai:gpt@5\.4-mini/);
    assert.equal((await ask(['--delivery', 'sync', '--model', 'openai:gpt@5.4', 'hi'])).code, 0);
    assert.equal(server.inferenceTasks[1].model, 'openai:gpt@5.4');
  });

  it('sends any seed from 0 to 9223372036854775807 exactly as given, and refuses one outside', async () => {
    for (const seed of ['0', '9007199254740993', '9223372036854775807']) {
      const run = await ask(['--delivery', 'sync', '--seed', seed, 'hi']);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(String(server.inferenceTasks.at(-1)!.seed), seed);
    }
    const raw = server.requests.at(-1)!;
    assert.ok(typeof (raw.body as Json[])[0].seed === 'bigint', 'read off the wire as an exact integer');
    for (const seed of ['9223372036854775808', '-1', '1.5', '1e3']) {
      const run = await ask([`--seed=${seed}`, 'hi']);
      assert.equal(run.code, 2, seed);
      assert.match(run.stderr, /--seed must be a whole number from 0 to 9223372036854775807/);
    }
  });

  it('uses Runware\'s prompt cache by default and shows the cached tokens it reports', async () => {
    let step = 0;
    server.reply = () => (step++ === 0 ? { texts: ['<tool_call name="read_file">{"path":"notes.txt"}</tool_call>'] } : { texts: ['Papaya.'] });
    const run = await ask(['--json', '--delivery', 'sync', 'what is the secret word?']);
    assert.equal(run.code, 0, run.stderr);
    for (const task of server.inferenceTasks) assert.deepEqual(settingsOf(task).cache, { scope: 'system+history', ttl: '5m' });
    const usages = run.events().filter((e) => e.type === 'usage').map((e) => e.usage as Json);
    assert.equal(usages[0].cachedInputTokens, 0);
    assert.ok(Number(usages[1].cachedInputTokens) > 0, 'the second step read the first one\'s prefix from the cache');
    assert.ok(Number(run.events().at(-1)!.usage && (run.events().at(-1)!.usage as Json).cachedInputTokens) > 0);

    const off = await ask(['--delivery', 'sync', '--cache', 'off', 'hi']);
    assert.equal(off.code, 0);
    assert.equal(settingsOf(server.inferenceTasks.at(-1)!).cache, undefined);
    assert.equal((await ask(['--delivery', 'sync', '--cache', 'system', '--cache-ttl', '1h', 'hi'])).code, 0);
    assert.deepEqual(settingsOf(server.inferenceTasks.at(-1)!).cache, { scope: 'system', ttl: '1h' });
    assert.equal((await ask(['--cache', 'everything', 'hi'])).code, 2);
  });

  it('says once which flags Runware does not take, and sends none of them', async () => {
    const run = await ask(['--delivery', 'sync', '--verbosity', 'low', '--reasoning-summary', 'detailed', '--store', '--user', 'u-1', 'hi']);
    assert.equal(run.code, 0, run.stderr);
    const said = run.stderr.split('\n').filter((line) => line.includes('not sent'));
    assert.equal(said.length, 1);
    assert.match(said[0], /not sent to Runware: --reasoning-summary \(.*\); --verbosity \(Runware's task API has no verbosity setting\); --store \(.*\); --user \(.*\)\./);
    const task = server.inferenceTasks[0];
    assert.deepEqual(Object.keys(task).sort(), ['deliveryMethod', 'includeCost', 'includeUsage', 'messages', 'model', 'settings', 'taskType', 'taskUUID']);
    assert.deepEqual(Object.keys(settingsOf(task)).sort(), ['cache', 'maxTokens', 'systemPrompt']);
  });

  it('sends json_object as an instruction and images as inputs.images', async () => {
    const run = await ask(['--delivery', 'sync', '--text-format', 'json_object', '--image', 'pixel.png', 'describe']);
    assert.equal(run.code, 2, 'the image path is relative to the current directory, not the workspace');
    const image = path.join(workspace, 'pixel.png');
    const ok = await ask(['--delivery', 'sync', '--text-format', 'json_object', '--image', image, 'describe']);
    assert.equal(ok.code, 0, ok.stderr);
    const task = server.inferenceTasks[0];
    assert.match(String(settingsOf(task).systemPrompt), /Answer with one JSON object and nothing else\./);
    assert.deepEqual(task.inputs, { images: [`data:image/png;base64,${(await fs.readFile(image)).toString('base64')}`] });
  });
});

describe('mini-coder ask --provider runware-responses: Runware\'s Responses endpoint', function () {
  this.timeout(30_000);
  let server: FakeResponsesServer;
  let workspace: string;

  beforeEach(async () => {
    server = await FakeResponsesServer.start({ expectedApiKey: KEY });
    workspace = await writeTempTree({ 'notes.txt': 'the secret word is papaya\n' }, 'mc-rwresp-');
  });
  afterEach(async () => {
    await server.close();
    await fs.rm(workspace, { recursive: true, force: true });
  });

  it('calls tools natively through POST {Runware base URL}/responses with the Runware key and model', async () => {
    server.enqueue(toolCallTurn([{ name: 'read_file', arguments: '{"path":"notes.txt"}', callId: 'call_n1' }]), textTurn('Papaya.'));
    const run = await runCli(['ask', '--provider', 'runware-responses', '--workspace', workspace, '--base-url', server.baseURL, '--json', 'what is the secret word?'], {
      env: { MINI_CODER_API_KEY: KEY },
    });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(server.requests[0].path, '/v1/responses');
    assert.equal(server.requests[0].headers.authorization, `Bearer ${KEY}`);
    assert.equal(server.requests[0].body!.model, 'openai:gpt@5.4-mini');
    assert.equal(server.requests[0].body!.store, false);
    const outputs = (server.requests[1].body!.input as Json[]).filter((i) => i.type === 'function_call_output');
    assert.equal(outputs[0].call_id, 'call_n1');
    assert.equal(run.events().at(-1)!.text, 'Papaya.');
    assert.ok(Number((run.events().at(-1)!.usage as Json).costUsd) > 0, 'priced as gpt-5.4-mini from the price table');
  });
});
