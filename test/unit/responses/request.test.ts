import * as assert from 'node:assert/strict';
import type { ModelRequest } from '../../../src/core/model/types';
import { isReasoningModel, toResponsesBody } from '../../../src/core/providers/responsesRequest';

const PNG = 'data:image/png;base64,iVBORw0KGgo=';

describe('Responses request body', () => {
  it('maps a whole conversation to input items, keyed by call_id', () => {
    const reasoning = { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'gAAA' };
    const request: ModelRequest = {
      model: 'gpt-5.4-mini',
      instructions: 'You are a coding assistant.',
      input: [
        { type: 'message', role: 'user', content: 'What is in this screenshot?', images: [PNG] },
        { type: 'provider_item', item: { provider: 'responses', data: reasoning } },
        { type: 'message', role: 'assistant', content: 'Let me check.', phase: 'commentary' },
        { type: 'function_call', callId: 'call_1', name: 'read_file', arguments: '{"path":"a.ts"}' },
        { type: 'function_call_output', callId: 'call_1', output: 'const a = 1;' },
        { type: 'provider_item', item: { provider: 'runware', data: { whatever: true } } },
      ],
    };
    const body = toResponsesBody(request, true);
    assert.equal(body.instructions, 'You are a coding assistant.');
    assert.equal(body.stream, true);
    assert.deepEqual(body.input, [
      {
        type: 'message',
        role: 'user',
        content: [
          { type: 'input_text', text: 'What is in this screenshot?' },
          { type: 'input_image', image_url: PNG, detail: 'auto' },
        ],
      },
      reasoning,
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Let me check.', annotations: [] }], phase: 'commentary' },
      { type: 'function_call', call_id: 'call_1', name: 'read_file', arguments: '{"path":"a.ts"}' },
      { type: 'function_call_output', call_id: 'call_1', output: 'const a = 1;' },
    ]);
    assert.equal(body.input[1], reasoning, 'our own provider items go back as the very object received');
  });

  it('offers tools flat and non-strict, and names a forced tool', () => {
    const parameters = { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] };
    const body = toResponsesBody(
      { model: 'gpt-5.4-mini', input: [], tools: [{ name: 'read_file', description: 'Reads a file', parameters }], toolChoice: { name: 'read_file' } },
      true,
    );
    assert.deepEqual(body.tools, [{ type: 'function', name: 'read_file', description: 'Reads a file', parameters, strict: false }]);
    assert.deepEqual(body.tool_choice, { type: 'function', name: 'read_file' });
    assert.equal(toResponsesBody({ model: 'm', input: [], toolChoice: 'required' }, true).tool_choice, 'required');
  });

  it('maps every sampling and output option', () => {
    const body = toResponsesBody(
      {
        model: 'gpt-5.4-mini',
        input: [],
        options: {
          maxOutputTokens: 2048,
          topP: 0.9,
          reasoningEffort: 'high',
          reasoningSummary: 'detailed',
          verbosity: 'low',
          textFormat: 'json_object',
          store: false,
          user: 'user-42',
        },
      },
      false,
    );
    assert.equal(body.stream, false);
    assert.equal(body.max_output_tokens, 2048);
    assert.equal(body.top_p, 0.9);
    assert.deepEqual(body.reasoning, { effort: 'high', summary: 'detailed' });
    assert.deepEqual(body.text, { format: { type: 'json_object' }, verbosity: 'low' });
    assert.equal(body.store, false);
    assert.equal(body.user, 'user-42');
  });

  it('sends only the options that were set, and store: false always', () => {
    const body = toResponsesBody({ model: 'gpt-4.1', input: [] }, true);
    assert.deepEqual(Object.keys(body).sort(), ['input', 'model', 'store', 'stream']);
    assert.equal(body.store, false);
    assert.equal(toResponsesBody({ model: 'gpt-4.1', input: [], options: { store: true } }, true).store, true);
  });

  it('leaves out what the model does not take: reasoning and verbosity off the gpt-5 family, temperature on it', () => {
    const options = { reasoningEffort: 'high', reasoningSummary: 'auto', verbosity: 'low', temperature: 0.5 } as const;
    const older = toResponsesBody({ model: 'gpt-4.1', input: [], options }, true);
    assert.equal(older.reasoning, undefined);
    assert.equal(older.text, undefined);
    assert.equal(older.temperature, 0.5);
    const reasoning = toResponsesBody({ model: 'openai:gpt@5.4-mini', input: [], options }, true);
    assert.deepEqual(reasoning.reasoning, { effort: 'high', summary: 'auto' });
    assert.deepEqual(reasoning.text, { verbosity: 'low' });
    assert.equal(reasoning.temperature, undefined);
  });

  it('asks for JSON in the instructions when the output format is json_object (the service requires the word)', () => {
    const body = toResponsesBody({ model: 'gpt-5.4-mini', instructions: 'Be brief.', input: [], options: { textFormat: 'json_object' } }, true);
    assert.deepEqual(body.text, { format: { type: 'json_object' } });
    assert.match(String(body.instructions), /^Be brief\.\n\n.*JSON/);
  });

  it('never sends temperature to reasoning models, and does to the others', () => {
    for (const model of ['gpt-5.4-mini', 'gpt-5', 'o4-mini', 'o3', 'openai/gpt-5.4-mini']) {
      assert.equal(toResponsesBody({ model, input: [], options: { temperature: 0.2 } }, true).temperature, undefined, model);
    }
    for (const model of ['gpt-4.1', 'gpt-4o-mini', 'qwen2.5-coder']) {
      assert.equal(toResponsesBody({ model, input: [], options: { temperature: 0.2 } }, true).temperature, 0.2, model);
    }
  });

  it('recognises the reasoning model families', () => {
    assert.deepEqual(['gpt-5.4-mini', 'o1', 'GPT-5', 'gpt-4.1', 'llama3', 'openai:gpt@5.4-mini'].map(isReasoningModel), [true, true, true, false, false, true]);
  });

  it('asks for encrypted reasoning unless responses are stored', () => {
    assert.deepEqual(toResponsesBody({ model: 'gpt-5.4-mini', input: [] }, true).include, ['reasoning.encrypted_content']);
    assert.deepEqual(toResponsesBody({ model: 'gpt-5.4-mini', input: [], options: { store: false } }, true).include, ['reasoning.encrypted_content']);
    assert.equal(toResponsesBody({ model: 'gpt-5.4-mini', input: [], options: { store: true } }, true).include, undefined);
    assert.equal(toResponsesBody({ model: 'gpt-4.1', input: [] }, true).include, undefined);
  });
});
