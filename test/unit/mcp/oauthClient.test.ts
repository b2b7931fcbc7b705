import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { McpOAuthClient, SignInNeeded, signInNeeded } from '../../../src/core/mcp/oauth/oauthClient';
import { fileOAuthStore } from '../../../src/cli/mcpOAuthFile';
import { browsable } from '../../../src/core/mcp/oauth/signIn';

const SERVER = 'https://mcp.example.test/mcp';

describe('the OAuth client of a remote MCP server', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mc-oauth-unit-'));
    file = path.join(dir, 'state', 'mcp-oauth.json');
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  const redirect = { url: 'http://127.0.0.1:4567/oauth/callback', state: 'state-123', open: () => undefined };

  it('when starting a server, never registers or opens anything: it says a sign-in is needed', async () => {
    const client = new McpOAuthClient(SERVER, fileOAuthStore(file), () => undefined);
    await assert.rejects(client.clientInformation(), (err) => err instanceof SignInNeeded && /you have not signed in yet/.test(err.message));
    await assert.rejects(client.saveClientInformation({ client_id: 'x' }), SignInNeeded);
    await assert.rejects(client.redirectToAuthorization(new URL('https://as.example.test/authorize')), SignInNeeded);
    assert.throws(() => client.state(), SignInNeeded);
    await assert.rejects(fs.stat(file), 'nothing was written');
  });

  it('says the sign-in expired when stored tokens were dropped after a failed refresh', async () => {
    const store = fileOAuthStore(file);
    await store.write(SERVER, { client: { client_id: 'c1' }, tokens: { access_token: 'access-aaaaaaaa', token_type: 'bearer', refresh_token: 'refresh-bbbbbbbb' } });
    const client = new McpOAuthClient(SERVER, store, () => undefined);
    await client.invalidateCredentials('tokens');
    await assert.rejects(client.redirectToAuthorization(new URL('https://as.example.test/authorize')), /expired and could not be renewed; sign in again/);
    assert.deepEqual(await store.read(SERVER), { client: { client_id: 'c1' } });
  });

  it('keeps registration and tokens per server URL and reports every secret it reads or saves', async () => {
    const seen: string[] = [];
    const store = fileOAuthStore(file);
    const client = new McpOAuthClient(SERVER, store, (s) => seen.push(s), redirect);
    await client.saveClientInformation({ client_id: 'c1', client_secret: 'secret-cccccccc', redirect_uris: [redirect.url] });
    await client.saveTokens({ access_token: 'access-aaaaaaaa', token_type: 'bearer', refresh_token: 'refresh-bbbbbbbb' });
    assert.ok(['secret-cccccccc', 'access-aaaaaaaa', 'refresh-bbbbbbbb'].every((s) => seen.includes(s)));
    assert.equal(await fileOAuthStore(file).read('https://other.example.test/mcp'), undefined);

    const again: string[] = [];
    const next = new McpOAuthClient(SERVER, fileOAuthStore(file), (s) => again.push(s));
    assert.equal((await next.tokens())?.access_token, 'access-aaaaaaaa');
    assert.ok(again.includes('refresh-bbbbbbbb'), 'secrets read back are reported too');
    assert.equal(await next.signedIn(), true);
    assert.equal((await fs.stat(file)).mode & 0o777, 0o600);
  });

  it('registers again when the stored registration names another redirect address (strict servers match exactly)', async () => {
    const store = fileOAuthStore(file);
    await store.write(SERVER, { client: { client_id: 'c1', redirect_uris: ['http://127.0.0.1:1111/oauth/callback'] } });
    const client = new McpOAuthClient(SERVER, store, () => undefined, redirect);
    assert.equal(await client.clientInformation(), undefined);
    assert.deepEqual(client.clientMetadata.redirect_uris, [redirect.url]);
    assert.equal(client.clientMetadata.token_endpoint_auth_method, 'none');
    assert.equal(client.state(), 'state-123');
  });

  it('opens only web addresses for sign-in, never a command:, file: or editor URI from the server', () => {
    assert.equal(browsable('https://as.example.test/authorize?x=1'), 'https://as.example.test/authorize?x=1');
    for (const url of ['command:workbench.action.terminal.new', 'file:///etc/passwd', 'vscode://some.extension/run']) {
      assert.throws(() => browsable(url), /not a web address/);
    }
  });

  it('finds a SignInNeeded wrapped as the cause of another error', () => {
    const inner = new SignInNeeded('sign in');
    assert.equal(signInNeeded(new Error('outer', { cause: inner })), inner);
    assert.equal(signInNeeded(new Error('plain')), undefined);
  });

  it('treats a damaged token file as signed out instead of failing', async () => {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, '{ not json');
    assert.equal(await fileOAuthStore(file).read(SERVER), undefined);
    await fileOAuthStore(file).write(SERVER, { client: { client_id: 'c2' } });
    assert.equal((await fileOAuthStore(file).read(SERVER))?.client?.client_id, 'c2');
  });
});
