import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { BackgroundCommands } from '../../../src/core/commands/backgroundCommands';
import { ProcessLauncher } from '../../../src/core/commands/processLauncher';
import { unifiedDiff } from '../../../src/core/edits';
import { FsWorkspace } from '../../../src/core/fsWorkspace';
import { ConversationStore } from '../../../src/core/history/conversationStore';
import type { ModelEvent } from '../../../src/core/model/types';
import { CheckpointStore } from '../../../src/core/snapshots/turnCheckpoints';
import { commandTools, type CommandHost } from '../../../src/core/tools/commandTools';
import { workspaceTools } from '../../../src/core/tools/workspaceTools';
import { Approvals } from '../../../src/core/trust/approvals';
import { DEFAULT_RULES, TrustPolicy } from '../../../src/core/trust/policy';
import type { ChatSettingsView, HostMessage, MessageView } from '../../../src/protocol/messages';
import { ChatSession } from '../../../src/vscode/chatSession';
import { EditReview } from '../../../src/vscode/editReview';
import { answer, counterIds, recordingScreen, scriptedProvider, tempFolder, toolCall, until, type ScriptedProvider } from './chatFixtures';

const settings: ChatSettingsView = { service: 'responses', model: 'gpt-5.4-mini', hasKey: true, autoApproveEdits: true, contextWindow: 400_000 };
const FIX = ['*** Begin Patch', '*** Update File: src/sum.js', '-exports.sum = (v) => v.reduce((a, b) => a + b, 1);', '+exports.sum = (v) => v.reduce((a, b) => a + b, 0);', '*** End Patch'].join('\n');

/**
 * The editor's chat as the extension wires it, minus the VS Code API: the real policy asking through the chat,
 * real commands as child processes, the real checkpoint store on disk.
 */
