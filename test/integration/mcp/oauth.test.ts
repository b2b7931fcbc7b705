import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { McpServerConfig } from '../../../src/core/mcp/config';
import type { McpServers } from '../../../src/core/mcp/servers';
import { fileOAuthStore } from '../../../src/cli/mcpOAuthFile';
import { testServers } from '../../support/mcp';
import { completeInBrowser, startOAuthMcpServer, type OAuthMcpServer, type OAuthServerBehaviour } from '../../support/oauthMcpServer';

describe('OAuth sign-in to a remote MCP server (SDK auth server pieces, real HTTP)', function () {
  this.timeout(30_000);
  let remote: OAuthMcpServer;
  let dir: string;
  let file: string;
  const running: McpServers[] = [];
  const secrets = new Set<string>();

  const start = async (behaviour: OAuthServerBehaviour = {}) => {
    remote = await startOAuthMcpServer(behaviour);
  };
  const servers = (extra: Partial<McpServerConfig> = {}) => {
    const config: McpServerConfig = { name: 'remote', origin: 'user', source: 'test', transport: 'http', url: remote.url, timeoutMs: 10_000, ...extra };
    const s = testServers([config], { oauth: { store: fileOAuthStore(file), secret: (v) => secrets.add(v) } });
    running.push(s);
    return s;
  };
  const state = (s: McpServers) => s.get('remote')!.state;
  /** Signs in, playing the browser with whatever URL Mini Coder shows. */
  const signIn = (s: McpServers, options: { timeoutMs?: number; signal?: AbortSignal } = {}) => {
    let browser: Promise<{ status: number; text: string }> | undefined;
    const done = s.signIn('remote', (url) => void (browser = completeInBrowser(url)), options);
    return { done, browser: () => browser };
  };

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mc-oauth-'));
    file = path.join(dir, 'state', 'mcp-oauth.json');
    secrets.clear();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.dispose()));
    await remote?.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('asks to sign in on the first 401, signs in through the loopback redirect, then runs the tool', async () => {
    await start();
    const s = servers();
    await s.start();
    assert.equal(state(s).status, 'needs_sign_in');
    assert.match(state(s).message!, /sign in/);
    assert.equal(remote.auth.counts.registrations, 0, 'nothing is registered before the user asks');

    const { done, browser } = signIn(s);
    await done;
    const page = await browser()!;
    assert.equal(page.status, 200);
    assert.match(page.text, /Signed in/);
    assert.equal(state(s).status, 'running');
    assert.equal(state(s).signedIn, true);
    const result = await s.get('remote')!.callTool('whoami', {});
    assert.match(JSON.stringify(result.content), /signed in as client-/);
    assert.equal(remote.calls.length, 1);

    const stored = JSON.parse(await fs.readFile(file, 'utf8')) as { servers: Record<string, { tokens?: { access_token: string } }> };
    assert.ok(stored.servers[remote.url]?.tokens?.access_token, 'tokens are kept under the server URL');
    assert.equal((await fs.stat(file)).mode & 0o777, 0o600);
    assert.equal((await fs.stat(path.dirname(file))).mode & 0o777, 0o700);
  });

  it('reuses the stored tokens on the next start without asking again', async () => {
    await start();
    const first = servers();
    await first.start();
    await signIn(first).done;
    await first.dispose();

    const second = servers();
    await second.start();
    assert.equal(state(second).status, 'running');
    assert.equal(remote.auth.counts.authorizations, 1, 'no second authorization');
    await second.get('remote')!.callTool('whoami', {});
    assert.equal(remote.calls.length, 1);
  });

  it('signs in to a server on the older HTTP+SSE transport the same way', async () => {
    await start({ sse: true });
    const s = servers({ transport: 'sse' });
    await s.start();
    assert.equal(state(s).status, 'needs_sign_in');
    await signIn(s).done;
    assert.equal(state(s).status, 'running');
    assert.equal(state(s).connectedOver, 'sse');
    assert.match(JSON.stringify((await s.get('remote')!.callTool('whoami', {})).content), /signed in as client-/);
  });

  /** Signed in with access tokens that last a second, once the first has expired; `before` counts the refreshes so far. */
  async function signedInPastExpiry() {
    await start({ accessTokenSeconds: 1 });
    const s = servers();
    await s.start();
    await signIn(s).done;
    await new Promise((r) => setTimeout(r, 1100));
    return { s, before: remote.auth.counts.refreshes };
  }

  it('refreshes an expired access token by itself and keeps the server running', async () => {
    const { s, before } = await signedInPastExpiry();
    const result = await s.get('remote')!.callTool('whoami', {});
    assert.match(JSON.stringify(result.content), /signed in as/);
    assert.equal(remote.auth.counts.refreshes, before + 1, 'the expired token was refreshed for the call');
    assert.equal(state(s).status, 'running');
    assert.equal(remote.auth.counts.authorizations, 1, 'the user was not asked again');
  });

  it('refreshes once for calls that find the token expired at the same time (the server rotates refresh tokens)', async () => {
    const { s, before } = await signedInPastExpiry();
    const results = await Promise.all([1, 2, 3].map(() => s.get('remote')!.callTool('whoami', {})));
    for (const result of results) assert.match(JSON.stringify(result.content), /signed in as/);
    assert.equal(remote.auth.counts.refreshes, before + 1, 'one refresh served every call');
    assert.equal(state(s).status, 'running');
  });

  it('asks to sign in again when the refresh is refused, with the reason as the status', async () => {
    await start({ accessTokenSeconds: 1, refuseRefresh: true });
    const s = servers();
    await s.start();
    await signIn(s).done;
    await new Promise((r) => setTimeout(r, 1100));
    await assert.rejects(s.get('remote')!.callTool('whoami', {}), /sign-in expired and could not be renewed; sign in again/);
    assert.equal(state(s).status, 'needs_sign_in');
    await s.restart('remote');
    assert.equal(state(s).status, 'needs_sign_in');
    assert.match(state(s).message!, /sign in/);
  });

  it('refuses a redirect whose state does not match and stores no tokens', async () => {
    await start({ forgeState: true });
    const s = servers();
    await s.start();
    const { done, browser } = signIn(s);
    await assert.rejects(done, /Signing in to the MCP server "remote" failed: .*"state" that does not match/);
    assert.equal((await browser()!).status, 400);
    assert.equal(remote.auth.counts.codeExchanges, 0);
    assert.equal(state(s).status, 'needs_sign_in');
    const stored = JSON.parse(await fs.readFile(file, 'utf8')) as { servers: Record<string, { tokens?: unknown }> };
    assert.equal(stored.servers[remote.url]?.tokens, undefined);
  });

  it('reports an authorization server that refuses the sign-in', async () => {
    await start({ denyAuthorization: true });
    const s = servers();
    await s.start();
    await assert.rejects(signIn(s).done, /failed: the authorization server refused the sign-in: access_denied \(the user said no\)/);
    assert.equal(state(s).status, 'needs_sign_in');
  });

  it('gives up when the user never completes the sign-in, and the listener is gone', async () => {
    await start();
    const s = servers();
    await s.start();
    let shown: string | undefined;
    await assert.rejects(s.signIn('remote', (url) => void (shown = url), { timeoutMs: 500 }), /failed: the sign-in was not completed within 0\.5 s/);
    const redirect = new URL(new URL(shown!).searchParams.get('redirect_uri')!);
    assert.equal(redirect.hostname, '127.0.0.1');
    await assert.rejects(fetch(redirect), 'nothing listens on the redirect address any more');
    assert.equal(state(s).status, 'needs_sign_in');
  });

  it('joins a second sign-in request to the one in progress instead of opening the browser twice', async () => {
    await start();
    const s = servers();
    await s.start();
    const shown: string[] = [];
    const first = s.signIn('remote', (url) => void shown.push(url));
    const second = s.signIn('remote', (url) => void shown.push(url));
    while (shown.length === 0) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(shown.length, 1);
    await completeInBrowser(shown[0]);
    await Promise.all([first, second]);
    assert.equal(state(s).status, 'running');
    assert.equal(remote.auth.counts.authorizations, 1);
  });

  it('signs out: the tokens are forgotten and the server asks to sign in again', async () => {
    await start();
    const s = servers();
    await s.start();
    await signIn(s).done;
    await s.signOut('remote');
    assert.equal(state(s).status, 'needs_sign_in');
    assert.equal(state(s).signedIn, undefined);
    const stored = JSON.parse(await fs.readFile(file, 'utf8')) as { servers: Record<string, { tokens?: unknown; client?: unknown }> };
    assert.equal(stored.servers[remote.url]?.tokens, undefined);
    assert.equal(stored.servers[remote.url]?.client, undefined);
  });

  it('uses a configured Authorization header instead of OAuth, and a refused one is an error naming the header', async () => {
    await start();
    const s = servers({ headers: { Authorization: 'Bearer not-a-token-the-server-knows' } });
    await s.start();
    assert.equal(state(s).status, 'error');
    assert.match(state(s).message!, /401.*check the token in its "headers"/);
  });

  it('never writes a token to the server log, and tells the host every token to hide', async () => {
    await start({ accessTokenSeconds: 1 });
    const s = servers();
    await s.start();
    await signIn(s).done;
    await new Promise((r) => setTimeout(r, 1100));
    await s.get('remote')!.callTool('whoami', {});
    const logs = (s as McpServers & { logs: string[] }).logs.join('\n');
    assert.ok(remote.auth.issued.length >= 4);
    for (const token of remote.auth.issued) {
      assert.ok(!logs.includes(token), 'a token is in the log');
      if (remote.auth.access.has(token) || remote.auth.refresh.has(token)) assert.ok(secrets.has(token), 'a live token was not reported for hiding');
    }
  });
});
