import assert from 'node:assert/strict';
import { MiniCoderError } from '../../../src/core/errors';
import type { ModelEvent } from '../../../src/core/model/types';
import { NativeToolCalls, nativeToolFields } from '../../../src/core/providers/runware/nativeTools';
import { TurnReader } from '../../../src/core/providers/runware/turn';

function callsIn(...sources: unknown[]): { id?: string; name?: string; arguments: string }[] {
  const calls = new NativeToolCalls();
  sources.forEach((s) => calls.add(s));
  return calls.complete();
}

function ids(): () => string {
  let n = 0;
  return () => `gen_${++n}`;
}

describe('Native tool-call shapes', () => {
  it('reads `toolCalls` entries with string arguments', () => {
    assert.deepEqual(callsIn({ text: '', toolCalls: [{ id: 't1', name: 'read_file', arguments: '{"path":"a"}' }] }), [{ id: 't1', name: 'read_file', arguments: '{"path":"a"}' }]);
  });

  it('reads the older SDK form `tools: [{id, name, input}]` with object input', () => {
    assert.deepEqual(callsIn({ message: { tools: [{ id: 't2', name: 'grep', input: { q: 'x' } }] } }), [{ id: 't2', name: 'grep', arguments: '{"q":"x"}' }]);
  });

  it('reads the OpenAI form `{id, function: {name, arguments}}`', () => {
    assert.deepEqual(callsIn({ tool_calls: [{ id: 't3', type: 'function', function: { name: 'ls', arguments: '{}' } }] }), [{ id: 't3', name: 'ls', arguments: '{}' }]);
  });

  it('joins argument fragments of one call spread over stream frames by index', () => {
    const calls = callsIn(
      { delta: { toolCalls: [{ index: 0, id: 't4', function: { name: 'read_file', arguments: '{"pa' } }] } },
      { delta: { toolCalls: [{ index: 0, function: { arguments: 'th":"b"}' } }] } },
    );
    assert.deepEqual(calls, [{ id: 't4', name: 'read_file', arguments: '{"path":"b"}' }]);
  });

  it('does not take a tool list without call input (the request echoing its tools) for calls', () => {
    assert.deepEqual(callsIn({ tools: [{ name: 'read_file', description: 'd', schema: {} }] }), []);
  });

  it('builds the request side: function tools with `schema`, toolChoice as {type: auto|any|tool|none, name}', () => {
    const tool = { name: 'a', description: 'd', parameters: { type: 'object' } };
    assert.deepEqual(nativeToolFields([tool], 'required'), { tools: [{ type: 'function', name: 'a', description: 'd', schema: { type: 'object' } }], toolChoice: { type: 'any' } });
    assert.deepEqual(nativeToolFields([tool], { name: 'a' }).toolChoice, { type: 'tool', name: 'a' });
    assert.deepEqual(nativeToolFields([tool], 'auto').toolChoice, { type: 'auto' });
    assert.deepEqual(nativeToolFields([tool], 'none').toolChoice, { type: 'none' });
    assert.equal(nativeToolFields([tool], undefined).toolChoice, undefined);
  });
});