describe('commands and checkpoints in the chat session', function () {
  this.timeout(30_000);
  let root: string;
  let storage: string;
  let posted: HostMessage[];
  let provider: ScriptedProvider;
  let confirmAnswer: boolean;
  let confirmations: string[];
  let allowCommands: string[];
  let background: BackgroundCommands;
  let stoppers: Set<() => void>;
  let settleFiles: ((files: readonly string[]) => Promise<void>) | undefined;

  const of = <T extends HostMessage['type']>(type: T) => posted.filter((m): m is Extract<HostMessage, { type: T }> => m.type === type);

  /** A chat session over the folder, as a new window would open it (nothing remembered in memory). */
  function openWindow(): { session: ChatSession; review: EditReview } {
    const workspace = new FsWorkspace(root);
    const ids = counterIds(`w${Math.random().toString(36).slice(2, 6)}-`);
    const review = new EditReview({ workspace: () => workspace, screen: recordingScreen(), diff: unifiedDiff, newId: ids });
    const launcher = new ProcessLauncher();
    background = new BackgroundCommands(launcher);
    stoppers = new Set();
    const host: CommandHost = {
      launcher,
      background,
      roots: async () => [root],
      resolveCwd: async () => root,
      sandboxAvailable: async () => false,
      maxSeconds: () => 600,
      posixShell: true,
      track: (stop) => {
        stoppers.add(stop);
        return () => stoppers.delete(stop);
      },
    };
    const checkpoints = new CheckpointStore(path.join(storage, 'checkpoints'), [root]);
    let session: ChatSession;
    const trust = new Approvals(new TrustPolicy(() => ({ ...DEFAULT_RULES, autoApproveEdits: true, allowCommands })), { ask: (request, signal) => session.ask(request, signal) });
    session = new ChatSession({
      store: new ConversationStore<MessageView>(path.join(storage, 'history')),
      post: (m) => posted.push(m),
      edits: review,
      settings: async () => settings,
      newId: ids,
      prepareTurn: async () => ({ workspace, trust, config: { provider, model: 'gpt-5.4-mini', tools: [...workspaceTools(), ...commandTools(host, root)] } }),
      checkpoints: async () => checkpoints,
      confirm: async (message) => {
        confirmations.push(message);
        return confirmAnswer;
      },
      stopCommand: async () => {
        for (const stop of stoppers) stop();
      },
      settleFiles: (files) => settleFiles?.(files) ?? Promise.resolve(),
    });
    return { session, review };
  }

  beforeEach(async () => {
    root = await tempFolder({
      'src/sum.js': 'exports.sum = (v) => v.reduce((a, b) => a + b, 1);\n',
      'test.js': "require('node:assert').strictEqual(require('./src/sum').sum([1, 2]), 3);\nrequire('fs').writeFileSync('report.txt', 'tests ran');\nconsole.log('1 passing');\n",
    });
    storage = await tempFolder();
    posted = [];
    confirmations = [];
    confirmAnswer = false;
    allowCommands = [];
    settleFiles = undefined;
  });
  afterEach(async () => {
    await background.stopAll();
    await fs.rm(root, { recursive: true, force: true });
    await fs.rm(storage, { recursive: true, force: true });
  });

  /** A run_command call; the step ends so the loop runs it. */
  const run = (callId: string, command: string): ModelEvent[] => toolCall(callId, 'run_command', { command });

  it('asks before a command, streams its output onto the card, patches, reruns green and checkpoints every file', async () => {
    provider = scriptedProvider([run('r1', 'node test.js'), toolCall('p1', 'apply_patch', { patch: FIX }), run('r2', 'node test.js'), answer('Green now.')]);
    const { session } = openWindow();
    const done = session.send({ text: 'make the tests pass' });
    await until(() => of('approval').some((a) => a.approval.status === 'pending'), 'the question about the command', 10_000);
    const question = of('approval').at(-1)!.approval;
    assert.equal(question.kind, 'command');
    assert.equal(question.title, 'Run node test.js');
    assert.equal(question.scope, 'node test.js');
    assert.equal(question.alwaysLabel, 'Always allow this command prefix');
    session.answerApproval(question.id, 'always');
    const message = (await done)!;
    assert.equal(message.status, 'done');
    assert.equal(of('approval').filter((a) => a.approval.status === 'pending').length, 1, 'the second run did not ask again');

    const [failing, , passing] = message.toolCalls!;
    assert.deepEqual([failing.command?.end, failing.command?.exitCode], ['exited', 1]);
    assert.match(failing.command?.output ?? '', /AssertionError/);
    assert.deepEqual([passing.command?.end, passing.command?.exitCode], ['exited', 0]);
    assert.match(of('commandOutput').map((m) => m.text).join(''), /1 passing/);
    assert.deepEqual(message.checkpoint?.files.sort(), ['report.txt', 'src/sum.js']);
    assert.ok(of('undoState').some((m) => m.messageId === message.id && m.canUndo), 'the answer offers "Undo this turn"');
  });

  it('undoes the whole turn after a reload, including the file a command wrote', async () => {
    allowCommands = ['node test.js'];
    provider = scriptedProvider([toolCall('p1', 'apply_patch', { patch: FIX }), run('r1', 'node test.js'), answer('Done.')]);
    const first = openWindow();
    const message = (await first.session.send({ text: 'fix it' }))!;
    assert.equal(await fs.readFile(path.join(root, 'report.txt'), 'utf8'), 'tests ran');
    const conversationId = first.session.conversationId;

    const reloaded = openWindow();
    assert.equal(await reloaded.session.open(conversationId), true);
    const restored = reloaded.session.messages.find((m) => m.id === message.id)!;
    assert.deepEqual(restored.checkpoint?.files.sort(), ['report.txt', 'src/sum.js'], 'the checkpoint is part of the saved conversation');
    const shown = (await reloaded.session.state()).messages.find((m) => m.id === message.id);
    assert.deepEqual([shown?.canUndo, shown?.canRedo], [true, false], 'the reloaded window offers the undo its checkpoint allows');
    assert.equal(reloaded.session.lastTurnWithEdits(), message.turnId);
    assert.equal(await reloaded.session.undoTurn(message.turnId!), true);
    assert.equal(await fs.readFile(path.join(root, 'src/sum.js'), 'utf8'), 'exports.sum = (v) => v.reduce((a, b) => a + b, 1);\n');
    assert.equal(await fs.stat(path.join(root, 'report.txt')).catch(() => undefined), undefined);
    assert.deepEqual(of('undoState').at(-1), { type: 'undoState', messageId: message.id, canUndo: false, canRedo: true });
    assert.match(of('notice').at(-1)?.text ?? '', /^Undone: /);

    assert.equal(await reloaded.session.redoTurn(message.turnId!), true);
    assert.equal(await fs.readFile(path.join(root, 'src/sum.js'), 'utf8'), 'exports.sum = (v) => v.reduce((a, b) => a + b, 0);\n');
    assert.equal(await fs.readFile(path.join(root, 'report.txt'), 'utf8'), 'tests ran', 'the file the command wrote is back too');
    assert.deepEqual(of('undoState').at(-1), { type: 'undoState', messageId: message.id, canUndo: true, canRedo: false });
  });

  it('starts the next turn only once the editors show the files an undo put back', async () => {
    allowCommands = ['node test.js'];
    provider = scriptedProvider([toolCall('p1', 'apply_patch', { patch: FIX }), run('r1', 'node test.js'), answer('Done.'), answer('Read it again.')]);
    const { session } = openWindow();
    const message = (await session.send({ text: 'fix it' }))!;
    const settled: string[][] = [];
    let release!: () => void;
    settleFiles = async (files) => {
      settled.push([...files].sort());
      await new Promise<void>((resolve) => (release = resolve));
    };
    const undone = session.undoTurn(message.turnId!);
    await until(() => settled.length === 1, 'the undo to wait for the editors', 10_000);
    const calls = provider.requests.length;
    const next = session.send({ text: 'what does sum do now?' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(provider.requests.length, calls, 'no request while the editors may still show the old text');
    release();
    assert.equal(await undone, true);
    await next;
    assert.equal(provider.requests.length, calls + 1);
    assert.deepEqual(settled, [['report.txt', 'src/sum.js']]);
  });

  it('names the files changed since the turn and undoes only when the user confirms', async () => {
    allowCommands = ['node test.js'];
    provider = scriptedProvider([toolCall('p1', 'apply_patch', { patch: FIX }), run('r1', 'node test.js'), answer('Done.')]);
    const { session } = openWindow();
    const message = (await session.send({ text: 'fix it' }))!;
    await fs.writeFile(path.join(root, 'report.txt'), 'edited by the user');
    assert.equal(await session.undoTurn(message.turnId!), false);
    assert.match(confirmations[0], /^report\.txt changed since this turn/);
    assert.equal(await fs.readFile(path.join(root, 'report.txt'), 'utf8'), 'edited by the user');
    confirmAnswer = true;
    assert.equal(await session.undoTurn(message.turnId!), true);
    assert.equal(await fs.stat(path.join(root, 'report.txt')).catch(() => undefined), undefined);
  });

  it('stops one command from its card; the turn goes on and the model is told', async () => {
    allowCommands = ['sleep'];
    provider = scriptedProvider([run('r1', 'sleep 30.9'), answer('It was stopped.')]);
    const { session } = openWindow();
    const done = session.send({ text: 'wait' });
    await until(() => stoppers.size > 0, 'the command to run', 10_000);
    await session.stopCommand();
    const message = (await done)!;
    assert.equal(message.status, 'done');
    assert.equal(message.toolCalls?.[0].command?.end, 'stopped');
    const output = provider.requests[1].input.find((i) => i.type === 'function_call_output');
    assert.match(output?.type === 'function_call_output' ? output.output : '', /^Error: Stopped by the user after/);
  });
});
