import assert from 'node:assert/strict';
import { ask, collect, last, providerFor, textOf, useFakeRunware } from './helpers';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('Runware deliveries over HTTP', () => {
  const fake = useFakeRunware();

  it('sync: sends one bearer-authenticated task array and carries text, usage and cost', async () => {
    fake.server.reply = () => ({ texts: ['Hello from sync.'] });
    const events = await collect(providerFor(fake.server).stream(ask('Hi', { delivery: 'sync', seed: 7, temperature: 0.2 })));
    assert.equal(textOf(events), 'Hello from sync.');
    const [request] = fake.server.requests;
    assert.equal(request.authorization, `Bearer ${fake.server.apiKey}`);
    assert.ok(Array.isArray(request.body));
    const task = fake.server.inferenceTasks[0];
    assert.match(String(task.taskUUID), UUID_V4);
    assert.equal(task.seed, 7);
    const served = fake.server.served[0] as { usage: { promptTokens: number; completionTokens: number }; cost: number };
    const usage = events.find((e) => e.type === 'usage');
    assert.ok(usage && usage.type === 'usage');
    assert.equal(usage.usage.inputTokens, served.usage.promptTokens);
    assert.equal(usage.usage.outputTokens, served.usage.completionTokens);
    assert.equal(usage.usage.costUsd, served.cost);
    assert.deepEqual(last(events), { type: 'completed', responseId: task.taskUUID });
  });

  it('sync: reports cost without token counts when usage is switched off', async () => {
    const events = await collect(providerFor(fake.server).stream(ask('Hi', { delivery: 'sync', includeUsage: false })));
    const usage = events.find((e) => e.type === 'usage');
    assert.ok(usage && usage.type === 'usage');
    assert.equal(usage.usage.totalTokens, 0);
    assert.equal(usage.usage.costUsd, (fake.server.served[0] as { cost: number }).cost);
  });

  it('sync with numberResults 2: emits each alternative with its resultIndex and sums the cost', async () => {
    fake.server.reply = () => ({ texts: ['First take.', 'Second take.'] });
    const events = await collect(providerFor(fake.server).stream(ask('Name it', { delivery: 'sync', numberResults: 2 })));
    assert.equal(textOf(events, 0), 'First take.');
    assert.equal(textOf(events, 1), 'Second take.');
    const usage = events.find((e) => e.type === 'usage');
    assert.ok(usage && usage.type === 'usage');
    const servedCost = fake.server.served.reduce((sum, item) => sum + (item.cost as number), 0);
    assert.ok(Math.abs((usage.usage.costUsd ?? 0) - servedCost) < 1e-15);
    assert.equal(last(events).type, 'completed');
  });

  it('async: submits, polls getResponse until success, and returns the text', async () => {
    fake.server.reply = () => ({ texts: ['Polled answer.'], pendingPolls: 3, reasoning: 'Thinking it over.' });
    const events = await collect(providerFor(fake.server).stream(ask('Hi', { delivery: 'async' })));
    assert.equal(textOf(events), 'Polled answer.');
    assert.deepEqual(events.filter((e) => e.type === 'reasoning_delta'), [{ type: 'reasoning_delta', delta: 'Thinking it over.' }]);
    const polls = fake.server.requests.filter((r) => (r.body as { taskType: string }[])[0].taskType === 'getResponse');
    assert.equal(polls.length, 4, 'three processing answers, then success');
    const taskUUID = fake.server.inferenceTasks[0].taskUUID;
    assert.ok(polls.every((p) => JSON.stringify(p.body) === JSON.stringify([{ taskType: 'getResponse', taskUUID }])));
    assert.equal(last(events).type, 'completed');
  });

  it('async with numberResults 2: returns both alternatives', async () => {
    fake.server.reply = () => ({ texts: ['A.', 'B.'] });
    const events = await collect(providerFor(fake.server).stream(ask('Hi', { delivery: 'async', numberResults: 2 })));
    assert.deepEqual([textOf(events, 0), textOf(events, 1)], ['A.', 'B.']);
  });

  it('stream: turns SSE deltas into text and reasoning deltas, then usage with cost', async () => {
    fake.server.reply = () => ({ texts: ['Streaming works well.'], reasoning: 'Plan first.', chunk: 3 });
    const events = await collect(providerFor(fake.server).stream(ask('Hi', { delivery: 'stream', thinkingLevel: 'low' })));
    assert.ok(events.filter((e) => e.type === 'text_delta').length >= 7, 'text arrives in several deltas');
    assert.equal(textOf(events), 'Streaming works well.');
    assert.equal(events.filter((e) => e.type === 'reasoning_delta').map((e) => (e as { delta: string }).delta).join(''), 'Plan first.');
    const usage = events.find((e) => e.type === 'usage');
    assert.ok(usage && usage.type === 'usage');
    assert.equal(usage.usage.costUsd, (fake.server.served[0] as { cost: number }).cost);
    assert.equal(usage.usage.reasoningTokens, (fake.server.served[0] as { usage: { thinkingTokens: number } }).usage.thinkingTokens);
    assert.equal((fake.server.inferenceTasks[0].settings as { thinkingLevel: string }).thinkingLevel, 'low');
    assert.equal(last(events).type, 'completed');
  });

  it('stream: refuses numberResults 2 with a clear error without sending anything', async () => {
    const events = await collect(providerFor(fake.server).stream(ask('Hi', { delivery: 'stream', numberResults: 2 })));
    assert.equal(events.length, 1);
    const [event] = events;
    assert.ok(event.type === 'error');
    assert.equal(event.error.kind, 'bad_request');
    assert.equal(fake.server.requests.length, 0);
  });

  it('sends attached images as data URIs in inputs.images', async () => {
    const image = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==';
    const request = { model: 'gpt-5.4-mini', input: [{ type: 'message' as const, role: 'user' as const, content: 'What is this?', images: [image] }], options: { delivery: 'sync' as const } };
    const events = await collect(providerFor(fake.server).stream(request));
    assert.equal(last(events).type, 'completed');
    assert.deepEqual(fake.server.inferenceTasks[0].inputs, { images: [image] });
  });

  it('ends a length-limited answer as incomplete', async () => {
    fake.server.reply = () => ({ texts: ['Cut sh'], finishReason: 'length' });
    const events = await collect(providerFor(fake.server).stream(ask('Hi', { delivery: 'stream', maxOutputTokens: 2 })));
    assert.equal((fake.server.inferenceTasks[0].settings as { maxTokens: number }).maxTokens, 2);
    assert.deepEqual(last(events), { type: 'incomplete', reason: 'max_output_tokens', responseId: fake.server.inferenceTasks[0].taskUUID });
  });
});
