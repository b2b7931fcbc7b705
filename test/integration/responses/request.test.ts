import * as assert from 'node:assert/strict';
import type { ModelRequest } from '../../../src/core/model/types';
import { textTurn } from '../../support/fakeResponsesServer';
import { collectEvents } from '../../support/turnSummary';
import { useFakeService } from './fakeService';

const KEY = 'sk-test-request-0123456789';
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

describe('Responses provider over HTTP: the request it sends', () => {
  const service = useFakeService(KEY, { fallback: textTurn('ok') });

  async function send(request: ModelRequest): Promise<Record<string, unknown>> {
    const events = await collectEvents(service.provider().stream(request));
    assert.equal(events.at(-1)?.type, 'completed');
    return service.server.requests.at(-1)!.body!;
  }

  it('posts every option in the wire names, with the key as a bearer token', async () => {
    const parameters = { type: 'object', properties: { path: { type: 'string' } }, required: ['path'], additionalProperties: false };
    const body = await send({
      model: 'gpt-5.4-mini',
      instructions: 'Answer briefly.',
      input: [
        { type: 'message', role: 'user', content: 'What does this show?', images: [PNG] },
        { type: 'message', role: 'assistant', content: 'I will read it.', phase: 'commentary' },
        { type: 'function_call', callId: 'call_7', name: 'read_file', arguments: '{"path":"a.ts"}' },
        { type: 'function_call_output', callId: 'call_7', output: 'export const a = 1;' },
      ],
      tools: [{ name: 'read_file', description: 'Read a file of the workspace', parameters }],
      toolChoice: 'auto',
      options: {
        maxOutputTokens: 4000,
        topP: 0.8,
        temperature: 0.3,
        reasoningEffort: 'low',
        reasoningSummary: 'concise',
        verbosity: 'high',
        textFormat: 'text',
        store: false,
        user: 'tester',
      },
    });
    const request = service.server.requests[0];
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/v1/responses');
    assert.equal(request.headers.authorization, `Bearer ${KEY}`);
    assert.deepEqual(body, {
      model: 'gpt-5.4-mini',
      instructions: 'Answer briefly.',
      input: [
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'What does this show?' }, { type: 'input_image', image_url: PNG, detail: 'auto' }] },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'I will read it.', annotations: [] }], phase: 'commentary' },
        { type: 'function_call', call_id: 'call_7', name: 'read_file', arguments: '{"path":"a.ts"}' },
        { type: 'function_call_output', call_id: 'call_7', output: 'export const a = 1;' },
      ],
      tools: [{ type: 'function', name: 'read_file', description: 'Read a file of the workspace', parameters, strict: false }],
      tool_choice: 'auto',
      max_output_tokens: 4000,
      top_p: 0.8,
      text: { format: { type: 'text' }, verbosity: 'high' },
      reasoning: { effort: 'low', summary: 'concise' },
      store: false,
      user: 'tester',
      include: ['reasoning.encrypted_content'],
      stream: true,
    });
  });

  it('leaves temperature out for gpt-5.4-mini and sends it for a non-reasoning model', async () => {
    const reasoningBody = await send({ model: 'gpt-5.4-mini', input: [], options: { temperature: 0.7 } });
    assert.equal('temperature' in reasoningBody, false);
    const classicBody = await send({ model: 'gpt-4.1-mini', input: [], options: { temperature: 0.7 } });
    assert.equal(classicBody.temperature, 0.7);
  });

  it('uses the configured default model when a request names none', async () => {
    await collectEvents(service.provider({ model: 'gpt-5.4-nano' }).stream({ model: '', input: [] }));
    assert.equal(service.server.requests[0].body?.model, 'gpt-5.4-nano');
  });

  it('names a forced tool as a function choice', async () => {
    const body = await send({ model: 'gpt-5.4-mini', input: [], tools: [{ name: 'edit', description: 'Edit', parameters: { type: 'object' } }], toolChoice: { name: 'edit' } });
    assert.deepEqual(body.tool_choice, { type: 'function', name: 'edit' });
  });
});
