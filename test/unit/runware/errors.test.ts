import assert from 'node:assert/strict';
import { networkError, runwareError } from '../../../src/core/providers/runware/errors';

describe('Runware error mapping', () => {
  const body = { errors: [{ code: 'someCode', message: 'Something went wrong', parameter: 'settings.temperature' }] };

  for (const [status, kind] of [
    [400, 'bad_request'],
    [401, 'auth'],
    [402, 'insufficient_balance'],
    [403, 'auth'],
    [404, 'bad_request'],
    [429, 'rate_limit'],
    [500, 'server'],
    [503, 'server'],
  ] as const) {
    it(`makes HTTP ${status} a ${kind} error carrying Runware's message, code and parameter`, () => {
      const info = runwareError(body, status);
      assert.equal(info.kind, kind);
      assert.equal(info.status, status);
      assert.equal(info.code, 'someCode');
      assert.match(info.message, /Something went wrong; code someCode; parameter settings\.temperature/);
    });
  }

  it('reads the singular `error` object and a plain `error` string', () => {
    assert.equal(runwareError({ error: { code: 'c1', message: 'm1' } }, 400).code, 'c1');
    assert.match(runwareError({ error: 'plain words' }, 500).message, /plain words/);
  });

  it('sorts errors without an HTTP status by their code', () => {
    assert.equal(runwareError({ errors: [{ code: 'insufficientCredits', message: 'x' }] }).kind, 'insufficient_balance');
    assert.equal(runwareError({ errors: [{ code: 'invalidApiKey', message: 'x' }] }).kind, 'auth');
    assert.equal(runwareError({ errors: [{ code: 'invalidParameter', message: 'x' }] }).kind, 'bad_request');
    assert.equal(runwareError({ errors: [{ code: 'inferenceFailed', message: 'x' }] }).kind, 'server');
    assert.equal(runwareError({ status: 'error', code: 'timeoutProvider', message: 'slow' }).kind, 'timeout');
  });

  it('never repeats a key the service echoed back', () => {
    const info = runwareError({ errors: [{ code: 'invalidApiKey', message: 'Bad key Bearer abcdefghijklmnop1234 apiKey: "rw-secret-123456"' }] }, 401);
    assert.doesNotMatch(info.message, /abcdefghijklmnop1234|rw-secret-123456/);
  });

  it('names the endpoint and the cause of a network failure', () => {
    const err = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    assert.deepEqual(networkError(err, 'http://127.0.0.1:9/v1'), { kind: 'network', message: 'Could not reach Runware at http://127.0.0.1:9/v1: ECONNREFUSED.' });
  });
});
