import * as assert from 'node:assert/strict';
import { refreshOnce } from '../../../src/core/mcp/oauth/refreshOnce';

/** A token endpoint that rotates: each refresh token works once, and every call is counted. */
function rotatingEndpoint() {
  const calls: string[] = [];
  let next = 1;
  const valid = new Set(['r0']);
  const fetchFn = async (_input: string | URL, init?: RequestInit): Promise<Response> => {
    const params = init?.body instanceof URLSearchParams ? init.body : new URLSearchParams(String(init?.body ?? ''));
    calls.push(params.get('grant_type') ?? 'other');
    await new Promise((resolve) => setTimeout(resolve, 10));
    const token = params.get('refresh_token');
    if (params.get('grant_type') === 'refresh_token') {
      if (!token || !valid.delete(token)) return new Response(JSON.stringify({ error: 'invalid_grant' }), { status: 400 });
      const refresh = `r${next++}`;
      valid.add(refresh);
      return new Response(JSON.stringify({ access_token: `a${next}`, refresh_token: refresh }), { status: 200, headers: { 'content-type': 'application/json' } });
    }
    return new Response('ok', { status: 200 });
  };
  return { calls, fetchFn };
}

const refresh = (token: string): RequestInit => ({ method: 'POST', body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: token }) });

describe('refreshing an MCP server\'s token once for requests that need it together', () => {
  it('makes one token request for concurrent refreshes with the same refresh token, and each caller reads the answer', async () => {
    const endpoint = rotatingEndpoint();
    const once = refreshOnce(endpoint.fetchFn);
    const answers = await Promise.all([1, 2, 3].map(() => once('https://auth.example/token', refresh('r0'))));
    assert.deepEqual(endpoint.calls, ['refresh_token']);
    const bodies = await Promise.all(answers.map((a) => a.json() as Promise<{ refresh_token: string }>));
    assert.deepEqual(bodies.map((b) => b.refresh_token), ['r1', 'r1', 'r1']);
    assert.ok(answers.every((a) => a.status === 200 && a.headers.get('content-type') === 'application/json'));
  });

  it('answers a refresh that follows shortly with the used refresh token from the same answer, not a refused second use', async () => {
    const endpoint = rotatingEndpoint();
    const once = refreshOnce(endpoint.fetchFn);
    await once('https://auth.example/token', refresh('r0'));
    const late = await once('https://auth.example/token', refresh('r0'));
    assert.equal(late.status, 200);
    assert.equal(endpoint.calls.length, 1);
  });

  it('lets a new refresh token make its own request, and passes every other request through', async () => {
    const endpoint = rotatingEndpoint();
    const once = refreshOnce(endpoint.fetchFn);
    await once('https://auth.example/token', refresh('r0'));
    assert.equal((await once('https://auth.example/token', refresh('r1'))).status, 200);
    await once('https://auth.example/token', { method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code', code: 'c' }) });
    await once('https://auth.example/token', { method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code', code: 'c' }) });
    await once('https://mcp.example/mcp');
    assert.deepEqual(endpoint.calls, ['refresh_token', 'refresh_token', 'authorization_code', 'authorization_code', 'other']);
  });

  it('does not keep a refresh that failed to reach the server: the next one tries again', async () => {
    let attempts = 0;
    const once = refreshOnce(async (_input: string | URL, _init?: RequestInit) => {
      attempts++;
      if (attempts === 1) throw new TypeError('fetch failed');
      return new Response('{}', { status: 200 });
    });
    await assert.rejects(once('https://auth.example/token', refresh('r0')), /fetch failed/);
    assert.equal((await once('https://auth.example/token', refresh('r0'))).status, 200);
    assert.equal(attempts, 2);
  });
});
