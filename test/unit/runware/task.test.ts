import assert from 'node:assert/strict';
import { MiniCoderError } from '../../../src/core/errors';
import type { ModelRequest, ToolSpec } from '../../../src/core/model/types';
import { CONTINUE_PROMPT, toRunwareConversation } from '../../../src/core/providers/runware/messages';
import { planTask } from '../../../src/core/providers/runware/task';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const config = { model: 'openai:gpt@5.4-mini', toolMode: 'text' as const };
const readFile: ToolSpec = { name: 'read_file', description: 'Read a file of the workspace.', parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } };

function ask(overrides: Partial<ModelRequest> = {}): ModelRequest {
  return { model: 'gpt-5.4-mini', input: [{ type: 'message', role: 'user', content: 'Hello' }], ...overrides };
}

function taskOf(request: ModelRequest, mode: 'text' | 'native' = 'text'): Record<string, unknown> {
  return planTask(request, { ...config, toolMode: mode }).withUuid().task;
}

function refusal(request: ModelRequest): MiniCoderError {
  try {
    planTask(request, config);
  } catch (err) {
    assert.ok(err instanceof MiniCoderError);
    return err;
  }
  assert.fail('expected the request to be refused');
}

describe('Runware task mapping', () => {
  it('builds a textInference task with the configured model, streaming, cost and usage by default', () => {
    const task = taskOf(ask());
    assert.equal(task.taskType, 'textInference');
    assert.match(String(task.taskUUID), UUID_V4);
    assert.equal(task.model, 'openai:gpt@5.4-mini');
    assert.equal(task.deliveryMethod, 'stream');
    assert.equal(task.includeCost, true);
    assert.equal(task.includeUsage, true);
    assert.deepEqual(task.messages, [{ role: 'user', content: 'Hello' }]);
    // The product's defaults: room for a large patch, and the prompt cache for the agent's long stable prefix.
    assert.deepEqual(task.settings, { maxTokens: 32_000, cache: { scope: 'system+history', ttl: '5m' } });
  });

  it('gives every send of the same plan a fresh UUID v4', () => {
    const plan = planTask(ask(), config);
    const uuids = new Set(Array.from({ length: 20 }, () => plan.withUuid().taskUUID));
    assert.equal(uuids.size, 20);
  });

  it('keeps a Runware model id from the request, maps a known bare name and refuses an unknown one', () => {
    assert.equal(taskOf(ask({ model: 'openai:gpt@5.4' })).model, 'openai:gpt@5.4');
    assert.equal(taskOf(ask({ model: 'gpt-5.4-mini' })).model, 'openai:gpt@5.4-mini');
    const err = refusal(ask({ model: 'gpt-4o' }));
    assert.equal(err.kind, 'bad_request');
    assert.match(err.message, /provider:model@version, e\.g\. openai:gpt@5\.4-mini/);
  });

  it('maps every option to its Runware field', () => {
    const task = taskOf(
      ask({
        instructions: 'Be brief.',
        options: { temperature: 0.3, topP: 0.9, maxOutputTokens: 2048, thinkingLevel: 'high', numberResults: 3, seed: 42, delivery: 'async', includeCost: false, includeUsage: false, cache: 'system', cacheTtl: '1h' },
      }),
    );
    assert.deepEqual(task.settings, { systemPrompt: 'Be brief.', temperature: 0.3, topP: 0.9, maxTokens: 2048, thinkingLevel: 'high', cache: { scope: 'system', ttl: '1h' } });
    assert.equal(task.numberResults, 3);
    assert.equal(task.seed, 42);
    assert.equal(task.deliveryMethod, 'async');
    assert.equal(task.includeCost, false);
    assert.equal(task.includeUsage, false);
  });

  it('uses the configured delivery when the request names none', () => {
    assert.equal(planTask(ask(), { ...config, delivery: 'async' }).withUuid().task.deliveryMethod, 'async');
    assert.equal(planTask(ask({ options: { delivery: 'sync' } }), { ...config, delivery: 'async' }).delivery, 'sync');
  });

  it('maps the effort words onto the four thinking levels unless thinkingLevel is given', () => {
    const level = (options: ModelRequest['options']) => (taskOf(ask({ options })).settings as Record<string, unknown>).thinkingLevel;
    assert.deepEqual((['none', 'low', 'medium', 'high', 'xhigh'] as const).map((reasoningEffort) => level({ reasoningEffort })), ['none', 'low', 'medium', 'high', 'high']);
    assert.equal(level({ reasoningEffort: 'low', thinkingLevel: 'medium' }), 'medium');
    assert.equal(level({}), undefined);
  });

  it('refuses a thinking level outside none, low, medium and high, and an effort of minimal', () => {
    for (const thinkingLevel of ['banana', '', 'minimal', 'xhigh', 'off']) {
      const err = refusal(ask({ options: { thinkingLevel } as unknown as ModelRequest['options'] }));
      assert.match(err.message, /thinkingLevel must be one of none, low, medium, high/, thinkingLevel);
    }
    assert.match(refusal(ask({ options: { reasoningEffort: 'minimal' } as unknown as ModelRequest['options'] })).message, /reasoningEffort/);
  });

  it('sends no cache setting when the cache is off', () => {
    assert.equal((taskOf(ask({ options: { cache: 'off' } })).settings as Record<string, unknown>).cache, undefined);
  });

  it('carries a seed beyond 2^53 as a bigint, exactly', () => {
    assert.equal(taskOf(ask({ options: { seed: 9_223_372_036_854_775_807n } })).seed, 9_223_372_036_854_775_807n);
    assert.match(refusal(ask({ options: { seed: 9_223_372_036_854_775_808n } })).message, /seed must be a whole number from 0 to 9223372036854775807/);
  });

  it('refuses streaming with more than one result before anything is sent', () => {
    const err = refusal(ask({ options: { delivery: 'stream', numberResults: 2 } }));
    assert.equal(err.kind, 'bad_request');
    assert.match(err.message, /numberResults above 1 needs delivery sync or async/);
  });

  for (const [name, options, pattern] of [
    ['temperature above 2', { temperature: 2.5 }, /temperature/],
    ['topP above 1', { topP: 1.5 }, /topP/],
    ['maxOutputTokens of 0', { maxOutputTokens: 0 }, /maxOutputTokens/],
    ['maxOutputTokens above 128000', { maxOutputTokens: 128_001 }, /maxOutputTokens/],
    ['numberResults of 5', { numberResults: 5, delivery: 'sync' }, /numberResults/],
    ['a negative seed', { seed: -1 }, /seed/],
    ['a fractional seed', { seed: 1.5 }, /seed/],
  ] as const) {
    it(`refuses ${name} naming the option`, () => {
      const err = refusal(ask({ options: options as ModelRequest['options'] }));
      assert.equal(err.kind, 'bad_request');
      assert.match(err.message, pattern);
    });
  }

  it('in text mode describes the tools in the system prompt and sends no native tool fields', () => {
    const task = taskOf(ask({ instructions: 'You are Mini Coder.', tools: [readFile], toolChoice: 'required' }));
    assert.equal(task.tools, undefined);
    assert.equal(task.toolChoice, undefined);
    const prompt = String((task.settings as Record<string, unknown>).systemPrompt);
    assert.ok(prompt.startsWith('You are Mini Coder.'));
    assert.match(prompt, /<tool_call name="TOOL_NAME">/);
    assert.match(prompt, /### read_file\nRead a file of the workspace\./);
    assert.ok(prompt.includes(JSON.stringify(readFile.parameters)));
    assert.match(prompt, /must call at least one tool/);
  });

  it('in native mode puts tools at the task root with `schema` and maps toolChoice', () => {
    const task = taskOf(ask({ tools: [readFile], toolChoice: { name: 'read_file' } }), 'native');
    assert.deepEqual(task.tools, [{ type: 'function', name: 'read_file', description: readFile.description, schema: readFile.parameters }]);
    assert.deepEqual(task.toolChoice, { type: 'tool', name: 'read_file' });
    assert.equal((task.settings as Record<string, unknown>).systemPrompt, undefined);
    assert.deepEqual(taskOf(ask({ tools: [readFile], toolChoice: 'auto' }), 'native').toolChoice, { type: 'auto' });
  });

  it('sends no tools at all when toolChoice is none', () => {
    const task = taskOf(ask({ tools: [readFile], toolChoice: 'none' }), 'native');
    assert.equal(task.tools, undefined);
    assert.equal(task.toolChoice, undefined);
    assert.equal((task.settings as Record<string, unknown>).systemPrompt, undefined);
  });

  it('sends images attached to user messages as inputs.images', () => {
    const image = 'data:image/png;base64,iVBORw0KGgo=';
    const task = taskOf(ask({ input: [{ type: 'message', role: 'user', content: '', images: [image] }] }));
    assert.deepEqual(task.inputs, { images: [image] });
    assert.equal((task.messages as { content: string }[])[0].content, 'See the attached image.');
  });

  it('refuses an empty conversation', () => {
    assert.match(refusal(ask({ input: [] })).message, /nothing to send/);
  });
});

describe('Runware conversation translation', () => {
  it('replays tool calls in the assistant message and their results in a user message keyed by call id', () => {
    const { messages } = toRunwareConversation([
      { type: 'message', role: 'user', content: 'What is in a.ts?' },
      { type: 'message', role: 'assistant', content: 'Let me look.' },
      { type: 'function_call', callId: 'call_1', name: 'read_file', arguments: '{"path":"a.ts"}' },
      { type: 'function_call_output', callId: 'call_1', output: 'export const a = 1;' },
    ]);
    assert.equal(messages.length, 3);
    assert.deepEqual(messages.map((m) => m.role), ['user', 'assistant', 'user']);
    assert.equal(messages[1].content, 'Let me look.\n\n<tool_call name="read_file" id="call_1">\n{"path":"a.ts"}\n</tool_call>');
    assert.equal(messages[2].content, '<tool_result id="call_1" name="read_file">\nexport const a = 1;\n</tool_result>');
  });

  it('merges neighbouring messages of one role and skips other services\' opaque items', () => {
    const { messages } = toRunwareConversation([
      { type: 'message', role: 'user', content: 'one' },
      { type: 'provider_item', item: { provider: 'responses', data: { encrypted: 'x' } } },
      { type: 'message', role: 'user', content: 'two' },
    ]);
    assert.deepEqual(messages, [{ role: 'user', content: 'one\n\ntwo' }]);
  });

  it('in native mode replays calls as the assistant message\'s tools and results as tool messages keyed by call id', () => {
    const { messages } = toRunwareConversation(
      [
        { type: 'message', role: 'user', content: 'What is in a.ts and b.ts?' },
        { type: 'message', role: 'assistant', content: 'Let me look.' },
        { type: 'function_call', callId: 'call_1', name: 'read_file', arguments: '{"path":"a.ts"}' },
        { type: 'function_call', callId: 'call_2', name: 'read_file', arguments: 'not json' },
        { type: 'function_call_output', callId: 'call_1', output: 'export const a = 1;' },
        { type: 'function_call_output', callId: 'call_2', output: '' },
      ],
      'native',
    );
    assert.deepEqual(messages, [
      { role: 'user', content: 'What is in a.ts and b.ts?' },
      { role: 'assistant', content: 'Let me look.', tools: [{ id: 'call_1', name: 'read_file', input: { path: 'a.ts' } }, { id: 'call_2', name: 'read_file', input: {} }] },
      { role: 'tool', id: 'call_1', content: 'export const a = 1;' },
      { role: 'tool', id: 'call_2', content: '(no output)' },
      // Runware requires the last message to be the user's.
      { role: 'user', content: CONTINUE_PROMPT },
    ]);
  });

  it('ends on a user message even when the conversation ends on the assistant', () => {
    const { messages } = toRunwareConversation([
      { type: 'message', role: 'user', content: 'Write a poem.' },
      { type: 'message', role: 'assistant', content: 'Roses are' },
    ]);
    assert.deepEqual(messages[messages.length - 1], { role: 'user', content: CONTINUE_PROMPT });
  });
});
