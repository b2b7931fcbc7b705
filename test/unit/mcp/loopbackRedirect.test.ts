import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { openLoopbackRedirect, REDIRECT_PATH } from '../../../src/core/mcp/oauth/loopbackRedirect';

describe('the loopback redirect of an OAuth sign-in', () => {
  const back = (redirectUrl: string, params: Record<string, string>) => {
    const url = new URL(redirectUrl);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    return fetch(url);
  };

  it('listens on 127.0.0.1 on a random port, on one path, and hands over the code that comes with the right state', async () => {
    const redirect = await openLoopbackRedirect({ timeoutMs: 5000 });
    const url = new URL(redirect.url);
    assert.equal(url.hostname, '127.0.0.1');
    assert.ok(Number(url.port) > 0);
    assert.equal(url.pathname, REDIRECT_PATH);
    assert.ok(redirect.state.length >= 32, 'the state is long and random');
    const page = await back(redirect.url, { code: 'the-code', state: redirect.state });
    assert.equal(page.status, 200);
    assert.ok(!(await page.text()).includes('the-code'), 'the page does not repeat the code');
    assert.equal(await redirect.code, 'the-code');
  });

  it('answers 404 on any other path or method and keeps waiting', async () => {
    const redirect = await openLoopbackRedirect({ timeoutMs: 5000 });
    const other = new URL(redirect.url);
    other.pathname = '/favicon.ico';
    assert.equal((await fetch(other)).status, 404);
    assert.equal((await fetch(`${redirect.url}?code=x&state=${redirect.state}`, { method: 'POST' })).status, 404);
    await back(redirect.url, { code: 'later', state: redirect.state });
    assert.equal(await redirect.code, 'later');
  });

  it('refuses a redirect with a wrong state and ends the sign-in, never handing over its code', async () => {
    const redirect = await openLoopbackRedirect({ timeoutMs: 5000 });
    const page = await back(redirect.url, { code: 'stolen', state: 'not-the-state' });
    assert.equal(page.status, 400);
    await assert.rejects(redirect.code, /"state" that does not match this sign-in/);
  });

  it('reports the authorization server\'s error and its description', async () => {
    const redirect = await openLoopbackRedirect({ timeoutMs: 5000 });
    await back(redirect.url, { error: 'access_denied', error_description: 'no\nthanks', state: redirect.state });
    await assert.rejects(redirect.code, /refused the sign-in: access_denied \(no thanks\)/);
  });

  it('gives up after its time limit and stops listening', async () => {
    const redirect = await openLoopbackRedirect({ timeoutMs: 200 });
    await assert.rejects(redirect.code, /not completed within 0\.2 s/);
    await assert.rejects(fetch(redirect.url));
  });

  it('stops when the caller cancels', async () => {
    const controller = new AbortController();
    const redirect = await openLoopbackRedirect({ timeoutMs: 5000, signal: controller.signal });
    controller.abort();
    await assert.rejects(redirect.code, /cancelled/);
  });

  it('takes the preferred port when it is free, and a random one when it is taken', async () => {
    const first = await openLoopbackRedirect({ timeoutMs: 5000 });
    const port = Number(new URL(first.url).port);
    const second = await openLoopbackRedirect({ port, timeoutMs: 5000 });
    assert.notEqual(Number(new URL(second.url).port), port);
    first.close();
    second.close();
    await assert.rejects(first.code, /cancelled/);
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const free = (blocker.address() as net.AddressInfo).port;
    await new Promise<void>((r) => blocker.close(() => r()));
    const third = await openLoopbackRedirect({ port: free, timeoutMs: 5000 });
    assert.equal(Number(new URL(third.url).port), free);
    third.close();
  });
});
