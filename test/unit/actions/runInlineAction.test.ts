import * as assert from 'node:assert/strict';
import { runInlineAction } from '../../../src/core/actions/runInlineAction';
import type { ModelEvent, ModelProvider, ModelRequest } from '../../../src/core/model/types';

const usage = (input: number, output: number) => ({ inputTokens: input, cachedInputTokens: 0, outputTokens: output, reasoningTokens: 0, totalTokens: input + output });

/** A provider that plays back a script of events and records what it was asked. */
class ScriptedProvider implements ModelProvider {
  readonly id = 'scripted';
  requests: ModelRequest[] = [];
  constructor(private readonly script: Array<ModelEvent | 'throw' | 'wait'>) {}
  async *stream(request: ModelRequest, signal?: AbortSignal): AsyncIterable<ModelEvent> {
    this.requests.push(request);
    for (const step of this.script) {
      if (step === 'throw') throw new Error('socket hang up');
      if (step === 'wait') {
        await new Promise<void>((resolve) => (signal?.aborted ? resolve() : signal?.addEventListener('abort', () => resolve(), { once: true })));
        const err = new Error('aborted');
        err.name = 'AbortError';
        throw err;
      }
      yield step;
    }
  }
}

const request: ModelRequest = {
  model: 'gpt-5.4-mini',
  instructions: 'rewrite',
  input: [{ type: 'message', role: 'user', content: 'x' }],
  tools: [{ name: 'read_file', description: 'd', parameters: { type: 'object' } }],
  toolChoice: 'auto',
};

describe('the inline action streaming driver', () => {
  it('streams the growing answer and resolves with the text and summed usage', async () => {
    const provider = new ScriptedProvider([
      { type: 'text_delta', delta: 'const a' },
      { type: 'text_delta', delta: ' = 1;' },
      { type: 'usage', usage: usage(100, 5) },
      { type: 'usage', usage: usage(0, 2) },
      { type: 'completed' },
    ]);
    const seen: string[] = [];
    const result = await runInlineAction(provider, request, (text) => seen.push(text));
    assert.deepEqual(seen, ['const a', 'const a = 1;']);
    assert.equal(result.text, 'const a = 1;');
    assert.equal(result.error, undefined);
    assert.equal(result.usage.inputTokens, 100);
    assert.equal(result.usage.outputTokens, 7);
  });

  it('never offers tools, and passes the rest of the request through', async () => {
    const provider = new ScriptedProvider([{ type: 'completed' }]);
    await runInlineAction(provider, request, () => {});
    assert.equal(provider.requests[0].tools, undefined);
    assert.equal(provider.requests[0].toolChoice, undefined);
    assert.equal(provider.requests[0].instructions, 'rewrite');
    assert.deepEqual(provider.requests[0].input, request.input);
  });

  it('keeps only the final answer when the model marks commentary before it', async () => {
    const provider = new ScriptedProvider([
      { type: 'text_delta', delta: 'Let me look.', phase: 'commentary' },
      { type: 'text_delta', delta: 'x();', phase: 'final_answer' },
      { type: 'completed' },
    ]);
    const seen: string[] = [];
    const result = await runInlineAction(provider, request, (text) => seen.push(text));
    assert.equal(result.text, 'x();');
    assert.deepEqual(seen, ['Let me look.', 'x();']);
  });

  it('ignores alternative results', async () => {
    const provider = new ScriptedProvider([
      { type: 'text_delta', delta: 'a', resultIndex: 0 },
      { type: 'text_delta', delta: 'b', resultIndex: 1 },
      { type: 'completed' },
    ]);
    assert.equal((await runInlineAction(provider, request, () => {})).text, 'a');
  });

  it('reports the provider\'s error with the partial text', async () => {
    const provider = new ScriptedProvider([
      { type: 'text_delta', delta: 'par' },
      { type: 'error', error: { kind: 'auth', message: 'The API key was rejected.' } },
    ]);
    const result = await runInlineAction(provider, request, () => {});
    assert.equal(result.text, 'par');
    assert.deepEqual(result.error, { kind: 'auth', message: 'The API key was rejected.' });
  });

  it('treats an answer cut off at the output limit as an error that says what to change', async () => {
    const provider = new ScriptedProvider([{ type: 'text_delta', delta: 'a' }, { type: 'incomplete', reason: 'max_output_tokens' }]);
    const result = await runInlineAction(provider, request, () => {});
    assert.equal(result.error?.kind, 'server');
    assert.match(result.error!.message, /max output tokens/);
  });

  it('reports a stream that ends without finishing, and one that throws, as network errors', async () => {
    const ended = await runInlineAction(new ScriptedProvider([{ type: 'text_delta', delta: 'a' }]), request, () => {});
    assert.equal(ended.error?.kind, 'network');
    const thrown = await runInlineAction(new ScriptedProvider([{ type: 'text_delta', delta: 'a' }, 'throw']), request, () => {});
    assert.equal(thrown.error?.kind, 'network');
    assert.match(thrown.error!.message, /socket hang up/);
  });

  it('stops with a cancelled result when the signal aborts mid-stream', async () => {
    const controller = new AbortController();
    const provider = new ScriptedProvider([{ type: 'text_delta', delta: 'par' }, 'wait']);
    const running = runInlineAction(provider, request, () => controller.abort(), controller.signal);
    const result = await running;
    assert.equal(result.error?.kind, 'cancelled');
    assert.equal(result.text, 'par');
  });

  it('does not call the model when already cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const provider = new ScriptedProvider([{ type: 'completed' }]);
    const result = await runInlineAction(provider, request, () => {}, controller.signal);
    assert.equal(result.error?.kind, 'cancelled');
    assert.equal(provider.requests.length, 0);
  });
});
