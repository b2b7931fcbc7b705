import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ModelEvent } from '../../../src/core/model/types';
import { ResponsesEventNormalizer } from '../../../src/core/providers/responsesEvents';
import { usageFrom } from '../../../src/core/providers/responsesWire';
import { ResponseBuilder, type FakeTurn, type WireEvent } from '../../support/responsesTurns';
import { summarizeTurn } from '../../support/turnSummary';

function eventsOf(turn: FakeTurn): WireEvent[] {
  assert.equal(turn.kind, 'stream');
  return turn.events;
}

function normalizeAll(events: unknown[]): ModelEvent[] {
  const normalizer = new ResponsesEventNormalizer();
  return events.flatMap((event) => normalizer.normalize(event));
}

const terminalOf = (events: WireEvent[]) => events.find((e) => /^response\.(completed|incomplete|failed)$/.test(e.type))!;

describe('Responses event normalizer', () => {
  it('streams message text as deltas tagged with the phase of their message', () => {
    const turn = new ResponseBuilder()
      .message('Let me look at the file first.', { phase: 'commentary', chunkSize: 5 })
      .message('The bug is on line 3.', { phase: 'final_answer', chunkSize: 3 })
      .completed({ input: 5, output: 9 });
    const events = normalizeAll(eventsOf(turn));
    const summary = summarizeTurn(events);
    assert.deepEqual(summary.textByPhase, { commentary: 'Let me look at the file first.', final_answer: 'The bug is on line 3.' });
    assert.ok(events.filter((e) => e.type === 'text_delta').length > 10, 'text arrives as many deltas, not once at the end');
    assert.deepEqual(summary.terminal, { type: 'completed', responseId: (terminalOf(eventsOf(turn)).response as { id: string }).id });
  });

  it('leaves the phase out for messages that have none', () => {
    const events = normalizeAll(eventsOf(new ResponseBuilder().message('plain').completed()));
    assert.ok(events.filter((e) => e.type === 'text_delta').every((e) => !('phase' in e)));
  });

  it('joins reasoning summary parts as paragraphs and asks for the reasoning item to be replayed', () => {
    const turn = new ResponseBuilder()
      .reasoning(['**Planning** the change', 'Checking the tests'], { encryptedContent: 'gAAAA-secret-blob', chunkSize: 4 })
      .message('Done.')
      .completed({ input: 1, output: 2, reasoning: 1 });
    const summary = summarizeTurn(normalizeAll(eventsOf(turn)));
    assert.equal(summary.reasoning, '**Planning** the change\n\nChecking the tests');
    assert.equal(summary.replayItems.length, 1, 'replayed once although the completed output lists it again');
    const item = summary.replayItems[0];
    assert.equal(item.provider, 'responses');
    assert.equal((item.data as { encrypted_content: string }).encrypted_content, 'gAAAA-secret-blob');
    assert.equal((item.data as { type: string }).type, 'reasoning');
  });

  it('treats reasoning_text deltas as reasoning too', () => {
    const summary = summarizeTurn(normalizeAll(eventsOf(new ResponseBuilder().reasoning(['raw thoughts'], { raw: true }).completed())));
    assert.equal(summary.reasoning, 'raw thoughts');
  });

  it('attributes interleaved argument deltas of parallel calls to their own call id and completes each once', () => {
    const calls = [
      { name: 'read_file', arguments: '{"path":"src/a.ts"}', callId: 'call_A' },
      { name: 'search', arguments: '{"query":"TODO","limit":10}', callId: 'call_B' },
    ];
    const summary = summarizeTurn(normalizeAll(eventsOf(new ResponseBuilder().functionCalls(calls, { interleave: true, chunkSize: 3 }).completed())));
    assert.deepEqual(summary.started, [{ callId: 'call_A', name: 'read_file' }, { callId: 'call_B', name: 'search' }]);
    assert.deepEqual(summary.argumentDeltas, { call_A: calls[0].arguments, call_B: calls[1].arguments });
    assert.deepEqual(summary.calls, calls.map((c) => ({ callId: c.callId, name: c.name, arguments: c.arguments })));
  });

  it('completes every call exactly once with its exact arguments, for any calls and chunking', () => {
    const call = fc.record({ name: fc.constantFrom('read', 'edit', 'grep'), arguments: fc.json() });
    fc.assert(
      fc.property(fc.array(call, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 7 }), fc.boolean(), (specs, chunkSize, interleave) => {
        const calls = specs.map((spec, i) => ({ ...spec, callId: `call_${i}` }));
        const summary = summarizeTurn(normalizeAll(eventsOf(new ResponseBuilder().functionCalls(calls, { chunkSize, interleave }).completed())));
        assert.deepEqual(summary.calls, calls.map((c) => ({ callId: c.callId, name: c.name, arguments: c.arguments })));
        for (const c of calls) assert.equal(summary.argumentDeltas[c.callId] ?? '', c.arguments);
      }),
    );
  });

  it('reproduces any text exactly, however it is split', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.integer({ min: 1, max: 9 }), (text, chunkSize) => {
        const summary = summarizeTurn(normalizeAll(eventsOf(new ResponseBuilder().message(text, { chunkSize }).completed())));
        assert.equal(summary.text, text);
      }),
    );
  });

  it('takes a call announced only by its finished item', () => {
    const events: WireEvent[] = [
      { type: 'response.output_item.done', output_index: 0, item: { id: 'fc_1', type: 'function_call', call_id: 'call_9', name: 'grep', arguments: '{"q":1}' } },
      { type: 'response.completed', response: { id: 'r1', status: 'completed', output: [] } },
    ];
    const summary = summarizeTurn(normalizeAll(events));
    assert.deepEqual(summary.started, [{ callId: 'call_9', name: 'grep' }]);
    assert.deepEqual(summary.calls, [{ callId: 'call_9', name: 'grep', arguments: '{"q":1}' }]);
  });

  it('shows text a server sent only in its done event, once', () => {
    const events: WireEvent[] = [
      { type: 'response.output_item.added', output_index: 0, item: { id: 'm1', type: 'message', role: 'assistant', content: [], phase: 'final_answer' } },
      { type: 'response.output_text.done', item_id: 'm1', output_index: 0, content_index: 0, text: 'whole answer' },
      { type: 'response.output_item.done', output_index: 0, item: { id: 'm1', type: 'message', content: [{ type: 'output_text', text: 'whole answer' }] } },
      { type: 'response.completed', response: { id: 'r1', status: 'completed', output: [] } },
    ];
    const summary = summarizeTurn(normalizeAll(events));
    assert.deepEqual(summary.textByPhase, { final_answer: 'whole answer' });
  });

  it('fills in text the deltas missed from the done event, without repeating what was shown', () => {
    const events = normalizeAll([
      { type: 'response.output_item.added', output_index: 0, item: { id: 'm1', type: 'message', content: [], phase: 'commentary' } },
      { type: 'response.output_text.delta', item_id: 'm1', content_index: 0, delta: 'Got it' },
      { type: 'response.output_text.done', item_id: 'm1', content_index: 0, text: 'Got it, checking now.' },
      { type: 'response.output_item.done', output_index: 0, item: { id: 'm1', type: 'message', phase: 'commentary', content: [{ type: 'output_text', text: 'Got it, checking now.' }] } },
      { type: 'response.completed', response: { id: 'r', status: 'completed', output: [] } },
    ]);
    assert.deepEqual(events.filter((e) => e.type === 'text_delta'), [
      { type: 'text_delta', delta: 'Got it', phase: 'commentary' },
      { type: 'text_delta', delta: ', checking now.', phase: 'commentary' },
    ]);
  });

  it('keeps the shown text when a done event contradicts it', () => {
    const summary = summarizeTurn(normalizeAll([
      { type: 'response.output_text.delta', item_id: 'm1', content_index: 0, delta: 'Hello' },
      { type: 'response.output_text.done', item_id: 'm1', content_index: 0, text: 'Goodbye, world' },
      { type: 'response.completed', response: { id: 'r', status: 'completed', output: [] } },
    ]));
    assert.equal(summary.text, 'Hello');
  });

  it('sends the argument text the deltas missed before completing the call', () => {
    const events = normalizeAll([
      { type: 'response.output_item.added', output_index: 0, item: { id: 'fc1', type: 'function_call', call_id: 'c1', name: 'edit', arguments: '' } },
      { type: 'response.function_call_arguments.delta', item_id: 'fc1', delta: '{"pa' },
      { type: 'response.function_call_arguments.done', item_id: 'fc1', arguments: '{"path":"x"}' },
    ]);
    assert.deepEqual(events.slice(1), [
      { type: 'tool_call_delta', callId: 'c1', delta: '{"pa' },
      { type: 'tool_call_delta', callId: 'c1', delta: 'th":"x"}' },
      { type: 'tool_call_complete', callId: 'c1', name: 'edit', arguments: '{"path":"x"}' },
    ]);
  });

  it('recovers text, calls and reasoning from the final response when no item events came', () => {
    const full = eventsOf(new ResponseBuilder().reasoning(['why'], { encryptedContent: 'enc' }).message('answer').functionCalls([{ name: 'ls', arguments: '{}', callId: 'c1' }]).completed({ input: 3, output: 4 }));
    const onlyEnds = full.filter((e) => !e.type.startsWith('response.output') && !e.type.startsWith('response.reasoning') && !e.type.startsWith('response.content') && !e.type.startsWith('response.function'));
    assert.ok(onlyEnds.length < full.length / 2, 'the item events were really removed');
    const summary = summarizeTurn(normalizeAll(onlyEnds));
    assert.equal(summary.text, 'answer');
    assert.equal(summary.reasoning, 'why');
    assert.deepEqual(summary.calls, [{ callId: 'c1', name: 'ls', arguments: '{}' }]);
    assert.equal(summary.replayItems.length, 1);
  });

  it('turns a non-streaming Response object into the same events as its stream', () => {
    const turn = new ResponseBuilder().reasoning(['think'], { encryptedContent: 'e' }).message('answer', { phase: 'final_answer' }).functionCalls([{ name: 'ls', arguments: '{"a":1}', callId: 'c1' }]).completed({ input: 3, output: 4, cached: 1 });
    const streamed = summarizeTurn(normalizeAll(eventsOf(turn)));
    const whole = summarizeTurn(new ResponsesEventNormalizer().normalizeResponse(terminalOf(eventsOf(turn)).response));
    for (const field of ['text', 'textByPhase', 'reasoning', 'calls', 'replayItems', 'usage', 'terminal'] as const) {
      assert.deepEqual(whole[field], streamed[field], field);
    }
  });

  it('reports usage from nested details', () => {
    const summary = summarizeTurn(normalizeAll(eventsOf(new ResponseBuilder().message('x').completed({ input: 100, output: 50, cached: 40, reasoning: 20 }))));
    assert.deepEqual(summary.usage, [{ inputTokens: 100, cachedInputTokens: 40, outputTokens: 50, reasoningTokens: 20, totalTokens: 150 }]);
  });

  it('reports usage given flat, as Anyfast documents it', () => {
    const summary = summarizeTurn(normalizeAll(eventsOf(new ResponseBuilder().message('x').completed({ input: 100, output: 50, cached: 40, reasoning: 20 }, 'flat'))));
    assert.deepEqual(summary.usage, [{ inputTokens: 100, cachedInputTokens: 40, outputTokens: 50, reasoningTokens: 20, totalTokens: 150 }]);
  });

  it('accepts chat-style token names and derives a missing total', () => {
    assert.deepEqual(usageFrom({ prompt_tokens: 7, completion_tokens: 3 }), { inputTokens: 7, cachedInputTokens: 0, outputTokens: 3, reasoningTokens: 0, totalTokens: 10 });
    assert.equal(usageFrom(null), undefined);
    assert.equal(usageFrom({ foo: 1 }), undefined);
  });

  it('sends no usage event when the service reports none', () => {
    const summary = summarizeTurn(normalizeAll(eventsOf(new ResponseBuilder().message('x').completed())));
    assert.deepEqual(summary.usage, []);
  });

  it('ends an incomplete response with the reason from incomplete_details, after its usage', () => {
    const events = normalizeAll(eventsOf(new ResponseBuilder().message('cut sh').incomplete('max_output_tokens', { input: 5, output: 16 })));
    assert.deepEqual(events.slice(-2).map((e) => e.type), ['usage', 'incomplete']);
    assert.deepEqual(events.at(-1), { type: 'incomplete', reason: 'max_output_tokens', responseId: (events.at(-1) as { responseId: string }).responseId });
    assert.match((events.at(-1) as { responseId: string }).responseId, /^resp_/);
  });

  it('never completes a call that was cut off with the response', () => {
    const events = normalizeAll([
      { type: 'response.output_item.added', output_index: 0, item: { id: 'fc1', type: 'function_call', call_id: 'c1', name: 'write_file', arguments: '' } },
      { type: 'response.function_call_arguments.delta', item_id: 'fc1', delta: '{"path":"a.ts","content":"par' },
      {
        type: 'response.incomplete',
        response: {
          id: 'r',
          status: 'incomplete',
          incomplete_details: { reason: 'max_output_tokens' },
          output: [{ id: 'fc1', type: 'function_call', status: 'incomplete', call_id: 'c1', name: 'write_file', arguments: '{"path":"a.ts","content":"par' }],
        },
      },
    ]);
    const summary = summarizeTurn(events);
    assert.deepEqual(summary.calls, []);
    assert.equal(summary.terminal?.type, 'incomplete');
  });

  it('ends a failed response with its code and message', () => {
    const summary = summarizeTurn(normalizeAll(eventsOf(new ResponseBuilder().failed('server_error', 'The model crashed.'))));
    assert.equal(summary.error?.kind, 'server');
    assert.equal(summary.error?.code, 'server_error');
    assert.match(summary.error!.message, /The model crashed\./);
  });

  it('reads error events both nested and flat', () => {
    for (const shape of ['nested', 'flat'] as const) {
      const summary = summarizeTurn(normalizeAll(eventsOf(new ResponseBuilder().message('hi').errorEvent({ code: 'rate_limit_exceeded', message: 'Slow down.' }, shape))));
      assert.equal(summary.text, 'hi', shape);
      assert.equal(summary.error?.kind, 'rate_limit', shape);
      assert.equal(summary.error?.code, 'rate_limit_exceeded', shape);
      assert.match(summary.error!.message, /Slow down\./, shape);
    }
  });

  it('names an exhausted quota as a balance problem', () => {
    const summary = summarizeTurn(normalizeAll([{ type: 'error', error: { type: 'insufficient_quota', code: 'insufficient_quota', message: 'You exceeded your current quota.' } }]));
    assert.equal(summary.error?.kind, 'insufficient_balance');
  });

  it('produces exactly one terminal event and ignores anything after it', () => {
    const events = eventsOf(new ResponseBuilder().message('a').completed());
    const doubled = [...events, { type: 'error', code: 'x', message: 'late' }, ...events];
    const summary = summarizeTurn(normalizeAll(doubled));
    assert.deepEqual(summary.afterTerminal, []);
    assert.equal(normalizeAll(doubled).filter((e) => e.type === 'completed' || e.type === 'error').length, 1);
  });

  it('fails loudly, naming the field, on an event it cannot read', () => {
    const noType = normalizeAll([{ delta: 'x' }]);
    assert.equal(noType.length, 1);
    assert.equal((noType[0] as { error: { kind: string } }).error.kind, 'protocol');
    const badDelta = normalizeAll([{ type: 'response.output_text.delta', item_id: 'm', delta: 5 }]);
    assert.match((badDelta[0] as { error: { message: string } }).error.message, /"delta"/);
  });

  it('ignores event types it does not use', () => {
    const events = normalizeAll([
      { type: 'response.web_search_call.searching', item_id: 'ws', output_index: 0 },
      { type: 'response.output_text.annotation.added', item_id: 'm', annotation: {} },
      { type: 'response.completed', response: { id: 'r', status: 'completed', output: [{ id: 'ws', type: 'web_search_call' }] } },
    ]);
    assert.deepEqual(events, [{ type: 'completed', responseId: 'r' }]);
  });

  it('reports a refusal as refusal events, never as answer text', () => {
    const events = normalizeAll([
      { type: 'response.refusal.delta', item_id: 'm', content_index: 0, delta: "I can't help " },
      { type: 'response.refusal.delta', item_id: 'm', content_index: 0, delta: 'with that.' },
      { type: 'response.refusal.done', item_id: 'm', content_index: 0, refusal: "I can't help with that." },
      { type: 'response.completed', response: { id: 'r', status: 'completed', output: [] } },
    ]);
    assert.equal(summarizeTurn(events).text, '');
    const refusal = events.filter((e) => e.type === 'refusal_delta').map((e) => (e as { delta: string }).delta).join('');
    assert.equal(refusal, "I can't help with that.");
  });

  it('reads a refusal that only the final message item carries', () => {
    const events = normalizeAll([
      {
        type: 'response.completed',
        response: { id: 'r', status: 'completed', output: [{ id: 'm', type: 'message', role: 'assistant', content: [{ type: 'refusal', refusal: 'No.' }] }] },
      },
    ]);
    assert.deepEqual(events, [{ type: 'refusal_delta', delta: 'No.' }, { type: 'completed', responseId: 'r' }]);
  });

  it('names the function call an output-limit cut interrupted', () => {
    const events = normalizeAll([
      { type: 'response.output_item.added', output_index: 0, item: { id: 'fc1', type: 'function_call', call_id: 'c1', name: 'apply_patch', arguments: '' } },
      { type: 'response.function_call_arguments.delta', item_id: 'fc1', output_index: 0, delta: '{"patch":"*** Begin' },
      {
        type: 'response.incomplete',
        response: { id: 'r', status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, output: [{ id: 'fc1', type: 'function_call', status: 'incomplete', call_id: 'c1', name: 'apply_patch', arguments: '{"patch":"*** Begin' }] },
      },
    ]);
    assert.deepEqual(events.at(-1), { type: 'incomplete', reason: 'max_output_tokens', responseId: 'r', cutToolCall: 'apply_patch' });
    assert.ok(!events.some((e) => e.type === 'tool_call_complete'), 'a cut call is never runnable');
  });
});
