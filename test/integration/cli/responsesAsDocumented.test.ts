import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { FakeResponsesServer, ResponseBuilder, textTurn, type FakeTurn } from '../../support/fakeResponsesServer';
import { runCli } from '../../support/runCli';
import { writeTempTree } from '../../support/tempTree';

const KEY = 'test-key-0123456789abcdef0123456789';
type Json = Record<string, unknown>;

/** Issue 12, Responses (Anyfast): every request conforms, and every answer is shown for what it is. */
describe('mini-coder ask on the Responses API, exactly as documented', function () {
  this.timeout(30_000);
  let server: FakeResponsesServer;
  let workspace: string;

  beforeEach(async () => {
    server = await FakeResponsesServer.start({ expectedApiKey: KEY });
    workspace = await writeTempTree({ 'a.ts': 'export const a = 1;\n', 'shot.png': 'not really a png' }, 'mc-respdoc-');
  });
  afterEach(async () => {
    await server.close();
    await fs.rm(workspace, { recursive: true, force: true });
  });

  const ask = (args: string[]) => runCli(['ask', '--workspace', workspace, '--base-url', server.baseURL, ...args], { env: { MINI_CODER_API_KEY: KEY } });
  const body = (i = 0) => server.requests[i].body as Json;

  it('sends each of Anyfast\'s five efforts and refuses minimal before any request', async () => {
    for (const effort of ['none', 'low', 'medium', 'high', 'xhigh']) {
      server.enqueue(textTurn('ok'));
      const run = await ask(['--reasoning-effort', effort, 'hi']);
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(body(server.requests.length - 1).reasoning, { effort });
    }
    const refused = await ask(['--reasoning-effort', 'minimal', 'hi']);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /--reasoning-effort must be one of none, low, medium, high, xhigh; got "minimal" \(minimal is not offered/);
    assert.equal(server.requests.length, 5);
  });

  it('refuses out-of-range numbers before any request, naming the flag', async () => {
    for (const [flag, value, message] of [
      ['--top-p', '1.5', /--top-p must be a number from 0 to 1; got 1.5/],
      ['--temperature', '2.5', /--temperature must be a number from 0 to 2; got 2.5/],
      ['--max-output-tokens', '15', /--max-output-tokens must be a whole number from 16 to 128000; got 15/],
      ['--top-p', 'lots', /--top-p must be a number from 0 to 1; got "lots"/],
      ['--delivery', 'async', /async is a Runware delivery/],
    ] as const) {
      const run = await ask([flag, value, 'hi']);
      assert.equal(run.code, 2, `${flag} ${value}`);
      assert.match(run.stderr, message);
    }
    assert.equal(server.requests.length, 0);
  });

  it('sends store: false unless --store, and user only when given', async () => {
    server.enqueue(textTurn('one'), textTurn('two'));
    assert.equal((await ask(['hi'])).code, 0);
    assert.equal(body(0).store, false);
    assert.equal('user' in body(0), false);
    assert.deepEqual(body(0).include, ['reasoning.encrypted_content']);
    assert.equal((await ask(['--store', '--user', 'team-member-7', 'hi'])).code, 0);
    assert.equal(body(1).store, true);
    assert.equal(body(1).user, 'team-member-7');
    assert.equal(body(1).include, undefined, 'stored responses need no encrypted reasoning');
  });

  it('shows a refusal as a refusal: on stderr, as its own JSON events, and exit 3', async () => {
    const refusal = (): FakeTurn => new ResponseBuilder().refusal("I can't help with that request.").completed({ input: 10, output: 6 });
    server.enqueue(refusal(), refusal());
    const run = await ask(['do something bad']);
    assert.equal(run.code, 3);
    assert.equal(run.stdout, '', 'a refusal is not an answer');
    assert.match(run.stderr, /mini-coder: the model refused: I can't help with that request\./);
    const json = await ask(['--json', 'do something bad']);
    assert.equal(json.code, 3);
    const events = json.events();
    assert.equal(events.filter((e) => e.type === 'refusal').map((e) => e.delta).join(''), "I can't help with that request.");
    assert.ok(!events.some((e) => e.type === 'text'));
    assert.deepEqual([events.at(-1)!.status, events.at(-1)!.refusal, events.at(-1)!.text], ['refused', "I can't help with that request.", '']);
  });

  it('gives content_filter and max_output_tokens each their own advice', async () => {
    server.enqueue(new ResponseBuilder().message('Partial').incomplete('content_filter'), new ResponseBuilder().message('Partial').incomplete('max_output_tokens'));
    const filtered = await ask(['hi']);
    assert.equal(filtered.code, 1);
    assert.match(filtered.stderr, /content filter stopped the answer \(content_filter\): rephrase the request .*a higher --max-output-tokens will not help/);
    const cut = await ask(['--json', 'hi']);
    assert.equal(cut.code, 1);
    const final = cut.events().at(-1)!;
    assert.equal(final.reason, 'max_output_tokens');
    assert.match(String(final.advice), /raise --max-output-tokens \(at most 128000\)/);
  });

  it('keeps the parameter the service blamed in the error message', async () => {
    server.enqueue({ kind: 'http_error', status: 400, error: { message: 'Invalid value for this model.', type: 'invalid_request_error', param: 'text.verbosity', code: 'invalid_value' } });
    const run = await ask(['--json', 'hi']);
    assert.equal(run.code, 1);
    const error = run.events().find((e) => e.type === 'error')!.error as Json;
    assert.equal(error.param, 'text.verbosity');
    assert.match(String(error.message), /Invalid value for this model\. \(parameter text\.verbosity\)/);
  });

  it('says once which flags were not sent and why, and sends none of them', async () => {
    server.enqueue(textTurn('ok'));
    const run = await ask(['--temperature', '0.3', '--seed', '7', '--thinking-level', 'low', '--number-results', '2', '--cache', 'system', 'hi']);
    assert.equal(run.code, 0, run.stderr);
    const said = run.stderr.split('\n').filter((line) => line.includes('not sent'));
    assert.equal(said.length, 1);
    assert.match(said[0], /--temperature \(gpt-5\.4-mini is a reasoning model, which refuses temperature\)/);
    assert.match(said[0], /--seed \(the Responses API has no seed\)/);
    assert.match(said[0], /--thinking-level \(/);
    assert.match(said[0], /--number-results \(the Responses API returns one answer per request\)/);
    for (const field of ['temperature', 'seed', 'thinkingLevel', 'n', 'numberResults', 'cache']) assert.equal(field in body(), false, field);

    server.enqueue(textTurn('ok'));
    const json = await ask(['--json', '--model', 'gpt-4.1', '--temperature', '0.3', '--reasoning-effort', 'high', '--verbosity', 'low', 'hi']);
    assert.equal(json.code, 0, json.stderr);
    const notice = json.events()[0];
    assert.equal(notice.type, 'notice');
    assert.deepEqual((notice.notSent as Json[]).map((n) => n.flag), ['--reasoning-effort', '--verbosity']);
    assert.equal(body(1).temperature, 0.3);
    assert.equal(body(1).reasoning, undefined);
    assert.equal(body(1).text, undefined);
  });

  it('keeps commentary and the final answer a blank line apart, and marks commentary in the JSON events', async () => {
    const turn = () => new ResponseBuilder().message('I will check the links.', { phase: 'commentary' }).message('Here are the results.', { phase: 'final_answer' }).completed({ input: 5, output: 9 });
    server.enqueue(turn(), turn());
    const run = await ask(['check the links']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'I will check the links.\n\nHere are the results.\n');
    const json = await ask(['--json', 'check the links']);
    const texts = json.events().filter((e) => e.type === 'text');
    assert.deepEqual([...new Set(texts.map((e) => e.phase))], ['commentary', 'final_answer']);
    assert.equal(json.events().at(-1)!.text, 'I will check the links.\n\nHere are the results.');
  });

  it('lets the turn go on when the output limit cuts a function call, saying so', async () => {
    server.enqueue(
      new ResponseBuilder().message('Patching a.ts.').cutFunctionCall('apply_patch', '{"patch":"*** Begin Patch\\n*** Update File: a.ts\\n@@').incomplete('max_output_tokens'),
      textTurn('Done in smaller steps.'),
    );
    const run = await ask(['--max-output-tokens', '64', 'change a']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /step 1 reached the output token limit while writing a call to apply_patch; the call was not run/);
    const second = body(1).input as Json[];
    assert.ok(!second.some((i) => i.type === 'function_call'), 'the cut call is never replayed');
    assert.match(JSON.stringify(second.at(-1)), /reached the output token limit while writing your call to apply_patch/);
    assert.equal(run.stdout, 'Patching a.ts.\n\nDone in smaller steps.\n');
  });

  it('sends json_object with the word JSON in the instructions, images as input_image, and no streaming with --delivery sync', async () => {
    server.enqueue(textTurn('{"ok":true}'));
    const image = path.join(workspace, 'shot.png');
    const run = await ask(['--text-format', 'json_object', '--image', image, '--delivery', 'sync', 'describe it']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '{"ok":true}\n');
    assert.deepEqual(body().text, { format: { type: 'json_object' } });
    assert.match(String(body().instructions), /JSON/);
    assert.equal(body().stream, false);
    const user = (body().input as Json[])[0];
    assert.deepEqual((user.content as Json[])[1], { type: 'input_image', image_url: `data:image/png;base64,${Buffer.from('not really a png').toString('base64')}`, detail: 'auto' });
    const refused = await ask(['--image', path.join(workspace, 'a.ts'), 'hi']);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /only PNG, JPEG, GIF and WebP/);
  });
});
