import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { unifiedDiff } from '../../../src/core/edits';
import { FsWorkspace } from '../../../src/core/fsWorkspace';
import { ConversationStore } from '../../../src/core/history/conversationStore';
import type { HostMessage, MessageView } from '../../../src/protocol/messages';
import type { ApiKeys } from '../../../src/vscode/apiKeys';
import { ChatSession } from '../../../src/vscode/chatSession';
import { chatSettingsFrom } from '../../../src/vscode/chatSettings';
import { EditReview } from '../../../src/vscode/editReview';
import type { EditorWorkspace } from '../../../src/vscode/editorWorkspace';
import { turnPreparer } from '../../../src/vscode/turnSetup';
import { FakeResponsesServer, textTurn } from '../../support/fakeResponsesServer';
import { testTrust } from '../../support/trust';
import { counterIds, recordingScreen, tempFolder } from './chatFixtures';

const KEY = 'test-key-0123456789abcdef0123456789';

/** The editor's settings go through the same rules as the CLI flags, in the chat, before any request. */
describe('the chat checks its settings before any request', function () {
  this.timeout(10_000);
  let server: FakeResponsesServer;
  let root: string;
  let storage: string;
  let posted: HostMessage[];
  let values: Record<string, unknown>;
  let session: ChatSession;

  beforeEach(async () => {
    server = await FakeResponsesServer.start({ expectedApiKey: KEY, fallback: textTurn('Hello.') });
    root = await tempFolder({ 'a.ts': 'export const a = 1;\n' });
    storage = await tempFolder();
    posted = [];
    values = { 'responses.baseUrl': server.baseURL };
    const workspace = new FsWorkspace(root);
    const ids = counterIds();
    session = new ChatSession({
      store: new ConversationStore<MessageView>(storage),
      post: (m) => posted.push(m),
      edits: new EditReview({ workspace: () => workspace, screen: recordingScreen(), diff: unifiedDiff, newId: ids }),
      settings: async () => ({ service: 'responses', model: 'gpt-5.4-mini', hasKey: true, autoApproveEdits: false, contextWindow: 400_000 }),
      newId: ids,
      prepareTurn: turnPreparer({
        keys: { get: async () => KEY } as unknown as ApiKeys,
        settings: () => chatSettingsFrom((key) => values[key]),
        workspace: workspace as unknown as EditorWorkspace,
        folderNames: () => ['ws'],
        trust: testTrust(),
      }),
    });
  });
  afterEach(async () => {
    await server.close();
    await fs.rm(root, { recursive: true, force: true });
    await fs.rm(storage, { recursive: true, force: true });
  });

  const notices = () => posted.filter((m) => m.type === 'notice').map((m) => (m.type === 'notice' ? m.text : ''));

  it('shows a wrong setting as the error of the message, with the CLI\'s words, and sends nothing', async () => {
    values.topP = 1.5;
    const message = await session.send({ text: 'hi' });
    assert.equal(message?.status, 'error');
    assert.equal(message?.error?.kind, 'bad_request');
    assert.match(message?.error?.message ?? '', /miniCoder\.topP must be a number from 0 to 1; got 1\.5/);
    assert.deepEqual(message?.error?.actions, ['openSettings', 'retry']);
    assert.equal(server.requests.length, 0);
  });

  it('says once which chosen settings were not sent, and sends the request without them', async () => {
    values.temperature = 0.3;
    const first = await session.send({ text: 'one' });
    assert.equal(first?.status, 'done', JSON.stringify(first?.error));
    assert.equal((await session.send({ text: 'two' }))?.status, 'done');
    assert.deepEqual(notices(), ['Not sent to Responses API (Anyfast, OpenAI or compatible): miniCoder.temperature (gpt-5.4-mini is a reasoning model, which refuses temperature).']);
    assert.equal(server.requests.length, 2);
    for (const request of server.requests) assert.equal('temperature' in request.body!, false);
  });
});
