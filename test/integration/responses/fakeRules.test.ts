import assert from 'node:assert/strict';
import { FakeResponsesServer, textTurn } from '../../support/fakeResponsesServer';

const KEY = 'test-key-0123456789abcdef0123456789';

/** A well-formed body, to be broken one field at a time. */
function body(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { model: 'gpt-5.4-mini', input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hi' }] }], stream: false, store: false, ...overrides };
}

describe('Fake Responses server refuses what the real service refuses', () => {
  let server: FakeResponsesServer;
  beforeEach(async () => {
    server = await FakeResponsesServer.start({ expectedApiKey: KEY, fallback: textTurn('ok') });
  });
  afterEach(() => server.close());

  async function post(json: unknown): Promise<{ status: number; error?: { param?: string; code?: string; type?: string; message: string } }> {
    const response = await fetch(`${server.baseURL}/responses`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(json) });
    const parsed = (await response.json()) as { error?: { param?: string; code?: string; type?: string; message: string } };
    return { status: response.status, error: parsed.error };
  }

  it('answers a well-formed body', async () => {
    assert.equal((await post(body())).status, 200);
  });

  const broken: [string, Record<string, unknown>, string][] = [
    ['an unknown top-level field', { seed: 7 }, 'seed'],
    ['reasoning effort "minimal" (not in Anyfast\'s list)', { reasoning: { effort: 'minimal' } }, 'reasoning.effort'],
    ['an unknown reasoning summary', { reasoning: { summary: 'brief' } }, 'reasoning.summary'],
    ['reasoning on a model that does not reason', { model: 'gpt-4.1', reasoning: { effort: 'low' } }, 'reasoning.effort'],
    ['top_p 1.5', { top_p: 1.5 }, 'top_p'],
    ['temperature on a reasoning model', { temperature: 0.2 }, 'temperature'],
    ['temperature 2.5 on another model', { model: 'gpt-4.1', temperature: 2.5 }, 'temperature'],
    ['max_output_tokens below 16', { max_output_tokens: 15 }, 'max_output_tokens'],
    ['a fractional max_output_tokens', { max_output_tokens: 100.5 }, 'max_output_tokens'],
    ['an unknown verbosity', { text: { verbosity: 'verbose' } }, 'text.verbosity'],
    ['verbosity on a model before gpt-5', { model: 'gpt-4.1', text: { verbosity: 'low' } }, 'text.verbosity'],
    ['an unknown text format', { text: { format: { type: 'yaml' } } }, 'text.format.type'],
    ['json_object output when nothing asks for JSON', { text: { format: { type: 'json_object' } } }, 'input'],
    ['a tool in Runware\'s shape', { tools: [{ type: 'function', name: 'a', description: 'd', schema: {} }] }, 'tools[0].schema'],
    ['tool_choice naming no tool', { tools: [{ type: 'function', name: 'a', parameters: {} }], tool_choice: { type: 'function', name: 'b' } }, 'tool_choice'],
    ['tool_choice "any"', { tool_choice: 'any' }, 'tool_choice'],
    ['store that is not a boolean', { store: 'no' }, 'store'],
    ['an include it does not know', { include: ['everything'] }, 'include[0]'],
    ['a function output answering no call', { input: [{ type: 'function_call_output', call_id: 'c1', output: 'x' }] }, 'input[0].call_id'],
    ['a reasoning item without encrypted content when nothing is stored', { input: [{ type: 'reasoning', id: 'rs_1', summary: [] }, { role: 'user', content: 'Hi' }] }, 'input[0]'],
    ['phase on a user message', { input: [{ type: 'message', role: 'user', phase: 'commentary', content: 'Hi' }] }, 'input[0].phase'],
    ['an image that is not a URL or data URL', { input: [{ role: 'user', content: [{ type: 'input_image', image_url: 'file:///etc/passwd' }] }] }, 'input[0].content[0].image_url'],
  ];
  for (const [name, overrides, param] of broken) {
    it(`refuses ${name} with a 400 naming ${param}`, async () => {
      const answer = await post(body(overrides));
      assert.equal(answer.status, 400);
      assert.equal(answer.error?.type, 'invalid_request_error');
      assert.equal(answer.error?.param, param);
    });
  }

  it('takes json_object once the input mentions JSON, and a reasoning item with its encrypted content', async () => {
    assert.equal((await post(body({ instructions: 'Answer in JSON.', text: { format: { type: 'json_object' } } }))).status, 200);
    const replay = { input: [{ type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'enc' }, { role: 'user', content: 'Hi' }] };
    assert.equal((await post(body(replay))).status, 200);
  });
});
