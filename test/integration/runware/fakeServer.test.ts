import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { createRunwareProvider } from '../../../src/core/providers/runware';
import { ask, collect, providerFor, textOf, useFakeRunware } from './helpers';

/** A well-formed task, to be broken one field at a time. */
function task(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { taskType: 'textInference', taskUUID: randomUUID(), model: 'openai:gpt@5.4-mini', deliveryMethod: 'sync', messages: [{ role: 'user', content: 'Hi' }], ...overrides };
}

describe('Fake Runware server', () => {
  const fake = useFakeRunware();

  async function post(body: unknown): Promise<{ status: number; body: { errors?: { parameter?: string; code: string }[]; data?: unknown[] } }> {
    const response = await fetch(fake.server.url, { method: 'POST', headers: { authorization: `Bearer ${fake.server.apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as never };
  }

  it('answers a well-formed task', async () => {
    const answer = await post([task()]);
    assert.equal(answer.status, 200);
    assert.equal(answer.body.data?.length, 1);
  });

  const broken: [string, unknown, string | undefined][] = [
    ['a body that is not an array', task(), undefined],
    ['an unknown taskType', [task({ taskType: 'textInferense' })], 'taskType'],
    ['a taskUUID that is not v4', [task({ taskUUID: '123e4567-e89b-12d3-a456-426614174000' })], 'taskUUID'],
    ['a missing model', [task({ model: undefined })], 'model'],
    ['a temperature above 2', [task({ settings: { temperature: 2.1 } })], 'settings.temperature'],
    ['a maxTokens of 0', [task({ settings: { maxTokens: 0 } })], 'settings.maxTokens'],
    ['numberResults 5', [task({ numberResults: 5 })], 'numberResults'],
    ['streaming two results', [task({ deliveryMethod: 'stream', numberResults: 2 })], 'numberResults'],
    ['tools under settings', [task({ settings: { tools: [] } })], 'settings.tools'],
    ['a tool with `parameters`', [task({ tools: [{ name: 'a', description: 'd', parameters: {} }] })], 'tools[0].parameters'],
    ['an unknown settings field', [task({ settings: { verbosity: 'low' } })], 'settings.verbosity'],
    ['a last message from the assistant', [task({ messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }] })], 'messages'],
    ['a system role', [task({ messages: [{ role: 'system', content: 'a' }] })], 'messages[0].role'],
    ['an image that is not a data URI', [task({ inputs: { images: ['not an image'] } })], 'inputs.images'],
    ['a bare model name instead of an AIR id', [task({ model: 'gpt-5.4-mini' })], 'model'],
    ['thinkingLevel "banana"', [task({ settings: { thinkingLevel: 'banana' } })], 'settings.thinkingLevel'],
    ['an empty thinkingLevel', [task({ settings: { thinkingLevel: '' } })], 'settings.thinkingLevel'],
    ['thinkingLevel "minimal"', [task({ settings: { thinkingLevel: 'minimal' } })], 'settings.thinkingLevel'],
    ['thinkingLevel "xhigh"', [task({ settings: { thinkingLevel: 'xhigh' } })], 'settings.thinkingLevel'],
    ['a cache scope it does not know', [task({ settings: { cache: { scope: 'everything', ttl: '5m' } } })], 'settings.cache.scope'],
    ['a cache ttl it does not know', [task({ settings: { cache: { scope: 'system', ttl: '2h' } } })], 'settings.cache.ttl'],
    ['a tool without type "function"', [task({ tools: [{ name: 'a', description: 'd', schema: {} }] })], 'tools[0].type'],
    ['toolChoice "required"', [task({ tools: [{ type: 'function', name: 'a', description: 'd', schema: {} }], toolChoice: { type: 'required' } })], 'toolChoice.type'],
    ['toolChoice "specific"', [task({ tools: [{ type: 'function', name: 'a', description: 'd', schema: {} }], toolChoice: { type: 'specific', name: 'a' } })], 'toolChoice.type'],
    ['toolChoice tool naming no tool', [task({ tools: [{ type: 'function', name: 'a', description: 'd', schema: {} }], toolChoice: { type: 'tool', name: 'b' } })], 'toolChoice.name'],
    ['toolChoice at settings level', [task({ settings: { toolChoice: { type: 'auto' } } })], 'settings.tools'],
    ['a tool message answering no call', [task({ messages: [{ role: 'user', content: 'a' }, { role: 'tool', id: 'x', content: 'r' }, { role: 'user', content: 'b' }] })], 'messages[1].id'],
    ['a replayed call with text input', [task({ messages: [{ role: 'user', content: 'a' }, { role: 'assistant', tools: [{ id: 'x', name: 'n', input: '{}' }] }, { role: 'user', content: 'b' }] })], 'messages[1].tools[0].input'],
    ['a negative seed', [task({ seed: -1 })], 'seed'],
  ];
  for (const [name, body, parameter] of broken) {
    it(`refuses ${name} with errors[] naming the parameter`, async () => {
      const answer = await post(body);
      assert.equal(answer.status, 400);
      assert.equal(answer.body.errors?.[0].parameter, parameter);
    });
  }

  it('takes a seed of 9223372036854775807 exactly, and refuses 9223372036854775808', async () => {
    const raw = (seed: string) => `[${JSON.stringify(task()).slice(0, -1)},"seed":${seed}}]`;
    const send = (text: string) => fetch(fake.server.url, { method: 'POST', headers: { authorization: `Bearer ${fake.server.apiKey}` }, body: text });
    assert.equal((await send(raw('9223372036854775807'))).status, 200);
    assert.equal(fake.server.inferenceTasks[0].seed, 9_223_372_036_854_775_807n);
    const refused = await send(raw('9223372036854775808'));
    assert.equal(refused.status, 400);
    assert.equal(((await refused.json()) as { errors: { parameter: string }[] }).errors[0].parameter, 'seed');
  });

  it('refuses a taskUUID that was already used', async () => {
    const once = task();
    assert.equal((await post([once])).status, 200);
    const again = await post([once]);
    assert.equal(again.body.errors?.[0].code, 'duplicateTaskUUID');
  });

  it('refuses a request without the right bearer key', async () => {
    const response = await fetch(fake.server.url, { method: 'POST', body: JSON.stringify([task()]) });
    assert.equal(response.status, 401);
  });

  it('runs as its own process on the port it is given', async function () {
    this.timeout(20_000);
    const repoRoot = path.resolve(__dirname, '..', '..', '..');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'test/support/fakeRunwareServer.main.ts'), '0', '--key', 'proc-key-1', '--reply', 'From another process.'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /listening (\S+)/.exec(out);
          if (match) resolve(match[1]);
        });
        child.on('exit', (code) => reject(new Error(`fake fake.server exited with ${code}`)));
      });
      const events = await collect(createRunwareProvider({ apiKey: 'proc-key-1', baseURL: url }).stream(ask('Hi', { delivery: 'stream' })));
      assert.equal(textOf(events), 'From another process.');
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('is what the provider\'s requests pass: every delivery and option together', async () => {
    const options = { temperature: 1, topP: 0.5, maxOutputTokens: 100, thinkingLevel: 'medium' as const, seed: 3, includeCost: true, includeUsage: true };
    for (const delivery of ['sync', 'async', 'stream'] as const) {
      const events = await collect(providerFor(fake.server).stream(ask('Hi', { ...options, delivery }, { instructions: 'Be kind.' })));
      assert.equal(events[events.length - 1].type, 'completed', delivery);
    }
  });
});
