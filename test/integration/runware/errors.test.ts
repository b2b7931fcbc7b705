import assert from 'node:assert/strict';
import type { ErrorInfo } from '../../../src/core/errors';
import type { ModelEvent } from '../../../src/core/model/types';
import { ask, collect, providerFor, textOf, useFakeRunware } from './helpers';

function errorOf(events: ModelEvent[]): ErrorInfo {
  const end = events[events.length - 1];
  assert.ok(end.type === 'error', `expected the turn to end with an error, got ${end.type}`);
  assert.equal(events.filter((e) => e.type === 'completed' || e.type === 'error' || e.type === 'incomplete').length, 1);
  return end.error;
}

describe('Runware errors over HTTP', () => {
  const fake = useFakeRunware();

  it('turns an `errors[]` body into bad_request with Runware\'s message, code and parameter', async () => {
    fake.server.failNext({ kind: 'errors', status: 400, code: 'invalidModel', message: 'Model not available', parameter: 'model' });
    const error = errorOf(await collect(providerFor(fake.server).stream(ask('Hi', { delivery: 'sync' }))));
    assert.equal(error.kind, 'bad_request');
    assert.equal(error.code, 'invalidModel');
    assert.equal(error.status, 400);
    assert.match(error.message, /Model not available; code invalidModel; parameter model/);
  });

  it('turns a singular `error` body into an error with its message and code', async () => {
    fake.server.failNext({ kind: 'error', status: 400, code: 'badThing', message: 'The singular form' });
    const error = errorOf(await collect(providerFor(fake.server).stream(ask('Hi', { delivery: 'stream' }))));
    assert.equal(error.code, 'badThing');
    assert.match(error.message, /The singular form/);
  });

  it('reports an `errors[]` body sent with HTTP 200 by its code', async () => {
    fake.server.failNext({ kind: 'errors', status: 200, code: 'insufficientCredits', message: 'Not enough credits' });
    const error = errorOf(await collect(providerFor(fake.server).stream(ask('Hi', { delivery: 'sync' }))));
    assert.equal(error.kind, 'insufficient_balance');
  });

  it('reports a wrong key as auth, without repeating the key', async () => {
    const events = await collect(providerFor(fake.server, { apiKey: 'wrong-key-0123456789' }).stream(ask('Hi')));
    const error = errorOf(events);
    assert.equal(error.kind, 'auth');
    assert.equal(error.status, 401);
    assert.match(error.message, /Invalid API key/);
    assert.doesNotMatch(JSON.stringify(events), /wrong-key-0123456789/);
  });

  it('scrubs the key even when Runware quotes it back in a message', async () => {
    fake.server.failNext({ kind: 'errors', status: 403, code: 'forbidden', message: `Key ${fake.server.apiKey} is disabled` });
    const error = errorOf(await collect(providerFor(fake.server).stream(ask('Hi', { delivery: 'sync' }))));
    assert.equal(error.kind, 'auth');
    assert.ok(!error.message.includes(fake.server.apiKey));
    assert.match(error.message, /Key \[redacted\] is disabled/);
  });

  it('reports a missing key before sending anything', async () => {
    const error = errorOf(await collect(providerFor(fake.server, { apiKey: '' }).stream(ask('Hi'))));
    assert.equal(error.kind, 'auth');
    assert.equal(fake.server.requests.length, 0);
  });

  for (const [status, kind] of [
    [402, 'insufficient_balance'],
    [403, 'auth'],
  ] as const) {
    it(`reports HTTP ${status} as ${kind} without retrying`, async () => {
      fake.server.failNext({ kind: 'status', status, code: `code${status}`, message: `Scripted ${status}` });
      const error = errorOf(await collect(providerFor(fake.server).stream(ask('Hi', { delivery: 'sync' }))));
      assert.equal(error.kind, kind);
      assert.equal(error.code, `code${status}`);
      assert.equal(fake.server.requests.length, 1);
    });
  }

  it('retries HTTP 429 and then succeeds, with a fresh taskUUID per attempt', async () => {
    fake.server.failNext({ kind: 'status', status: 429, retryAfterMs: 5 }, { kind: 'status', status: 429, retryAfterMs: 5 });
    fake.server.reply = () => ({ texts: ['Third time lucky.'] });
    const events = await collect(providerFor(fake.server).stream(ask('Hi', { delivery: 'stream' })));
    assert.equal(textOf(events), 'Third time lucky.');
    assert.equal(fake.server.inferenceTasks.length, 3);
    assert.equal(new Set(fake.server.inferenceTasks.map((t) => t.taskUUID)).size, 3);
  });

  it('gives up on HTTP 429 after the retries and says it was rate limited', async () => {
    fake.server.failNext(...Array.from({ length: 3 }, () => ({ kind: 'status' as const, status: 429, code: 'tooManyRequests' })));
    const error = errorOf(await collect(providerFor(fake.server).stream(ask('Hi', { delivery: 'sync' }))));
    assert.equal(error.kind, 'rate_limit');
    assert.equal(fake.server.inferenceTasks.length, 3, 'one try and two retries');
  });

  it('does not wait out a retry-after longer than allowed', async () => {
    fake.server.failNext({ kind: 'status', status: 429, retryAfterMs: 60_000 });
    const error = errorOf(await collect(providerFor(fake.server).stream(ask('Hi', { delivery: 'sync' }))));
    assert.equal(error.kind, 'rate_limit');
    assert.equal(error.retryAfterMs, 60_000);
    assert.equal(fake.server.inferenceTasks.length, 1);
  });

  it('retries HTTP 500 and then succeeds', async () => {
    fake.server.failNext({ kind: 'status', status: 500 });
    const events = await collect(providerFor(fake.server).stream(ask('Hi', { delivery: 'async' })));
    assert.equal(events[events.length - 1].type, 'completed');
    assert.equal(fake.server.inferenceTasks.length, 2);
  });

  it('reports a lasting HTTP 5xx as a fake.server error', async () => {
    fake.server.failNext(...[500, 502, 503].map((status) => ({ kind: 'status' as const, status })));
    const error = errorOf(await collect(providerFor(fake.server).stream(ask('Hi', { delivery: 'sync' }))));
    assert.equal(error.kind, 'server');
    assert.equal(error.status, 503);
  });

  it('reports an error frame inside a stream after the text before it, and never resends', async () => {
    fake.server.reply = () => ({ texts: ['Partial answer that goes on'], chunk: 4 });
    fake.server.failNext({ kind: 'stream_error', afterFrames: 2, code: 'inferenceFailed', message: 'Upstream model failed' });
    const events = await collect(providerFor(fake.server).stream(ask('Hi', { delivery: 'stream' })));
    assert.equal(textOf(events), 'Partial ');
    const error = errorOf(events);
    assert.equal(error.kind, 'server');
    assert.equal(error.code, 'inferenceFailed');
    assert.match(error.message, /Upstream model failed/);
    assert.equal(fake.server.inferenceTasks.length, 1);
  });

  for (const how of ['destroy', 'end'] as const) {
    it(`reports a stream cut off (${how}) as a network error and never resends the billed task`, async () => {
      fake.server.reply = () => ({ texts: ['Some words then silence'], chunk: 5 });
      fake.server.failNext({ kind: 'stream_cut', afterFrames: 2, how });
      const events = await collect(providerFor(fake.server).stream(ask('Hi', { delivery: 'stream' })));
      assert.equal(textOf(events), 'Some words');
      const error = errorOf(events);
      assert.equal(error.kind, 'network');
      assert.match(error.message, /not resent because it is billed/);
      assert.equal(fake.server.inferenceTasks.length, 1);
    });
  }

  it('reports a stream that goes silent as a timeout', async () => {
    fake.server.failNext({ kind: 'stream_stall', afterFrames: 1 });
    const error = errorOf(await collect(providerFor(fake.server, { streamIdleTimeoutMs: 50 }).stream(ask('Hi', { delivery: 'stream' }))));
    assert.equal(error.kind, 'timeout');
  });

  it('reports an async task that ends with status error, with its message and code', async () => {
    fake.server.failNext({ kind: 'async_error', afterPolls: 2, code: 'inferenceFailed', message: 'The model crashed', form: 'item' });
    const error = errorOf(await collect(providerFor(fake.server).stream(ask('Hi', { delivery: 'async' }))));
    assert.equal(error.kind, 'server');
    assert.equal(error.code, 'inferenceFailed');
    assert.match(error.message, /The model crashed/);
  });

  it('reports an async task whose poll answers with `errors[]`', async () => {
    fake.server.failNext({ kind: 'async_error', afterPolls: 0, code: 'insufficientCredits', message: 'Balance too low', form: 'errors' });
    const error = errorOf(await collect(providerFor(fake.server).stream(ask('Hi', { delivery: 'async' }))));
    assert.equal(error.kind, 'insufficient_balance');
    assert.match(error.message, /Balance too low/);
  });

  it('stops polling with a timeout once the task outlasts the limit', async () => {
    fake.server.failNext({ kind: 'async_never' });
    const error = errorOf(await collect(providerFor(fake.server, { pollSchedule: { delayMs: () => 10, maxWaitMs: 60 } }).stream(ask('Hi', { delivery: 'async' }))));
    assert.equal(error.kind, 'timeout');
    assert.match(error.message, /may still finish and be billed/);
  });

  it('passes on what the service refused in a malformed task, naming the parameter', async () => {
    const tools = [{ name: 'bad name with spaces', description: 'd', parameters: { type: 'object' } }];
    const error = errorOf(await collect(providerFor(fake.server, { toolMode: 'native' }).stream(ask('Hi', { delivery: 'sync' }, { tools }))));
    assert.equal(error.kind, 'bad_request');
    assert.match(error.message, /parameter tools\[0\]\.name/);
  });

  it('reports an unreachable service as a network error naming the address', async () => {
    const provider = providerFor(fake.server);
    await fake.server.close();
    const error = errorOf(await collect(provider.stream(ask('Hi'))));
    assert.equal(error.kind, 'network');
    assert.match(error.message, /Could not reach Runware at http:\/\/127\.0\.0\.1:\d+\/v1: ECONNREFUSED/);
      });
});
