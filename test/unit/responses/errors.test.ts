import * as assert from 'node:assert/strict';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { errorFromThrown, retryAfterFrom, seconds, type FailureContext } from '../../../src/core/providers/responsesErrors';

const context: FailureContext = { host: 'www.anyfast.ai', maxRetries: 2, authHint: "Run 'Mini Coder: Set API Key'.", timeoutMs: 60_000 };

function httpError(status: number, error: Record<string, unknown>, headers: Record<string, string> = {}): APIError {
  return APIError.generate(status, { error }, undefined, new Headers(headers));
}

describe('Responses error mapping', () => {
  it('names the host and where to set a key on 401 and 403, never the key', () => {
    for (const status of [401, 403]) {
      const info = errorFromThrown(httpError(status, { code: 'invalid_api_key', message: 'Incorrect API key provided: sk-proj-abcdefghijklmnop.' }), context);
      assert.equal(info.kind, 'auth');
      assert.equal(info.status, status);
      assert.match(info.message, /www\.anyfast\.ai/);
      assert.match(info.message, /Set API Key/);
      assert.doesNotMatch(info.message, /abcdefghijklmnop/);
    }
  });

  it('says when to retry after a 429', () => {
    const info = errorFromThrown(httpError(429, { code: 'rate_limit_exceeded', message: 'Rate limit reached.' }, { 'retry-after': '20' }), context);
    assert.equal(info.kind, 'rate_limit');
    assert.equal(info.retryAfterMs, 20_000);
    assert.match(info.message, /Try again in 20 s/);
    assert.match(info.message, /Rate limit reached/);
  });

  it('calls an exhausted quota a billing problem, not a rate limit', () => {
    const info = errorFromThrown(httpError(429, { code: 'insufficient_quota', message: 'You exceeded your current quota.' }), context);
    assert.equal(info.kind, 'insufficient_balance');
  });

  it("passes the service's own message on for 400, 404 and 422", () => {
    for (const status of [400, 404, 422]) {
      const info = errorFromThrown(httpError(status, { code: 'model_not_found', message: 'The model `gpt-9` does not exist.' }), context);
      assert.equal(info.kind, 'bad_request');
      assert.equal(info.code, 'model_not_found');
      assert.match(info.message, /The model `gpt-9` does not exist\./);
    }
  });

  it('reports 5xx as a server error after the retries', () => {
    const info = errorFromThrown(httpError(503, { message: 'Overloaded' }), context);
    assert.equal(info.kind, 'server');
    assert.match(info.message, /503.*Overloaded.*after 2 retries/);
  });

  it('tells connection failures, timeouts and aborts apart', () => {
    const refused = errorFromThrown(new APIConnectionError({ cause: new Error('connect ECONNREFUSED 127.0.0.1:9') }), context);
    assert.equal(refused.kind, 'network');
    assert.match(refused.message, /ECONNREFUSED/);
    assert.equal(errorFromThrown(new APIConnectionTimeoutError(), context).kind, 'timeout');
    assert.equal(errorFromThrown(new APIUserAbortError(), context).kind, 'cancelled');
  });

  it('maps an error event the SDK raised (no HTTP status) by its code', () => {
    const info = errorFromThrown(new APIError(undefined, { type: 'server_error', code: 'server_error', message: 'oops' }, undefined, new Headers()), context);
    assert.equal(info.kind, 'server');
    assert.equal(info.code, 'server_error');
    assert.match(info.message, /oops/);
  });

  it('treats a body that breaks mid-stream as a network failure that kept the partial answer', () => {
    const info = errorFromThrown(new TypeError('terminated', { cause: new Error('other side closed') }), context);
    assert.equal(info.kind, 'network');
    assert.match(info.message, /other side closed/);
    assert.match(info.message, /partial answer was kept/);
  });

  it('reads retry-after in milliseconds, seconds or as a date', () => {
    assert.equal(retryAfterFrom(new Headers({ 'retry-after-ms': '150' })), 150);
    assert.equal(retryAfterFrom(new Headers({ 'retry-after': '3' })), 3000);
    const inOneMinute = new Date(Date.now() + 60_000).toUTCString();
    const fromDate = retryAfterFrom(new Headers({ 'retry-after': inOneMinute }))!;
    assert.ok(fromDate > 55_000 && fromDate <= 60_000, String(fromDate));
    assert.equal(retryAfterFrom(new Headers()), undefined);
  });

  it('formats waits briefly', () => {
    assert.deepEqual([seconds(300), seconds(1500), seconds(60_000), seconds(600_000)], ['300 ms', '1.5 s', '60 s', '10 min']);
  });
});
