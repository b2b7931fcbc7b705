// The trust policy in the real editor: with auto-approve ON, the chat still asks before the model reads a secret
// file and before it writes a sensitive path, and what the user answers is what happens. A fake Responses service
// plays the model inside this extension host.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MiniCoderApi } from '../../../src/extension';
import type { ApprovalView, HostMessage } from '../../../src/protocol/messages';
import { FakeResponsesServer, textTurn, toolCallTurn } from '../../support/fakeResponsesServer';
import { miniCoder } from './miniCoder';

const baseUrlVariable = 'MINI_CODER_RESPONSES_BASE_URL';
const SECRET = 'E2E-ENV-SECRET-5b0e7c1d';

async function until<T>(find: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the trust policy in the editor, with auto-approve on', () => {
  let api: MiniCoderApi;
  let service: FakeResponsesServer;
  let savedBaseUrl: string | undefined;
  let root: string;
  const posts: HostMessage[] = [];
  let subscription: vscode.Disposable;
  const config = () => vscode.workspace.getConfiguration('miniCoder');
  const sentToModel = () => service.requests.map((r) => JSON.stringify(r.body)).join('\n');
  const lastOutput = () => {
    const input = (service.requests.at(-1)?.body?.input as Array<Record<string, unknown>>) ?? [];
    return String(input.filter((i) => i.type === 'function_call_output').at(-1)?.output ?? '');
  };
  const pendingApproval = () =>
    until(() => {
      const found = posts.filter((m): m is Extract<HostMessage, { type: 'approval' }> => m.type === 'approval').map((m) => m.approval).filter((a) => a.status === 'pending');
      return found.at(-1);
    }, 'an approval card');

  before(async () => {
    api = (await miniCoder().activate()) as MiniCoderApi;
    service = await FakeResponsesServer.start();
    savedBaseUrl = process.env[baseUrlVariable];
    process.env[baseUrlVariable] = service.baseURL;
    await api.setApiKey('responses', 'e2e-host-trust-key-0a1b2c3d4e5f');
    await config().update('autoApproveEdits', true, vscode.ConfigurationTarget.Global);
    root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    fs.writeFileSync(path.join(root, '.env'), `API_TOKEN=${SECRET}\n`);
    fs.mkdirSync(path.join(root, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(root, '.vscode', 'settings.json'), '{}\n');
    subscription = api.onDidPostToView((message) => posts.push(message));
  });

  after(async () => {
    subscription.dispose();
    await config().update('autoApproveEdits', undefined, vscode.ConfigurationTarget.Global);
    await api.removeApiKey('responses');
    if (savedBaseUrl === undefined) delete process.env[baseUrlVariable];
    else process.env[baseUrlVariable] = savedBaseUrl;
    fs.rmSync(path.join(root, '.env'), { force: true });
    await service.close();
  });

  beforeEach(async () => {
    await api.chat.newChat();
    posts.length = 0;
  });

  it('asks before a secret file is read, and a denial keeps it out of the model and the view', async () => {
    service.enqueue(toolCallTurn([{ name: 'read_file', arguments: '{"path":".env"}', callId: 'read_env' }]), textTurn('I could not read it.'));
    const turn = api.chat.send({ text: 'What is in .env?' });
    const approval: ApprovalView = await pendingApproval();
    assert.equal(approval.kind, 'read');
    assert.equal(approval.title, 'Read .env');
    assert.match(approval.reason, /looks like a secret/);
    assert.equal(approval.alwaysLabel, 'Always for this file');
    assert.ok(api.chat.answerApproval(approval.id, 'deny'));
    const answer = await turn;
    assert.equal(answer?.status, 'done');
    assert.match(lastOutput(), /Reading \.env was not allowed/);
    assert.ok(!sentToModel().includes(SECRET), 'the secret reached the model');
    assert.ok(!posts.some((m) => JSON.stringify(m).includes(SECRET)), 'the secret reached the view');
    assert.ok(posts.some((m) => m.type === 'approval' && m.approval.id === approval.id && m.approval.status === 'denied'));
  });

  it('reads the secret once the user allows it', async () => {
    service.enqueue(toolCallTurn([{ name: 'read_file', arguments: '{"path":".env"}', callId: 'read_env_ok' }]), textTurn('It holds a token.'));
    const turn = api.chat.send({ text: 'Read .env, I allow it.' });
    const approval = await pendingApproval();
    api.chat.answerApproval(approval.id, 'once');
    assert.equal((await turn)?.status, 'done');
    assert.match(lastOutput(), new RegExp(SECRET));
  });

  it('still asks before a sensitive write although auto-approve is on, and applies an ordinary one at once', async () => {
    const sensitive = '*** Begin Patch\n*** Update File: .vscode/settings.json\n@@\n-{}\n+{"task.allowAutomaticTasks": "on"}\n*** End Patch';
    const ordinary = '*** Begin Patch\n*** Add File: notes/auto.md\n+written without asking\n*** End Patch';
    service.enqueue(
      toolCallTurn([{ name: 'apply_patch', arguments: JSON.stringify({ patch: ordinary }), callId: 'ordinary' }]),
      toolCallTurn([{ name: 'apply_patch', arguments: JSON.stringify({ patch: sensitive }), callId: 'sensitive' }]),
      textTurn('Done.'),
    );
    const turn = api.chat.send({ text: 'Write a note and enable automatic tasks.' });
    const pending = await until(() => api.edits.pendingEdits()[0], 'the sensitive edit to wait for review');
    assert.equal(fs.readFileSync(path.join(root, 'notes', 'auto.md'), 'utf8'), 'written without asking\n', 'the ordinary edit was applied at once');
    assert.deepEqual(pending.changes.map((c) => c.path), ['.vscode/settings.json']);
    assert.equal(fs.readFileSync(path.join(root, '.vscode', 'settings.json'), 'utf8'), '{}\n', 'nothing written before the user answers');
    const card = await until(() => posts.filter((m): m is Extract<HostMessage, { type: 'edit' }> => m.type === 'edit').map((m) => m.edit).find((e) => e.editId === pending.editId), 'the pending edit card');
    assert.match(card.note ?? '', /Always asks: \.vscode\/settings\.json/);
    api.chat.rejectEdit(pending.editId);
    assert.equal((await turn)?.status, 'done');
    assert.equal(fs.readFileSync(path.join(root, '.vscode', 'settings.json'), 'utf8'), '{}\n');
    assert.match(lastOutput(), /did not apply/);
  });
});
