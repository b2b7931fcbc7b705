import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startCliMcp } from '../../../src/cli/mcpSetup';
import { cliOAuthFile } from '../../../src/cli/mcpOAuthFile';
import { DEFAULT_RULES, TrustPolicy } from '../../../src/core/trust/policy';
import { FakeResponsesServer, textTurn, toolCallTurn } from '../../support/fakeResponsesServer';
import { completeInBrowser, startOAuthMcpServer, type OAuthMcpServer } from '../../support/oauthMcpServer';
import { runCli } from '../../support/runCli';
import { writeTempTree } from '../../support/tempTree';

const KEY = 'test-key-0123456789abcdef0123456789';

describe('mini-coder ask with an OAuth-protected MCP server', function () {
  this.timeout(60_000);
  let model: FakeResponsesServer;
  let remote: OAuthMcpServer;
  let workspace: string;
  let state: string;
  let config: string;

  beforeEach(async () => {
    model = await FakeResponsesServer.start({ expectedApiKey: KEY });
    remote = await startOAuthMcpServer();
    workspace = await writeTempTree({ 'a.txt': 'a\n' }, 'mc-ask-oauth-');
    state = await fs.mkdtemp(path.join(os.tmpdir(), 'mc-oauth-state-'));
    config = path.join(workspace, 'mcp.json');
    await fs.writeFile(config, JSON.stringify({ mcpServers: { remote: { type: 'http', url: remote.url } } }));
  });
  afterEach(async () => {
    await model.close();
    await remote.close();
    await fs.rm(workspace, { recursive: true, force: true });
    await fs.rm(state, { recursive: true, force: true });
  });

  const env = () => ({ MINI_CODER_STATE_DIR: state });
  const ask = (args: string[]) =>
    runCli(['ask', '--workspace', workspace, '--base-url', model.baseURL, '--mcp-config', config, ...args], { timeoutMs: 45_000, env: { MINI_CODER_API_KEY: KEY, ...env() } });
  /** The terminal host's own start-up, as on a TTY: the address is printed, the test opens it like a browser. */
  const signInOnTty = async () => {
    const lines: string[] = [];
    let browser: Promise<unknown> | undefined;
    const mcp = await startCliMcp([config], {
      workspaceDir: workspace,
      env: env(),
      policy: new TrustPolicy(() => DEFAULT_RULES),
      builtIn: [],
      version: '0.0.0-test',
      interactive: true,
      warn: (line) => {
        lines.push(line);
        const url = /\n {2}(http\S+)/.exec(line)?.[1];
        if (url) browser = completeInBrowser(url);
      },
    });
    await browser;
    return { mcp, lines };
  };

  it('without a TTY, leaves the server out with how to sign in, opens nothing, and still answers', async () => {
    model.enqueue(textTurn('No remote tools today.'));
    const run = await ask(['hello']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /MCP server "remote" is not available \(needs sign in\): it asks you to sign in \(OAuth\).*sign in once by running mini-coder on a terminal \(a TTY\)/);
    assert.ok(run.stderr.includes(cliOAuthFile(env())), 'the message names the token file');
    assert.equal(remote.auth.counts.registrations + remote.auth.counts.authorizations, 0, 'no sign-in was started');
    const tools = (model.requests[0].body!.tools as Array<{ name: string }>).map((t) => t.name);
    assert.ok(!tools.includes('remote__whoami'));
    assert.equal(model.requests.length, 1);
  });

  it('on a TTY, prints the sign-in address on stderr, waits for the redirect, then offers the tools', async () => {
    const { mcp, lines } = await signInOnTty();
    try {
      assert.match(lines[0], /MCP server "remote": it asks you to sign in \(OAuth\)[^\n]*\. Open this address in your browser/);
      assert.match(lines[1], /signed in; the tokens are kept in .*mcp-oauth\.json/);
      assert.ok(mcp.tools.some((t) => t.name === 'remote__whoami'));
    } finally {
      await mcp.servers.dispose();
    }
    assert.equal((await fs.stat(cliOAuthFile(env()))).mode & 0o777, 0o600);
  });

  it('uses the stored sign-in on the next run: the model calls the tool, and no token is ever printed', async () => {
    await (await signInOnTty()).mcp.servers.dispose();
    model.enqueue(toolCallTurn([{ name: 'remote__whoami', arguments: '{}', callId: 'call_who' }]), textTurn('You are signed in.'));
    const run = await ask(['--json', '--allow-mcp-tool', 'remote/whoami', 'who am I?']);
    assert.equal(run.code, 0, run.stderr);
    const output = ((model.requests[1].body?.input as Array<Record<string, unknown>>) ?? []).find((i) => i.type === 'function_call_output' && i.call_id === 'call_who')?.output;
    assert.match(String(output), /signed in as client-/);
    assert.equal(remote.auth.counts.authorizations, 1, 'no new sign-in');
    const sentToModel = JSON.stringify(model.requests.map((r) => r.body));
    for (const token of remote.auth.issued) {
      assert.ok(!run.stdout.includes(token) && !run.stderr.includes(token), 'a token was printed');
      assert.ok(!sentToModel.includes(token), 'a token reached the model');
    }
  });
});
