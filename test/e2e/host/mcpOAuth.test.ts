// OAuth in the real extension host: a workspace's remote MCP server still waits for the workspace trust and the
// user's approval before Mini Coder contacts it; then it asks to sign in, the sign-in (the test plays the browser
// the editor would open) stores the tokens in the real SecretStorage, a restart reuses them without asking, and
// "Sign out" forgets them.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MiniCoderApi } from '../../../src/extension';
import { completeInBrowser, startOAuthMcpServer, type OAuthMcpServer } from '../../support/oauthMcpServer';
import { miniCoder } from './miniCoder';

describe('OAuth sign-in to a remote MCP server in the editor', function () {
  this.timeout(60_000);
  let api: MiniCoderApi;
  let remote: OAuthMcpServer;
  let configFile: string;

  const state = () => api.mcp.servers.states().find((s) => s.name === 'remote');
  async function until(condition: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (!condition()) {
      if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; remote: ${JSON.stringify([state()?.status, state()?.message])}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  before(async () => {
    api = (await miniCoder().activate()) as MiniCoderApi;
    remote = await startOAuthMcpServer();
    configFile = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.vscode', 'mcp.json');
  });
  after(async () => {
    fs.rmSync(configFile, { force: true });
    await api.mcp.refresh();
    await remote.close();
  });

  it('asks for approval first, then sign-in; keeps the tokens in SecretStorage; signs out', async () => {
    fs.mkdirSync(path.dirname(configFile), { recursive: true });
    fs.writeFileSync(configFile, JSON.stringify({ servers: { remote: { type: 'http', url: remote.url } } }, null, 2));
    await until(() => state()?.status === 'waiting_for_approval', 'the workspace server to wait for approval');
    assert.equal(remote.auth.counts.registrations + remote.auth.counts.authorizations, 0);

    assert.equal(await vscode.commands.executeCommand('miniCoder.mcpAllowServer', 'remote'), true);
    await until(() => state()?.status === 'needs_sign_in', 'the server to ask for sign-in');
    assert.equal(remote.auth.counts.registrations, 0, 'nothing is registered before the user asks');

    await api.mcp.signIn('remote', async (url) => void (await completeInBrowser(url)));
    await until(() => state()?.status === 'running', 'the server to run after sign-in');
    assert.equal(state()!.signedIn, true);
    assert.ok(api.mcp.servers.tools().tools.some((t) => t.name === 'remote__whoami'));
    const result = await api.mcp.servers.get('remote')!.callTool('whoami', {});
    assert.match(JSON.stringify(result.content), /signed in as client-/);

    await api.mcp.servers.restart('remote');
    assert.equal(state()!.status, 'running', 'the stored tokens were used again');
    assert.equal(remote.auth.counts.authorizations, 1);

    await vscode.commands.executeCommand('miniCoder.mcpSignOut', 'remote');
    await until(() => state()?.status === 'needs_sign_in', 'the server to ask for sign-in again');
    assert.equal(state()!.signedIn, undefined);
  });
});
