import * as assert from 'node:assert/strict';
import { FakeResponsesServer, ResponseBuilder, reasoningTurn, textTurn, toolCallTurn } from '../../support/fakeResponsesServer';
import { collectEvents, summarizeTurn } from '../../support/turnSummary';
import { ask, useFakeService } from './fakeService';

const KEY = 'sk-test-streaming-0123456789';
const request = ask('Explain this function.');

describe('Responses provider over HTTP: streaming', () => {
  const service = useFakeService(KEY);
  const provider = service.provider;

  it('streams the answer delta by delta and reports usage and completion', async () => {
    const answer = 'This function parses the config file and returns defaults for missing keys.';
    service.server.enqueue(textTurn(answer, { chunkSize: 3, usage: { input: 120, output: 18, cached: 64 } }));
    const events = await collectEvents(provider().stream(request));
    const summary = summarizeTurn(events);
    assert.equal(summary.text, answer);
    assert.equal(events.filter((e) => e.type === 'text_delta').length, Math.ceil(answer.length / 3));
    assert.deepEqual(summary.usage, [{ inputTokens: 120, cachedInputTokens: 64, outputTokens: 18, reasoningTokens: 0, totalTokens: 138 }]);
    assert.equal(summary.terminal?.type, 'completed');
    assert.match((summary.terminal as { responseId: string }).responseId, /^resp_/);
    assert.equal(service.server.requests.length, 1);
    assert.equal(service.server.requests[0].path, '/v1/responses');
    assert.equal(service.server.requests[0].body?.stream, true);
  });

  it('keeps commentary apart from the final answer by phase', async () => {
    service.server.enqueue(new ResponseBuilder().message('Reading the file…', { phase: 'commentary' }).message('It returns 42.', { phase: 'final_answer' }).completed());
    const summary = summarizeTurn(await collectEvents(provider().stream(request)));
    assert.deepEqual(summary.textByPhase, { commentary: 'Reading the file…', final_answer: 'It returns 42.' });
  });

  it('streams reasoning summaries and hands back the encrypted reasoning item for replay', async () => {
    service.server.enqueue(reasoningTurn(['Looking at the loop bounds.', 'The off-by-one is at the end.'], 'Use `<` instead of `<=`.', { encryptedContent: 'gAAAAB-encrypted' }));
    const summary = summarizeTurn(await collectEvents(provider().stream({ ...request, options: { reasoningSummary: 'auto' } })));
    assert.equal(summary.reasoning, 'Looking at the loop bounds.\n\nThe off-by-one is at the end.');
    assert.equal(summary.text, 'Use `<` instead of `<=`.');
    assert.equal(summary.replayItems.length, 1);
    assert.equal((summary.replayItems[0].data as { encrypted_content: string }).encrypted_content, 'gAAAAB-encrypted');
  });

  it('replays a reasoning item on the next turn exactly as it came', async () => {
    service.server.enqueue(reasoningTurn(['thinking'], 'first', { encryptedContent: 'gAAAAB-opaque' }), textTurn('second'));
    const first = summarizeTurn(await collectEvents(provider().stream(request)));
    await collectEvents(provider().stream({
      ...request,
      input: [...request.input, { type: 'provider_item', item: first.replayItems[0] }, { type: 'message', role: 'assistant', content: first.text }],
    }));
    const sentAgain = (service.server.requests[1].body?.input as unknown[])[1];
    assert.deepEqual(sentAgain, first.replayItems[0].data);
  });

  it('assembles two parallel tool calls whose arguments are split across many deltas', async () => {
    const calls = [
      { name: 'read_file', arguments: JSON.stringify({ path: 'src/server/config.ts' }), callId: 'call_read' },
      { name: 'search', arguments: JSON.stringify({ query: 'loadConfig(', glob: '**/*.ts' }), callId: 'call_search' },
    ];
    service.server.enqueue(toolCallTurn(calls, { chunkSize: 2, interleave: true }));
    const events = await collectEvents(provider().stream({ ...request, tools: [{ name: 'read_file', description: 'Read', parameters: { type: 'object' } }] }));
    const summary = summarizeTurn(events);
    assert.deepEqual(summary.calls, calls.map((c) => ({ callId: c.callId, name: c.name, arguments: c.arguments })));
    assert.deepEqual(summary.argumentDeltas, { call_read: calls[0].arguments, call_search: calls[1].arguments });
    assert.ok(events.filter((e) => e.type === 'tool_call_delta').length > 20);
    const firstComplete = events.findIndex((e) => e.type === 'tool_call_complete');
    assert.ok(events.slice(0, firstComplete).some((e) => e.type === 'tool_call_delta' && e.callId === 'call_search'), 'deltas of both calls arrive before either completes');
  });

  it('reads usage reported flat', async () => {
    service.server.enqueue(new ResponseBuilder().message('ok').completed({ input: 900, output: 30, cached: 512, reasoning: 12 }, 'flat'));
    const summary = summarizeTurn(await collectEvents(provider().stream(request)));
    assert.deepEqual(summary.usage, [{ inputTokens: 900, cachedInputTokens: 512, outputTokens: 30, reasoningTokens: 12, totalTokens: 930 }]);
  });

  it('understands a server that sends data lines without event names', async () => {
    const turn = new ResponseBuilder().message('no names here').completed({ input: 1, output: 1 });
    service.server.enqueue(turn.kind === 'stream' ? { ...turn, dataOnly: true } : turn);
    const summary = summarizeTurn(await collectEvents(provider().stream(request)));
    assert.equal(summary.text, 'no names here');
    assert.equal(summary.terminal?.type, 'completed');
  });

  it('asks for a whole response without streaming when delivery is sync, and gives the same events', async () => {
    service.server.enqueue(new ResponseBuilder().message('All at once.', { phase: 'final_answer' }).functionCalls([{ name: 'ls', arguments: '{"dir":"."}', callId: 'call_ls' }]).completed({ input: 9, output: 4 }));
    const summary = summarizeTurn(await collectEvents(provider().stream({ ...request, options: { delivery: 'sync' } })));
    assert.equal(service.server.requests[0].body?.stream, false);
    assert.deepEqual(summary.textByPhase, { final_answer: 'All at once.' });
    assert.deepEqual(summary.calls, [{ callId: 'call_ls', name: 'ls', arguments: '{"dir":"."}' }]);
    assert.deepEqual(summary.started, [{ callId: 'call_ls', name: 'ls' }]);
    assert.equal(summary.usage[0]?.totalTokens, 13);
    assert.equal(summary.terminal?.type, 'completed');
  });

  it('ends an incomplete response with its reason, keeping the text so far', async () => {
    service.server.enqueue(new ResponseBuilder().message('The first half of').incomplete('max_output_tokens', { input: 3, output: 16 }));
    const summary = summarizeTurn(await collectEvents(provider().stream(request)));
    assert.equal(summary.text, 'The first half of');
    assert.deepEqual(summary.terminal && { type: summary.terminal.type, reason: (summary.terminal as { reason: string }).reason }, { type: 'incomplete', reason: 'max_output_tokens' });
    assert.equal(summary.usage[0]?.outputTokens, 16);
  });

  it('ends a failed response with an error carrying the service code and message', async () => {
    service.server.enqueue(new ResponseBuilder().failed('server_error', 'The server had an error while processing your request.'));
    const summary = summarizeTurn(await collectEvents(provider().stream(request)));
    assert.equal(summary.error?.kind, 'server');
    assert.equal(summary.error?.code, 'server_error');
    assert.match(summary.error!.message, /while processing your request/);
  });

  it('reads error events both nested and flat, keeping the text before them', async () => {
    for (const shape of ['nested', 'flat'] as const) {
      service.server.enqueue(new ResponseBuilder().message('partial ').errorEvent({ code: 'rate_limit_exceeded', message: 'Too many tokens per minute.' }, shape));
      const summary = summarizeTurn(await collectEvents(provider().stream(request)));
      assert.equal(summary.text, 'partial ', shape);
      assert.equal(summary.error?.kind, 'rate_limit', shape);
      assert.equal(summary.error?.code, 'rate_limit_exceeded', shape);
      assert.match(summary.error!.message, /Too many tokens per minute/, shape);
      assert.deepEqual(summary.afterTerminal, [], shape);
    }
  });

  it('uses a custom fetch and sends custom headers', async () => {
    service.server.enqueue(textTurn('via custom fetch'));
    let calls = 0;
    const countingFetch: typeof fetch = (input, init) => {
      calls++;
      return fetch(input, init);
    };
    const summary = summarizeTurn(await collectEvents(provider({ fetch: countingFetch, headers: { 'x-client': 'mini-coder-test' } }).stream(request)));
    assert.equal(summary.text, 'via custom fetch');
    assert.equal(calls, 1);
    assert.equal(service.server.requests[0].headers['x-client'], 'mini-coder-test');
  });
});
