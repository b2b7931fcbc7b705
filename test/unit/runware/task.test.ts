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
    assert.equal(task.settings, undefined);
  });

  it('gives every send of the same plan a fresh UUID v4', () => {
    const plan = planTask(ask(), config);
    const uuids = new Set(Array.from({ length: 20 }, () => plan.withUuid().taskUUID));
    assert.equal(uuids.size, 20);
  });

  it('keeps a Runware model id from the request and replaces a bare Responses model name', () => {
    assert.equal(taskOf(ask({ model: 'openai:gpt@5.4' })).model, 'openai:gpt@5.4');
    assert.equal(taskOf(ask({ model: 'gpt-5.4-mini' })).model, 'openai:gpt@5.4-mini');
  });

  it('maps every option to its Runware field', () => {
    const task = taskOf(
      ask({
        instructions: 'Be brief.',
        options: { temperature: 0.3, topP: 0.9, maxOutputTokens: 2048, thinkingLevel: 'high', numberResults: 3, seed: 42, delivery: 'async', includeCost: false, includeUsage: false },
      }),
    );
    assert.deepEqual(task.settings, { systemPrompt: 'Be brief.', temperature: 0.3, topP: 0.9, maxTokens: 2048, thinkingLevel: 'high' });
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

  it('uses reasoningEffort as thinkingLevel unless thinkingLevel is given', () => {
    assert.equal((taskOf(ask({ options: { reasoningEffort: 'low' } })).settings as Record<string, unknown>).thinkingLevel, 'low');
    assert.equal((taskOf(ask({ options: { reasoningEffort: 'low', thinkingLevel: 'medium' } })).settings as Record<string, unknown>).thinkingLevel, 'medium');
  });

  it('refuses streaming with more than one result before anything is sent', () => {
    const err = refusal(ask({ options: { delivery: 'stream', numberResults: 2 } }));
    assert.equal(err.kind, 'bad_request');
    assert.match(err.message, /numberResults 2 needs delivery sync or async/);
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
    assert.deepEqual(task.tools, [{ name: 'read_file', description: readFile.description, schema: readFile.parameters }]);
    assert.deepEqual(task.toolChoice, { type: 'specific', name: 'read_file' });
    assert.equal(task.settings, undefined);
    assert.deepEqual(taskOf(ask({ tools: [readFile], toolChoice: 'auto' }), 'native').toolChoice, { type: 'auto' });
  });

  it('sends no tools at all when toolChoice is none', () => {
    const task = taskOf(ask({ tools: [readFile], toolChoice: 'none' }), 'native');
    assert.equal(task.tools, undefined);
    assert.equal(task.settings, undefined);
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

  it('ends on a user message even when the conversation ends on the assistant', () => {
    const { messages } = toRunwareConversation([
      { type: 'message', role: 'user', content: 'Write a poem.' },
      { type: 'message', role: 'assistant', content: 'Roses are' },
    ]);
    assert.deepEqual(messages[messages.length - 1], { role: 'user', content: CONTINUE_PROMPT });
  });
});
