import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ConversationStore } from './core/history/conversationStore';
import type { ServiceId } from './core/providers';
import { Approvals, type Approver } from './core/trust/approvals';
import { TrustPolicy } from './core/trust/policy';
import type { MessageView } from './protocol/messages';
import { ApiKeys } from './vscode/apiKeys';
import { ChatSession } from './vscode/chatSession';
import type { ChatSettings } from './vscode/chatSettings';
import { ChatViewProvider } from './vscode/chatViewProvider';
import { CodeActions } from './vscode/codeActions';
import { registerCommands, COMMANDS } from './vscode/commands';
import { DiffScreen, PROPOSED_SCHEME, ProposedContent } from './vscode/diffScreen';
import { EditReview } from './vscode/editReview';
import { EditorWorkspace } from './vscode/editorWorkspace';
import { editorTurnInput } from './vscode/editorTurnInput';
import { explainQuestion } from './vscode/chatAttachment';
import { registerInlineActions } from './vscode/inlineActions';
import { createLog } from './vscode/log';
import { currentSettings, onSettingsChange, openSettings, rememberCommandPrefixes, settingsView, subagentSettings, trustRules, updateUserSetting } from './vscode/settings';
import { TerminalActions, modalApprover } from './vscode/terminalActions';
import { approveUserCommand } from './core/tools/commandTools';
import { editorCommandHost } from './vscode/editorCommands';
import { editorCheckpoints } from './vscode/editorCheckpoints';
import { recordTerminalCommands } from './vscode/terminalHistory';
import type { BuildTurnInput } from './vscode/turnInput';
import { turnPreparer } from './vscode/turnSetup';
import { routeWebviewMessage } from './vscode/webviewRouter';
import { chatHooks } from './vscode/mcp/chatHooks';
import { EditorMcp } from './vscode/mcp/editorMcp';
import { registerMcpCommands } from './vscode/mcp/serverPicker';

/** What `activate` returns, for extension-host tests (and other extensions) to drive the chat. */
export interface MiniCoderApi {
  chat: ChatSession;
  edits: EditReview;
  /** The workspace the model's tools use (all open folders). */
  workspace: EditorWorkspace;
  /** A workspace limited to one folder. */
  workspaceFor(folder: vscode.WorkspaceFolder): EditorWorkspace;
  /** Every message sent to the webview, after batching. */
  onDidPostToView(listener: Parameters<ChatViewProvider['onDidPost']>[0]): vscode.Disposable;
  setApiKey(service: ServiceId, key: string): Promise<void>;
  removeApiKey(service: ServiceId): Promise<void>;
  /** Plugs in the editor-context packer. */
  setTurnInput(build: BuildTurnInput): void;
  settings(): ChatSettings;
  /** The MCP servers of this window. */
  mcp: EditorMcp;
}

/** Where the open conversation's id is kept (per workspace) so a window reload opens it again. */
const LAST_CONVERSATION_KEY = 'miniCoder.lastConversation';