describe('Turn reading', () => {
  it('fails loudly, naming the fields read, when the turn asks for tools but carries none we can read', () => {
    const reader = new TurnReader(1, false, ids());
    reader.results([{ text: '', finishReason: 'tool_calls', mysteryCalls: [{ fn: 'x' }] }]);
    assert.throws(() => reader.finish('uuid'), (err: unknown) => err instanceof MiniCoderError && err.kind === 'protocol' && /toolCalls/.test(err.message));
  });

  it('emits native calls as started, delta and complete events, generating ids the service left out', () => {
    const reader = new TurnReader(1, false, ids());
    const events: ModelEvent[] = [...reader.results([{ text: 'ok', finishReason: 'tool_use', tools: [{ name: 'grep', input: { q: 'x' } }] }]), ...reader.finish('uuid')];
    assert.deepEqual(events, [
      { type: 'text_delta', delta: 'ok' },
      { type: 'tool_call_started', callId: 'gen_1', name: 'grep' },
      { type: 'tool_call_delta', callId: 'gen_1', delta: '{"q":"x"}' },
      { type: 'tool_call_complete', callId: 'gen_1', name: 'grep', arguments: '{"q":"x"}' },
      { type: 'completed', responseId: 'uuid' },
    ]);
  });

  it('maps usage and cost, summing them over several results', () => {
    const reader = new TurnReader(2, false, ids());
    reader.results([
      { text: 'a', usage: { promptTokens: 10, completionTokens: 3, totalTokens: 13, thinkingTokens: 1 }, cost: 0.001 },
      { text: 'b', usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15 }, cost: '0.002' },
    ]);
    const usage = reader.finish(undefined).find((e) => e.type === 'usage');
    assert.deepEqual(usage, { type: 'usage', usage: { inputTokens: 20, cachedInputTokens: 0, outputTokens: 8, reasoningTokens: 1, totalTokens: 28, costUsd: 0.003 } });
  });

  it('with several results runs only the first result\'s calls and shows the others\' calls in their text', () => {
    const reader = new TurnReader(2, true, ids());
    const events = [
      ...reader.results([
        { text: 'A <tool_call name="read_file">{"path":"a"}</tool_call>' },
        { text: 'B <tool_call name="read_file">{"path":"b"}</tool_call>', toolCalls: [{ id: 'n1', name: 'grep', arguments: '{}' }] },
      ]),
      ...reader.finish(undefined),
    ];
    const calls = events.filter((e) => e.type === 'tool_call_complete');
    assert.deepEqual(calls, [{ type: 'tool_call_complete', callId: 'gen_1', name: 'read_file', arguments: '{"path":"a"}' }]);
    const second = events.filter((e) => e.type === 'text_delta' && e.resultIndex === 1).map((e) => (e as { delta: string }).delta).join('');
    assert.equal(second, 'B \n[tool call read_file {"path":"b"}]\n\n[tool call grep {}]\n');
  });

  it('drops a text-protocol call the token limit cut in half, naming its tool', () => {
    const reader = new TurnReader(1, true, ids());
    const events = [...reader.results([{ text: 'Patching.\n<tool_call name="apply_patch">{"patch":"*** Begin', finishReason: 'length' }]), ...reader.finish('u')];
    assert.ok(!events.some((e) => e.type === 'tool_call_complete'));
    assert.deepEqual(events.at(-1), { type: 'incomplete', reason: 'max_output_tokens', responseId: 'u', cutToolCall: 'apply_patch' });
  });

  it('reads the older stream form and fails, naming the fields, on one it does not know', () => {
    const older = new TurnReader(1, false, ids());
    const events = [...older.frame({ choices: [{ index: 0, delta: { content: 'Hi' } }] }), ...older.frame({ choices: [{ index: 0, finish_reason: 'stop' }] }), ...older.finish('u')];
    assert.deepEqual(events, [{ type: 'text_delta', delta: 'Hi' }, { type: 'completed', responseId: 'u' }]);
    const unknown = new TurnReader(1, false, ids());
    unknown.frame({ taskUUID: 'u', output: { words: 'Hi' } });
    unknown.frame({ taskUUID: 'u', finishReason: 'stop' });
    assert.throws(() => unknown.finish('u'), (err: unknown) => err instanceof MiniCoderError && err.kind === 'protocol' && /the fields it had: output\.words/.test(err.message));
  });

  it('reads cached prompt tokens from the usage or from costBreakdown.tokens.cache', () => {
    const fromUsage = new TurnReader(1, false, ids());
    fromUsage.results([{ text: 'a', usage: { promptTokens: 100, completionTokens: 1, promptTokensDetails: { cachedTokens: 80 } } }]);
    const fromBreakdown = new TurnReader(1, false, ids());
    fromBreakdown.results([{ text: 'a', usage: { promptTokens: 100, completionTokens: 1 }, costBreakdown: { tokens: { cache: { read: 60 } } } }]);
    const cached = (reader: TurnReader) => (reader.finish(undefined).find((e) => e.type === 'usage') as { usage: { cachedInputTokens: number } }).usage.cachedInputTokens;
    assert.equal(cached(fromUsage), 80);
    assert.equal(cached(fromBreakdown), 60);
  });

  it('ends a turn cut by the token limit as incomplete', () => {
    const reader = new TurnReader(1, false, ids());
    reader.results([{ text: 'half', finishReason: 'length' }]);
    assert.deepEqual(reader.finish('u').at(-1), { type: 'incomplete', reason: 'max_output_tokens', responseId: 'u' });
  });
});
