import { Approvals } from '../../../src/core/trust/approvals';
import { DEFAULT_RULES, TrustPolicy } from '../../../src/core/trust/policy';
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { unifiedDiff } from '../../../src/core/edits';
import { MiniCoderError } from '../../../src/core/errors';
import { FsWorkspace } from '../../../src/core/fsWorkspace';
import { ConversationStore } from '../../../src/core/history/conversationStore';
import type { ModelEvent } from '../../../src/core/model/types';
import { workspaceTools } from '../../../src/core/tools/workspaceTools';
import type { ChatSettingsView, HostMessage, MessageView } from '../../../src/protocol/messages';
import { ChatSession } from '../../../src/vscode/chatSession';
import { EditReview } from '../../../src/vscode/editReview';
import { answer, counterIds, gate, recordingScreen, scriptedProvider, tempFolder, toolCall, until, usage, type ScriptedProvider } from './chatFixtures';

const settings: ChatSettingsView = { service: 'responses', model: 'gpt-5.4-mini', hasKey: true, autoApproveEdits: false, contextWindow: 400_000 };

describe('the chat session in the extension host', () => {
  let root: string;
  let storage: string;
  let store: ConversationStore<MessageView>;
  let posted: HostMessage[];
  let provider: ScriptedProvider;
  let hasKey: boolean;
  let autoApprove: boolean;
  let review: EditReview;
  let session: ChatSession;

  const of = <T extends HostMessage['type']>(type: T) => posted.filter((m): m is Extract<HostMessage, { type: T }> => m.type === type);
  const saved = async () => {
    const list = await store.list();
    if (list.length === 0) return undefined;
    const loaded = await store.load(list[0].id);
    return loaded.status === 'ok' ? loaded.record : undefined;
  };

  function start(steps: Array<ModelEvent[] | { events: ModelEvent[]; pauseAt?: number; gate?: Promise<void> }>): void {
    provider = scriptedProvider(steps);
  }

  beforeEach(async () => {
    root = await tempFolder({ 'src/a.ts': 'export const a = 1;\n' });
    storage = await tempFolder();
    store = new ConversationStore<MessageView>(storage);
    posted = [];
    hasKey = true;
    autoApprove = false;
    start([]);
    const workspace = new FsWorkspace(root);
    const ids = counterIds();
    review = new EditReview({ workspace: () => workspace, screen: recordingScreen(), diff: unifiedDiff, newId: ids });
    // The editor's wiring: the core policy (auto-approve from the test's setting) asks through the chat session.
    const trust = new Approvals(new TrustPolicy(() => ({ ...DEFAULT_RULES, autoApproveEdits: autoApprove })), { ask: (request, signal) => session.ask(request, signal) });
    session = new ChatSession({
      store,
      post: (m) => posted.push(m),
      edits: review,
      settings: async () => ({ ...settings, hasKey }),
      newId: ids,
      prepareTurn: async () => {
        if (!hasKey) throw new MiniCoderError({ kind: 'auth', message: 'No API key is set for the Responses service.' });
        return {
          workspace,
          trust,
          config: { provider, model: 'gpt-5.4-mini', tools: workspaceTools(), priceUsage: (u) => ({ ...u, costUsd: u.outputTokens / 1000 }) },
        };
      },
    });
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
    // A save started by the last edit's status change may still be writing.
    await fs.rm(storage, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
  });

  it('streams an answer as a message start, text deltas and an end', async () => {
    start([answer('Hello there, friend.')]);
    const message = await session.send({ text: 'Hi' });
    assert.equal(message?.status, 'done');
    assert.equal(message?.text, 'Hello there, friend.');
    // The list (with the new title) goes once the question is saved, and again with the answer's count.
    assert.deepEqual(posted.map((m) => m.type).filter((t, i, all) => t !== all[i - 1]), ['messageStart', 'busy', 'conversations', 'textDelta', 'usage', 'messageEnd', 'busy', 'conversations']);
    assert.equal(of('textDelta').map((m) => m.delta).join(''), 'Hello there, friend.');
    assert.deepEqual(of('messageStart').map((m) => m.message.role), ['user', 'assistant']);
    assert.deepEqual(of('busy').map((m) => m.busy), [true, false]);
  });

  it('saves the question and the answer, and sends the model the history next turn', async () => {
    start([answer('First answer.'), answer('Second answer.')]);
    await session.send({ text: 'First question' });
    await session.send({ text: 'Second question' });
    const input = provider.requests[1].input;
    assert.deepEqual(
      input.map((i) => (i.type === 'message' ? `${i.role}: ${i.content}` : i.type)),
      ['user: First question', 'assistant: First answer.', 'user: Second question'],
    );
    const record = await saved();
    assert.equal(record?.title, 'First question');
    assert.deepEqual(record?.messages.map((m) => `${m.role}:${m.status}`), ['user:done', 'assistant:done', 'user:done', 'assistant:done']);
    assert.equal(record?.items.length, 4);
  });

  it('never writes a message while it streams; it saves it as partial when the stream fails', async () => {
    const hold = gate();
    start([{ events: [{ type: 'text_delta', delta: 'Half an ' }, { type: 'text_delta', delta: 'answer' }, { type: 'error', error: { kind: 'network', message: 'Connection reset.' } }], pauseAt: 2, gate: hold.promise }]);
    const done = session.send({ text: 'Question' });
    await until(() => session.messages[1]?.text === 'Half an answer', 'the partial text to stream');
    const during = await saved();
    assert.deepEqual(during?.messages.map((m) => m.role), ['user'], 'only the question is on disk while the answer streams');
    hold.open();
    const message = await done;
    assert.equal(message?.status, 'error');
    const record = await saved();
    const last = record?.messages[1];
    assert.equal(last?.text, 'Half an answer');
    assert.equal(last?.status, 'error');
    assert.deepEqual(last?.error, { kind: 'network', message: 'Connection reset.', actions: ['retry'] });
  });

  it('stops a running answer, keeping what streamed as stopped', async () => {
    const hold = gate();
    start([{ events: [{ type: 'text_delta', delta: 'Partial' }, { type: 'text_delta', delta: ' never' }, { type: 'completed' }], pauseAt: 1, gate: hold.promise }]);
    const done = session.send({ text: 'Question' });
    await until(() => session.messages[1]?.text === 'Partial', 'the first delta');
    session.stop();
    const message = await done;
    assert.equal(message?.status, 'stopped');
    assert.equal(message?.text, 'Partial');
    assert.equal(message?.error, undefined, 'stopping is not an error');
    assert.equal((await saved())?.messages[1].status, 'stopped');
    assert.equal(session.busy, false);
  });

  it('answers a question sent while busy with a notice instead of a second turn', async () => {
    const hold = gate();
    start([{ events: answer('slow'), pauseAt: 0, gate: hold.promise }]);
    const first = session.send({ text: 'one' });
    assert.equal(await session.send({ text: 'two' }), undefined);
    assert.match(of('notice')[0].text, /still running/);
    hold.open();
    await first;
    assert.equal(provider.requests.length, 1);
  });

  it('shows a missing key as an error with a set-key action', async () => {
    hasKey = false;
    const message = await session.send({ text: 'Hi' });
    assert.equal(message?.status, 'error');
    assert.equal(message?.error?.kind, 'auth');
    assert.deepEqual(message?.error?.actions, ['setKey', 'retry']);
  });

  it('retries the last answer: the same question goes again and the old answer is replaced', async () => {
    start([[{ type: 'error', error: { kind: 'server', message: 'Server error 500.' } }], answer('Better.')]);
    const failed = await session.send({ text: 'Question' });
    assert.equal(failed?.status, 'error');
    const retried = await session.retry(failed!.id);
    assert.equal(retried?.text, 'Better.');
    assert.deepEqual(
      provider.requests[1].input.map((i) => (i.type === 'message' ? i.content : i.type)),
      ['Question'],
      'the failed attempt is not in the history',
    );
    assert.deepEqual(session.messages.map((m) => m.text), ['Question', 'Better.']);
    const state = of('state').pop();
    assert.deepEqual(state?.messages.map((m) => m.text), [], 'the view got the shorter state once, then the new turn as it streamed');
  });

  it('only retries the latest answer', async () => {
    start([answer('One.'), answer('Two.')]);
    const first = await session.send({ text: 'q1' });
    await session.send({ text: 'q2' });
    assert.equal(await session.retry(first!.id), undefined);
    assert.match(of('notice').pop()?.text ?? '', /Only the latest answer/);
  });

  it('adds usage and the cost from the price table into per-turn and conversation totals', async () => {
    start([answer('a', usage(100, 1000)), answer('b', usage(200, 2000, 5))]);
    await session.send({ text: 'q1' });
    await session.send({ text: 'q2' });
    const last = of('usage').pop();
    assert.equal(last?.usage.outputTokens, 2000);
    assert.equal(last?.usage.costUsd, 5, 'a cost the service reported is kept');
    assert.equal(last?.totals.inputTokens, 300);
    assert.equal(last?.totals.costUsd, 6);
    assert.equal(last?.contextTokens, 200);
    assert.equal((await session.state()).totals.outputTokens, 3000);
  });

  it('shows the model’s edit on its message, applies it when accepted, and undoes the turn', async () => {
    const patch = ['*** Begin Patch', '*** Update File: src/a.ts', '-export const a = 1;', '+export const a = 2;', '*** End Patch'].join('\n');
    start([toolCall('c1', 'apply_patch', { patch }), answer('Changed a.')]);
    const done = session.send({ text: 'Make a two' });
    await until(() => review.pendingEdits().length === 1, 'the edit to wait for review');
    const card = of('edit').pop();
    assert.equal(card?.edit.status, 'pending');
    assert.equal(card?.messageId, session.messages[1].id);
    assert.equal(await session.acceptEdit(card!.edit.editId), true);
    const message = await done;
    assert.equal(message?.text, 'Changed a.');
    assert.equal(message?.toolCalls?.[0].status, 'done');
    assert.equal(message?.edits?.[0].status, 'accepted');
    assert.equal(await fs.readFile(path.join(root, 'src/a.ts'), 'utf8'), 'export const a = 2;\n');
    const toolOutput = provider.requests[1].input.find((i) => i.type === 'function_call_output');
    assert.match(toolOutput?.type === 'function_call_output' ? toolOutput.output : '', /Applied: updated src\/a\.ts/);

    assert.equal(session.lastTurnWithEdits(), message?.turnId);
    assert.equal(await session.undoTurn(message!.turnId!), true);
    assert.equal(await fs.readFile(path.join(root, 'src/a.ts'), 'utf8'), 'export const a = 1;\n');
    assert.equal(of('edit').pop()?.edit.status, 'undone');
    assert.equal((await saved())?.messages[1].edits?.[0].status, 'undone', 'the undone status is saved');
  });

  it('tells the model when the user rejects an edit', async () => {
    const patch = ['*** Begin Patch', '*** Update File: src/a.ts', '-export const a = 1;', '+export const a = 3;', '*** End Patch'].join('\n');
    start([toolCall('c1', 'apply_patch', { patch }), answer('Understood.')]);
    const done = session.send({ text: 'Make a three' });
    await until(() => review.pendingEdits().length === 1, 'the edit to wait for review');
    session.rejectEdit(review.pendingEdits()[0].editId);
    await done;
    const toolOutput = provider.requests[1].input.find((i) => i.type === 'function_call_output');
    assert.match(toolOutput?.type === 'function_call_output' ? toolOutput.output : '', /did not apply this edit: rejected by the user/);
    assert.equal(await fs.readFile(path.join(root, 'src/a.ts'), 'utf8'), 'export const a = 1;\n');
  });

  it('sends the text streamed so far when the view reloads mid-answer', async () => {
    const hold = gate();
    start([{ events: answer('Streaming text here'), pauseAt: 2, gate: hold.promise }]);
    const done = session.send({ text: 'q' });
    await until(() => session.messages[1]?.text === 'Streaming text ', 'two deltas');
    await session.sendState();
    const state = of('state').pop();
    assert.equal(state?.busy, true);
    assert.equal(state?.messages[1].text, 'Streaming text ');
    assert.equal(state?.messages[1].status, 'streaming');
    hold.open();
    await done;
  });

  it('starts a new chat, lists conversations and opens an earlier one', async () => {
    start([answer('About cats.'), answer('About dogs.')]);
    await session.send({ text: 'Cats?' });
    const catsId = session.conversationId;
    await session.newChat();
    assert.notEqual(session.conversationId, catsId);
    assert.deepEqual(of('state').pop()?.messages, []);
    await session.send({ text: 'Dogs?' });
    await session.sendConversations();
    assert.deepEqual(of('conversations').pop()?.items.map((c) => c.title), ['Dogs?', 'Cats?']);
    assert.equal(await session.open(catsId), true);
    assert.deepEqual(of('state').pop()?.messages.map((m) => m.text), ['Cats?', 'About cats.']);
  });

  it('renames and deletes conversations; deleting the open one starts a new chat', async () => {
    start([answer('x')]);
    await session.send({ text: 'Original' });
    const id = session.conversationId;
    await session.rename(id, 'Renamed');
    assert.deepEqual(of('conversations').pop()?.items.map((c) => c.title), ['Renamed']);
    await session.delete(id);
    assert.notEqual(session.conversationId, id);
    assert.deepEqual(of('conversations').pop()?.items, []);
  });

  it('tells the user when a conversation file was damaged, and keeps working', async () => {
    start([answer('x')]);
    await session.send({ text: 'Keep me' });
    const id = session.conversationId;
    await session.newChat();
    await fs.writeFile(path.join(storage, 'conversations', `${id}.json`), '{broken');
    assert.equal(await session.open(id), false);
    assert.match(of('notice').pop()?.text ?? '', /damaged .* moved aside/);
  });

  it('marks edits still pending in a saved conversation as not applied when it is opened again', async () => {
    await store.save({
      version: 1,
      id: 'old',
      title: 'Old',
      createdAt: 1,
      updatedAt: 2,
      items: [],
      turns: [],
      totals: usage(0, 0),
      messages: [{ id: 'm1', role: 'assistant', text: 'x', status: 'done', edits: [{ editId: 'e1', files: [], status: 'pending' }] }],
    });
    await session.open('old');
    const edit = of('state').pop()?.messages[0].edits?.[0];
    assert.equal(edit?.status, 'rejected');
    assert.match(edit?.note ?? '', /window closed/);
  });

  it('builds each turn through the plugged-in context builder and keeps its question in the history', async () => {
    start([answer('One.'), answer('Two.')]);
    const seen: Array<{ history: number; conversationId: string }> = [];
    session.setTurnInput(async (history, question, turn) => {
      seen.push({ history: history.length, conversationId: turn?.conversationId ?? '' });
      const userItem = { type: 'message' as const, role: 'user' as const, content: `[context: a.ts]\n${question.text}` };
      return {
        input: [{ type: 'message', role: 'user', content: 'stable project outline' }, ...history, userItem],
        userItem,
        context: { items: [{ id: 'file:a.ts', kind: 'active_file', label: 'a.ts', tokens: 12, truncated: false }], totalTokens: 12, budgetTokens: 1000 },
      };
    });
    await session.send({ text: 'first' });
    await session.send({ text: 'second' });
    assert.deepEqual(seen.map((s) => s.history), [0, 2]);
    assert.equal(seen[0].conversationId, session.conversationId);
    assert.deepEqual(
      provider.requests[1].input.map((i) => (i.type === 'message' ? i.content : i.type)),
      ['stable project outline', '[context: a.ts]\nfirst', 'One.', '[context: a.ts]\nsecond'],
    );
    assert.equal(of('context')[0].report.totalTokens, 12);
    assert.equal(session.messages[0].context?.items[0].label, 'a.ts', 'the report is kept on the question');
    assert.equal(session.messages[0].text, 'first', 'the view shows what the user typed');
  });

  it('offers undo only while the host holds the turn\'s checkpoints, then redo after undoing', async () => {
    const patch = ['*** Begin Patch', '*** Update File: src/a.ts', '-export const a = 1;', '+export const a = 2;', '*** End Patch'].join('\n');
    start([toolCall('c1', 'apply_patch', { patch }), answer('Changed a.')]);
    const done = session.send({ text: 'Make a two' });
    await until(() => review.pendingEdits().length === 1, 'the edit to wait for review');
    await session.acceptEdit(review.pendingEdits()[0].editId);
    const message = await done;
    const turnId = message!.turnId!;
    await session.sendState();
    assert.equal(of('state').pop()?.messages[1].canUndo, true);
    assert.deepEqual(of('undoState').pop(), { type: 'undoState', messageId: message!.id, canUndo: true, canRedo: false });

    assert.equal(await session.undoTurn(turnId), true);
    assert.deepEqual(of('undoState').pop(), { type: 'undoState', messageId: message!.id, canUndo: false, canRedo: true });
    assert.equal(await session.redoTurn(turnId), true);
    assert.equal(await fs.readFile(path.join(root, 'src/a.ts'), 'utf8'), 'export const a = 2;\n');
    assert.deepEqual(of('undoState').pop(), { type: 'undoState', messageId: message!.id, canUndo: true, canRedo: false });
    assert.equal(of('edit').pop()?.edit.note, 'Redone.');

    // Undo, then change the file by hand: redo refuses rather than overwrite the change.
    await session.undoTurn(turnId);
    await fs.writeFile(path.join(root, 'src/a.ts'), 'export const a = 7;\n');
    assert.equal(await session.redoTurn(turnId), false);
    assert.match(of('notice').pop()?.text ?? '', /Not redone: src\/a\.ts changed after the undo/);
  });

  it('reopens the last conversation after a reload, without offering undo for edits made before it', async () => {
    start([answer('Kept.')]);
    let remembered: string | undefined;
    const trust = new Approvals(new TrustPolicy(() => DEFAULT_RULES), { ask: async () => ({ decision: 'deny', reason: 'not in this test' }) });
    const setup = async () => ({ workspace: new FsWorkspace(root), trust, config: { provider, model: 'm', tools: [] } });
    const first = new ChatSession({
      store, post: () => undefined, edits: review, settings: async () => settings, newId: counterIds('a'), prepareTurn: setup,
      lastConversation: { get: () => remembered, set: (id) => (remembered = id) },
    });
    await first.send({ text: 'Remember me' });
    const reloaded: HostMessage[] = [];
    const fresh = new EditReview({ workspace: () => new FsWorkspace(root), screen: recordingScreen(), diff: unifiedDiff, newId: counterIds('e') });
    const second = new ChatSession({
      store, post: (m) => reloaded.push(m), edits: fresh, settings: async () => settings, newId: counterIds('b'), prepareTurn: setup,
      lastConversation: { get: () => remembered, set: (id) => (remembered = id) },
    });
    await second.sendState();
    const state = reloaded.find((m): m is Extract<HostMessage, { type: 'state' }> => m.type === 'state');
    assert.equal(state?.conversationId, first.conversationId);
    assert.deepEqual(state?.messages.map((m) => m.text), ['Remember me', 'Kept.']);
    assert.equal(state?.messages[1].canUndo, false);
  });

  it('shows an editor action\'s short question while the model reads the full request, also when asked again', async () => {
    start([answer('One.'), answer('It sums.'), answer('Again.')]);
    const attachment = { kind: 'selection' as const, label: 'src/a.ts:1', path: 'src/a.ts', startLine: 1, endLine: 1, languageId: 'ts', text: 'export const a = 1;' };
    await session.send({ text: 'first' });
    await session.askFromEditor({ text: 'Explain `a` in src/a.ts:1', prompt: 'Explain the selected code <<<SELECTION_START>>> …', attachments: [attachment] }, { fresh: true });
    assert.deepEqual(session.messages.map((m) => m.text), ['Explain `a` in src/a.ts:1', 'It sums.'], 'a new conversation, showing the short question');
    assert.deepEqual(session.messages[0].attachments, [attachment]);
    const asked = provider.requests[1].input.at(-1);
    assert.match(asked?.type === 'message' ? asked.content : '', /SELECTION_START/);
    await session.retry(session.messages[1].id);
    const again = provider.requests[2].input.at(-1);
    assert.match(again?.type === 'message' ? again.content : '', /SELECTION_START/, 'Retry asks the full request again');
  });

  it('replaces an edited question and everything after it, then asks again', async () => {
    start([answer('One.'), answer('Two.'), answer('Better one.')]);
    await session.send({ text: 'q1' });
    await session.send({ text: 'q2' });
    await session.editAndResend(session.messages[0].id, 'q1, better');
    assert.deepEqual(session.messages.map((m) => m.text), ['q1, better', 'Better one.']);
    assert.deepEqual(provider.requests[2].input.map((i) => (i.type === 'message' ? i.content : i.type)), ['q1, better']);
  });

  it('gives the model the reason the user typed when rejecting an edit', async () => {
    const patch = ['*** Begin Patch', '*** Update File: src/a.ts', '-export const a = 1;', '+export const a = 3;', '*** End Patch'].join('\n');
    start([toolCall('c1', 'apply_patch', { patch }), answer('Understood.')]);
    const done = session.send({ text: 'Make a three' });
    await until(() => review.pendingEdits().length === 1, 'the edit to wait for review');
    session.rejectEdit(review.pendingEdits()[0].editId, 'use a constant named THREE');
    await done;
    const toolOutput = provider.requests[1].input.find((i) => i.type === 'function_call_output');
    assert.match(toolOutput?.type === 'function_call_output' ? toolOutput.output : '', /rejected by the user, who said: "use a constant named THREE"/);
  });

  it('shows a side request on its message and adds its cost to the conversation totals', async () => {
    start([answer('Here is code.')]);
    const message = await session.send({ text: 'code please' });
    const before = of('usage').pop()!.totals;
    session.recordSideRequest(message!.id, { id: 's1', label: 'Asked the model where the block goes in src/a.ts', status: 'running' });
    session.recordSideRequest(message!.id, { id: 's1', label: 'Asked the model where the block goes in src/a.ts', status: 'done' }, usage(300, 40, 0.002));
    const last = of('sideRequest').pop()!;
    assert.equal(last.request.status, 'done');
    assert.equal(last.request.usage?.inputTokens, 300);
    assert.equal(last.request.textOffset, 'Here is code.'.length);
    assert.equal(last.totals.inputTokens, before.inputTokens + 300);
    assert.equal(session.messages[1].sideRequests?.length, 1);
  });
});
