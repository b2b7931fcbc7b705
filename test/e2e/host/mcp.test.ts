// MCP in the real extension host: a server the workspace's .vscode/mcp.json adds (picked up without a reload)
// waits for the user's approval before it runs its command, then its tool is offered to the model, and one call
// goes through the chat's approval card ("Always allow this tool") to the real server-everything and back.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MiniCoderApi } from '../../../src/extension';
import type { HostMessage } from '../../../src/protocol/messages';
import { FakeResponsesServer, textTurn, toolCallTurn } from '../../support/fakeResponsesServer';
import { miniCoder } from './miniCoder';

const baseUrlVariable = 'MINI_CODER_RESPONSES_BASE_URL';
// This file runs bundled from out/e2e/host; the registry's server is in the checkout's node_modules.
const everything = path.resolve(__dirname, '..', '..', '..', 'node_modules', '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');

let currentApi: MiniCoderApi | undefined;

async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; servers: ${JSON.stringify(currentApi?.mcp.servers.states().map((s) => [s.name, s.status, s.message]))}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('MCP servers in the editor', function () {
  this.timeout(60_000);
  let api: MiniCoderApi;
  let service: FakeResponsesServer;
  let savedBaseUrl: string | undefined;
  let configFile: string;

  before(async () => {
    api = (await miniCoder().activate()) as MiniCoderApi;
    currentApi = api;
    service = await FakeResponsesServer.start();
    savedBaseUrl = process.env[baseUrlVariable];
    process.env[baseUrlVariable] = service.baseURL;
    await api.setApiKey('responses', 'e2e-mcp-key-5b1e0c9d7a3f2468');
    configFile = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.vscode', 'mcp.json');
  });

  after(async () => {
    fs.rmSync(configFile, { force: true });
    await api.mcp.refresh();
    await api.removeApiKey('responses');
    if (savedBaseUrl === undefined) delete process.env[baseUrlVariable];
    else process.env[baseUrlVariable] = savedBaseUrl;
    await service.close();
  });

  it('starts a workspace server only after approval and runs one tool call through the chat', async () => {
    assert.ok(fs.existsSync(everything), `server-everything is installed at ${everything}`);
    fs.mkdirSync(path.dirname(configFile), { recursive: true });
    fs.writeFileSync(configFile, JSON.stringify({ servers: { everything: { type: 'stdio', command: process.execPath, args: [everything, 'stdio'] } } }, null, 2));

    const state = () => api.mcp.servers.states().find((s) => s.name === 'everything');
    await until(() => state()?.status === 'waiting_for_approval', 'the workspace server to wait for approval (the file watcher picks up mcp.json)');
    assert.match(state()!.message ?? '', /\.vscode\/mcp\.json and starting it runs: .*server-everything/);
    assert.equal(await vscode.commands.executeCommand('miniCoder.mcpAllowServer', 'everything'), true);
    await until(() => state()?.status === 'running', 'the server to run');

    const posts: HostMessage[] = [];
    const subscription = api.onDidPostToView((m) => posts.push(m));
    try {
      service.enqueue(toolCallTurn([{ name: 'everything__echo', arguments: '{"message":"from the editor"}', callId: 'call_mcp' }]), textTurn('It echoed.'));
      const answered = api.chat.send({ text: 'Use the echo tool.' });
      await until(() => posts.some((m) => m.type === 'approval' && m.approval.status === 'pending'), 'the approval card');
      const card = posts.find((m): m is Extract<HostMessage, { type: 'approval' }> => m.type === 'approval')!.approval;
      assert.equal(card.kind, 'mcp_tool');
      assert.equal(card.scope, 'everything/echo');
      assert.equal(card.alwaysLabel, 'Always allow this tool');
      assert.ok(api.chat.answerApproval(card.id, 'once'));
      const message = await answered;
      assert.equal(message?.status, 'done', JSON.stringify(message?.error));
      const tools = (service.requests[0].body!.tools as Array<{ name: string }>).map((t) => t.name);
      assert.ok(tools.includes('everything__echo'));
      const output = (service.requests[1].body!.input as Array<Record<string, unknown>>).find((i) => i.type === 'function_call_output');
      assert.match(String(output?.output), /Echo: from the editor/);
    } finally {
      subscription.dispose();
    }
  });
});