/** Composition root of the editor host: wires adapters to the engine, owns no logic. */
export function activate(context: vscode.ExtensionContext): MiniCoderApi {
  const log = createLog();
  const keys = new ApiKeys(context.secrets);
  const workspace = new EditorWorkspace();
  const proposed = new ProposedContent();
  const edits = new EditReview({
    workspace: () => workspace,
    screen: new DiffScreen({ uriFor: (p) => workspace.uriFor(p), log: log.warn }),
    // The diff library loads with the first edit, not at activation.
    diff: async (file, oldText, newText, newPath) => (await import('./core/edits')).unifiedDiff(file, oldText, newText, newPath),
    newId: randomUUID,
    log: log.warn,
  });
  proposed.attach(edits);
  const store = new ConversationStore<MessageView>(path.join(context.globalStorageUri.fsPath, 'history'), { log: log.warn });
  const views: { chat?: ChatViewProvider } = {};
  const asker: { session?: ChatSession } = {};
  // One trust policy for the window; the chat presents its questions. "Always allow this command prefix" also goes
  // into the user's own settings, so it holds in the next window too.
  const rememberingCommands = (approver: Approver): Approver => ({
    ask: async (request, signal) => {
      const answer = await approver.ask(request, signal);
      if (answer.decision === 'always' && request.kind === 'command' && request.rememberable !== false) {
        await rememberCommandPrefixes(request.scope.split('\n').filter(Boolean)).catch((err: unknown) => log.warn(`Could not save the allowed command: ${String(err)}`));
      }
      return answer;
    },
  });
  const trust = new Approvals(
    new TrustPolicy(trustRules),
    rememberingCommands({ ask: (request, signal) => asker.session?.ask(request, signal) ?? Promise.resolve({ decision: 'deny', reason: 'the chat is not open' }) }),
  );
  const commands = editorCommandHost({ workspace, storageDir: context.globalStorageUri.fsPath, log: log.info });
  // MCP servers start in the background once activated; the chat works before they are up.
  const mcp = new EditorMcp({ context, policy: trust.policy, log });
  const hooks = chatHooks(mcp, workspace, trust);
  const prepareTurn = turnPreparer({
    trust,
    extraTools: hooks.extraTools,
    keys,
    settings: currentSettings,
    subagents: subagentSettings,
    workspace,
    folderNames: () => (vscode.workspace.workspaceFolders ?? []).map((f) => f.name),
    keyInUse: log.forget,
    commands,
  });
  const session = new ChatSession({
    store,
    post: (message) => views.chat?.post(message),
    edits,
    settings: () => settingsView((service) => keys.has(service)),
    log: log.info,
    prepareTurn,
    checkpoints: editorCheckpoints(path.join(context.globalStorageUri.fsPath, 'checkpoints')),
    confirm: async (message, action) => (await vscode.window.showWarningMessage(message, { modal: true }, action)) === action,
    settleFiles: (files) => workspace.settleOpenDocuments(files),
    unsavedFiles: () => vscode.workspace.textDocuments.filter((d) => d.isDirty).map((d) => workspace.pathOf(d.uri)).filter((p): p is string => p !== undefined),
    stopCommand: (background) => commands.stop(background),
    lastConversation: {
      get: () => context.workspaceState.get<string>(LAST_CONVERSATION_KEY),
      set: (id) => context.workspaceState.update(LAST_CONVERSATION_KEY, id),
    },
  });
  asker.session = session;
  const context_ = editorTurnInput({ workspace, maxOutputTokens: () => currentSettings().options.maxOutputTokens, moreSources: hooks.moreSources });
  session.setTurnInput(context_.build);
  // "Run in terminal" on a shell block: the same policy and remembered answers as the agent's commands; with no
  // answer streaming, a question is a modal dialog, and "always" goes into the user's settings as above.
  const blockApprovals = trust.withApprover(rememberingCommands(modalApprover()));
  const terminal = new TerminalActions(
    (text, level) => session.notice(text, level),
    async (line, cwd) => {
      const verdict = await approveUserCommand(blockApprovals, commands, line, cwd);
      if (!verdict.ok) session.notice(verdict.message, 'warning');
      return verdict.ok;
    },
  );
  const code = new CodeActions(session, workspace, prepareTurn, terminal, randomUUID);
  const chat = new ChatViewProvider(
    context.extensionUri,
    (message) =>
      routeWebviewMessage(message, {
        session,
        code,
        edits,
        setKey: () => vscode.commands.executeCommand(COMMANDS.setApiKey),
        openSettings,
        reset: () => chat.reset(),
        mentions: async (query) => [...(await context_.mentions(query)), ...(await hooks.resourceMentions(query))],
        slashCommands: hooks.slashCommands,
        expandCommand: hooks.expandCommand,
        previewContext: (text) => context_.preview(text, session.previewTurn()),
        chooseService: () => vscode.commands.executeCommand(COMMANDS.chooseService),
        updateSetting: updateUserSetting,
        viewReady: () => chat.viewReady(),
        log: log.warn,
      }),
    log.error,
  );
  views.chat = chat;
  registerInlineActions(context, {
    getProvider: async () => ((await keys.has(currentSettings().service)) ? (await prepareTurn()).config.provider : undefined),
    getModelOptions: () => ({ model: currentSettings().model, options: currentSettings().options }),
    askInChat: async (prompt, attachment) => {
      await vscode.commands.executeCommand(COMMANDS.focusChat);
      await session.askFromEditor(explainQuestion(prompt, attachment), { fresh: true });
    },
    log: log.info,
  });

  context.subscriptions.push(
    log.channel,
    workspace,
    vscode.window.registerWebviewViewProvider(ChatViewProvider.viewType, chat),
    chat.followEditor(),
    vscode.workspace.registerTextDocumentContentProvider(PROPOSED_SCHEME, proposed),
    ...registerCommands({ session, edits, keys, focusInput: () => chat.focusInput() }),
    onSettingsChange(() => void session.sendSettings()),
    keys.onDidChange(() => void session.sendSettings()),
    new vscode.Disposable(() => edits.rejectAll('the window closed')),
    commands,
    recordTerminalCommands(),
    mcp,
    ...registerMcpCommands(mcp, () => log.channel.show(true)),
  );
  mcp.start();

  return {
    chat: session,
    edits,
    workspace,
    workspaceFor: (folder) => new EditorWorkspace(() => [folder]),
    onDidPostToView: (listener) => chat.onDidPost(listener),
    setApiKey: (service, key) => keys.set(service, key),
    removeApiKey: (service) => keys.remove(service),
    setTurnInput: (build) => session.setTurnInput(build),
    settings: currentSettings,
    mcp,
  };
}

export function deactivate(): void {}
