// The chat's state in the extension host: the open conversation (the items the model reads again, the
// messages the view renders), the running turn with its stop button, retry, totals. The webview is only a
// view of this. Free of `vscode`: everything editor-specific comes in through `ChatSessionDeps`.
import { randomUUID } from 'node:crypto';
import { runAgentTurn, type AgentConfig } from '../core/agent/agentTurn';
import { addUsage, emptyUsage } from '../core/agent/usage';
import { toErrorInfo, type ErrorInfo } from '../core/errors';
import type { ConversationStore } from '../core/history/conversationStore';
import { titleFrom, type ConversationRecord, type ConversationSummary, type TurnRecord } from '../core/history/conversation';
import type { FileChange, ReviewDecision, Workspace } from '../core/workspace';
import type { Usage } from '../core/model/types';
import type { ApprovalAnswer, ApprovalRequest, Approvals, Approver } from '../core/trust/approvals';
import type { ApprovalView, ChatSettingsView, CheckpointView, EditView, HostMessage, HostToWebview, MessageView, SideRequestView } from '../protocol/messages';
import { AssistantMessage, figures } from './assistantMessage';
import { attachmentBlock } from './chatAttachment';
import type { EditReview } from './editReview';
import { plainTurnInput, type BuildTurnInput, type TurnQuestion } from './turnInput';
import type { CheckpointRecord, CheckpointStore } from '../core/snapshots/turnCheckpoints';

/** What one turn needs from the host: a configured agent, the workspace its tools work on, and the trust policy. */
export interface TurnSetup {
  config: AgentConfig;
  workspace: Workspace;
  trust: Approvals;
  /** The key in use, removed from every tool result before the model or the view sees it. */
  hide?: readonly string[];
  /** Said in the chat before the turn runs (e.g. settings this service does not take). */
  notice?: string;
}

export interface ChatSessionDeps {
  store: ConversationStore<MessageView>;
  /** To the view (through the delta batcher). */
  post: (message: HostMessage) => void;
  /** Builds the agent for a turn; throws an `auth` error when there is no key. */
  prepareTurn: () => Promise<TurnSetup>;
  edits: EditReview;
  settings: () => Promise<ChatSettingsView>;
  buildTurnInput?: BuildTurnInput;
  log?: (line: string) => void;
  newId?: () => string;
  now?: () => number;
  /** Remembers the open conversation so a window reload opens it again (the workspace's state in VS Code). */
  lastConversation?: { get(): string | undefined; set(id: string): unknown };
  /** The checkpoint store of the open folders: every file a turn changes can be put back, after a reload too. */
  checkpoints?: () => Promise<CheckpointStore | undefined>;
  /** Asks the user to confirm something destructive (a modal dialog); resolves whether they chose `action`. */
  confirm?: (message: string, action: string) => Promise<boolean>;
  /** Workspace paths of files with unsaved changes in the editor (undo counts them as changed since the turn). */
  unsavedFiles?: () => string[];
  /** Waits until open editors show the files a checkpoint just put back on disk (so the next turn reads them). */
  settleFiles?: (files: readonly string[]) => Promise<void>;
  /** Stops the command running in the foreground, or a background one by its handle (a command card's Stop). */
  stopCommand?: (background?: string) => Promise<void>;
}

type Conversation = ConversationRecord<MessageView>;
type StatePayload = HostToWebview['state'];

interface RunningTurn {
  turnId: string;
  controller: AbortController;
  assistant: AssistantMessage;
  done: Promise<MessageView>;
}

const NEW_TITLE = 'New chat';

/** How an undo or redo tells the user what happened (the chat's notice, or a toast from the palette). */
type Say = (text: string, level: 'info' | 'warning') => void;

const ALWAYS_LABELS: Record<ApprovalRequest['kind'], string> = {
  read: 'Always for this file',
  command: 'Always allow this command prefix',
  mcp_tool: 'Always allow this tool',
};

export class ChatSession implements Approver {
  private conversation: Conversation;
  /** Approval questions waiting for the user's click, by id. */
  private readonly approvals = new Map<string, { view: ApprovalView; assistant: AssistantMessage; resolve: (answer: ApprovalAnswer) => void }>();
  private running: RunningTurn | undefined;
  private readFiles = new Map<string, string>();
  /** An undo or redo from a checkpoint under way: a turn starts only once the editors show the files it put back. */
  private restoring: Promise<unknown> = Promise.resolve();
  /** Edits proposed from a code block, shown on the message the block came from. */
  private readonly codeEditMessages = new Map<string, string>();
  private buildTurnInput: BuildTurnInput;
  private restored = false;
  private readonly newId: () => string;
  private readonly now: () => number;

  constructor(private readonly deps: ChatSessionDeps) {
    this.newId = deps.newId ?? (() => randomUUID());
    this.now = deps.now ?? Date.now;
    this.buildTurnInput = deps.buildTurnInput ?? plainTurnInput;
    this.conversation = this.emptyConversation();
    deps.edits.onDidChange((turnId, edit) => this.editChanged(turnId, edit));
  }

  /** Plugs in the editor-context packer (or any other way of building a turn's input). */
  setTurnInput(build: BuildTurnInput): void {
    this.buildTurnInput = build;
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  get conversationId(): string {
    return this.conversation.id;
  }

  /** The messages of the open conversation (the host's copy, including a message still streaming). */
  get messages(): readonly MessageView[] {
    return this.conversation.messages;
  }

  /** The whole state, as the view gets it on load and on switching conversation. */
  async state(): Promise<StatePayload> {
    return {
      conversationId: this.conversation.id,
      title: this.conversation.title,
      messages: this.conversation.messages.map((m) => this.withUndoState(m)),
      settings: await this.deps.settings(),
      busy: this.busy,
      totals: figures(this.running ? addUsage(this.conversation.totals, this.running.assistant.usage) : this.conversation.totals),
    };
  }

  /** Sends the whole state (the view loaded or reloaded). */
  async sendState(): Promise<void> {
    await this.restoreLast();
    this.deps.post({ type: 'state', ...(await this.state()) });
  }

  /** The first time the view loads in this window: the conversation that was open before the reload. */
  private async restoreLast(): Promise<void> {
    if (this.restored) return;
    this.restored = true;
    const id = this.deps.lastConversation?.get();
    if (!id || this.running || this.conversation.messages.length > 0) return;
    const loaded = await this.deps.store.load(id).catch(() => undefined);
    if (loaded?.status === 'ok') this.switchTo(settleInterrupted(loaded.record));
  }

  async sendSettings(): Promise<void> {
    this.deps.post({ type: 'settings', settings: await this.deps.settings() });
  }

  /** Resolves when no turn is running. */
  async whenIdle(): Promise<void> {
    await this.running?.done.catch(() => undefined);
  }

  /**
   * Asks the model: streams the answer into a new assistant message and runs its tool calls. Resolves
   * with the finished message (also when it failed or was stopped). Only one turn runs at a time.
   */
  send(question: TurnQuestion): Promise<MessageView | undefined> {
    if (this.running) {
      this.notice('A reply is still running: wait for it or stop it first.', 'warning');
      return Promise.resolve(undefined);
    }
    if (question.text.trim() === '' && !question.images?.length) return Promise.resolve(undefined);
    const conversation = this.conversation;
    const turnId = this.newId();
    const user: MessageView = { id: this.newId(), role: 'user', text: question.text, status: 'done', turnId };
    if (question.images?.length) user.images = question.images;
    if (question.attachments?.length) user.attachments = question.attachments;
    const assistant = new AssistantMessage(this.newId(), turnId, (m) => this.deps.post(m), conversation.totals);
    const turn: TurnRecord = { turnId, userMessageId: user.id, assistantMessageId: assistant.view.id, itemsBefore: conversation.items.length };
    if (question.prompt) turn.prompt = question.prompt;
    // The model reads the full request; the transcript shows what the user asked.
    const asked: TurnQuestion = question.prompt ? { ...question, text: question.prompt } : question;
    const firstMessage = conversation.messages.length === 0;
    if (firstMessage && conversation.title === NEW_TITLE) conversation.title = titleFrom(question.text);
    if (firstMessage) this.deps.lastConversation?.set(conversation.id);
    conversation.messages.push(user, assistant.view);
    conversation.turns.push(turn);
    this.deps.post({ type: 'messageStart', message: user });
    this.deps.post({ type: 'messageStart', message: assistant.view });
    this.deps.post({ type: 'busy', busy: true });
    const controller = new AbortController();
    const done = this.runTurn(conversation, asked, turn, assistant, controller.signal).then(async () => {
      this.running = undefined;
      this.deps.post({ type: 'messageEnd', messageId: assistant.view.id, status: assistant.view.status, ...(assistant.view.error ? { error: assistant.view.error } : {}) });
      this.deps.post({ type: 'busy', busy: false });
      conversation.updatedAt = this.now();
      await this.save(conversation);
      if (firstMessage) await this.sendConversations();
      return assistant.view;
    });
    this.running = { turnId, controller, assistant, done };
    return done;
  }

  private async runTurn(conversation: Conversation, question: TurnQuestion, turn: TurnRecord, assistant: AssistantMessage, signal: AbortSignal): Promise<void> {
    const started = this.now();
    try {
      await this.restoring;
      const setup = await this.deps.prepareTurn();
      if (setup.notice) this.notice(setup.notice, 'info');
      const turnInput = await this.buildTurnInput(conversation.items.slice(0, turn.itemsBefore), question, {
        conversationId: conversation.id,
        readFiles: this.readFiles,
        signal,
      });
      if (turnInput.history) {
        // The history was compacted to fit the window: keep the compacted form from now on.
        conversation.items.splice(0, turn.itemsBefore, ...turnInput.history);
        turn.itemsBefore = turnInput.history.length;
        for (const t of conversation.turns) t.itemsBefore = Math.min(t.itemsBefore, turn.itemsBefore);
      }
      if (turnInput.notice) this.notice(turnInput.notice, 'info');
      conversation.items.push(turnInput.userItem);
      if (turnInput.context) {
        const user = conversation.messages.find((m) => m.id === turn.userMessageId);
        if (user) user.context = turnInput.context;
        this.deps.post({ type: 'context', messageId: turn.userMessageId, report: turnInput.context });
      }
      // The question is kept even if the window closes mid-answer; the answer is saved once it ends.
      await this.save(conversation);
      // A first question names the conversation: the view shows the title while the answer streams.
      if (conversation.turns.length === 1 && conversation === this.conversation) await this.sendConversations();
      // Every file the turn changes, by an edit or a command, is checkpointed before the first change.
      const store = await this.deps.checkpoints?.().catch(() => undefined);
      const checkpoint = store?.begin(turn.turnId);
      const result = await runAgentTurn(
        turnInput.input,
        checkpoint ? { ...setup.config, tools: checkpoint.guard(setup.config.tools) } : setup.config,
        { workspace: setup.workspace, reviewer: this.deps.edits.reviewerFor(turn.turnId), trust: setup.trust, hide: setup.hide, readFiles: this.readFiles },
        (event) => assistant.apply(event),
        signal,
      );
      const recorded = store && (await checkpoint?.finish());
      if (store && recorded) {
        assistant.view.checkpoint = checkpointView(store, recorded);
        this.postUndoState(turn.turnId);
      } else if (checkpoint?.failure) this.deps.log?.(`No checkpoint for this turn: ${checkpoint.failure}`);
      conversation.items.push(...result.items);
      assistant.finish(result);
      const u = result.usage;
      this.deps.log?.(
        `Turn ${result.status} in ${Math.round(this.now() - started)} ms: ${result.steps} model call(s), ${u.inputTokens} input (${u.cachedInputTokens} cached) and ${u.outputTokens} output tokens` +
          (result.error && result.error.kind !== 'cancelled' ? `; ${result.error.kind}: ${result.error.message}` : ''),
      );
    } catch (err) {
      const error: ErrorInfo = signal.aborted ? { kind: 'cancelled', message: 'Stopped.' } : toErrorInfo(err);
      assistant.fail(error);
      if (error.kind !== 'cancelled') this.deps.log?.(`Turn failed with ${error.kind}: ${error.message}`);
    }
    conversation.totals = addUsage(conversation.totals, assistant.usage);
  }

  /** Stops the running turn; what streamed so far is kept and marked stopped. */
  stop(): void {
    this.running?.controller.abort();
  }

  /** Asks the last question again, replacing its answer. */
  async retry(messageId: string): Promise<MessageView | undefined> {
    if (this.running) return undefined;
    const conversation = this.conversation;
    const turn = conversation.turns.find((t) => t.assistantMessageId === messageId || t.userMessageId === messageId);
    if (!turn || turn !== conversation.turns[conversation.turns.length - 1]) {
      this.notice('Only the latest answer can be retried.', 'info');
      return undefined;
    }
    const user = conversation.messages.find((m) => m.id === turn.userMessageId);
    if (!user) return undefined;
    const from = conversation.messages.indexOf(user);
    conversation.messages.splice(from);
    conversation.items.splice(turn.itemsBefore);
    conversation.turns.pop();
    // Removing messages is rare and user-driven: the view gets the whole (shorter) state once.
    await this.sendState();
    return this.send({ text: user.text, ...questionParts(user, turn.prompt) });
  }

  /** Replaces a sent question, and every turn after it, with `text`, and asks again. */
  async editAndResend(messageId: string, text: string): Promise<MessageView | undefined> {
    if (this.running) {
      this.notice('A reply is still running: stop it before editing a question.', 'warning');
      return undefined;
    }
    const conversation = this.conversation;
    const at = conversation.turns.findIndex((t) => t.userMessageId === messageId);
    const user = conversation.messages.find((m) => m.id === messageId);
    if (at < 0 || !user || text.trim() === '') return undefined;
    const turn = conversation.turns[at];
    conversation.messages.splice(conversation.messages.indexOf(user));
    conversation.items.splice(turn.itemsBefore);
    conversation.turns.splice(at);
    await this.sendState();
    // Attached code goes with the new wording too.
    const parts = questionParts(user, undefined);
    const prompt = user.attachments?.length ? [text, ...user.attachments.map(attachmentBlock)].join('\n\n') : undefined;
    return this.send({ text, ...parts, ...(prompt ? { prompt } : {}) });
  }

  /** Asks from an editor action; `fresh` starts a new conversation unless the open one is empty. */
  async askFromEditor(question: TurnQuestion, options: { fresh?: boolean } = {}): Promise<MessageView | undefined> {
    if (this.running) {
      this.notice('A reply is still running: wait for it or stop it first.', 'warning');
      return undefined;
    }
    if (options.fresh && this.conversation.messages.length > 0) await this.newChat();
    return this.send(question);
  }

  /** The text of a message (for "Copy answer"). */
  messageText(messageId: string): string | undefined {
    return this.conversation.messages.find((m) => m.id === messageId)?.text;
  }

  /** What the next question would be packed with: the open conversation, its history and the files read. */
  previewTurn(): { conversationId: string; history: ConversationRecord['items']; readFiles: ReadonlyMap<string, string> } {
    return { conversationId: this.conversation.id, history: this.conversation.items, readFiles: this.readFiles };
  }

  /**
   * Shows a request made beside the conversation (placing a code block) on a message, and adds its usage
   * to the conversation's totals once it ends.
   */
  recordSideRequest(messageId: string, request: SideRequestView, usage?: Usage): void {
    const message = this.conversation.messages.find((m) => m.id === messageId);
    if (usage) {
      this.conversation.totals = addUsage(this.conversation.totals, usage);
      request = { ...request, usage: figures(usage) };
    }
    if (message) {
      const list = (message.sideRequests ??= []);
      const at = list.findIndex((r) => r.id === request.id);
      if (at >= 0) request = { ...request, textOffset: list[at].textOffset };
      else request = { ...request, textOffset: message.text.length };
      if (at >= 0) list[at] = request;
      else list.push(request);
    }
    this.deps.post({ type: 'sideRequest', messageId, request, totals: figures(this.conversation.totals) });
    if (message && request.status !== 'running' && !this.running) void this.save(this.conversation);
  }

  /** Starts an empty conversation (the current one is already saved). */
  async newChat(): Promise<void> {
    await this.stopAndWait();
    this.switchTo(this.emptyConversation());
    await this.sendState();
  }

  /** Opens a saved conversation. */
  async open(id: string): Promise<boolean> {
    if (id === this.conversation.id) {
      await this.sendState();
      return true;
    }
    const loaded = await this.deps.store.load(id);
    if (loaded.status !== 'ok') {
      this.notice(
        loaded.status === 'corrupt'
          ? `That conversation's file was damaged and could not be opened; it was moved aside to ${loaded.movedTo}.`
          : 'That conversation no longer exists.',
        'error',
      );
      await this.sendConversations();
      return false;
    }
    await this.stopAndWait();
    this.switchTo(settleInterrupted(loaded.record));
    await this.sendState();
    return true;
  }

  async rename(id: string, title: string): Promise<void> {
    const clean = title.trim();
    if (clean === '') return;
    if (id === this.conversation.id) this.conversation.title = clean;
    const renamed = await this.deps.store.rename(id, clean);
    if (!renamed && id === this.conversation.id && this.conversation.messages.length > 0) await this.save(this.conversation);
    await this.sendConversations();
  }

  async delete(id: string): Promise<void> {
    await this.deps.store.delete(id);
    if (id === this.conversation.id) await this.newChat();
    await this.sendConversations();
  }

  /** Deletes every saved conversation and starts an empty one. */
  async clearHistory(): Promise<number> {
    await this.stopAndWait();
    const removed = await this.deps.store.clear();
    this.switchTo(this.emptyConversation());
    await this.sendState();
    await this.sendConversations();
    return removed;
  }

  /** Saved conversations, newest first. */
  listConversations(): Promise<ConversationSummary[]> {
    return this.deps.store.list();
  }

  async sendConversations(): Promise<void> {
    try {
      const items = await this.deps.store.list();
      this.deps.post({ type: 'conversations', items, activeId: this.conversation.id });
    } catch (err) {
      this.notice(`Could not list conversations: ${toErrorInfo(err).message}`, 'error');
    }
  }

  /** Shows another of the service's results (numberResults > 1) as the answer, and keeps it in the history. */
  async pickAlternative(messageId: string, index: number): Promise<void> {
    const message = this.conversation.messages.find((m) => m.id === messageId);
    const text = message?.alternatives?.[index];
    const turn = this.conversation.turns.find((t) => t.assistantMessageId === messageId);
    if (!message || text === undefined || !turn || message.status === 'streaming') return;
    message.text = text;
    const turns = this.conversation.turns;
    const end = turns[turns.indexOf(turn) + 1]?.itemsBefore ?? this.conversation.items.length;
    const items = this.conversation.items;
    for (let i = end - 1; i > turn.itemsBefore; i--) {
      const item = items[i];
      if (item.type === 'message' && item.role === 'assistant') {
        items[i] = { ...item, content: text };
        break;
      }
    }
    await this.sendState();
    await this.save(this.conversation);
  }

  /**
   * Puts back every file a turn changed: from its persistent checkpoint (edits and files its commands wrote, after a
   * reload too), else from the edits applied in this window. Files changed since the turn are named and only
   * overwritten when the user confirms.
   */
  async undoTurn(turnId: string, say: Say = (t, l) => this.notice(t, l)): Promise<boolean> {
    const store = await this.deps.checkpoints?.().catch(() => undefined);
    const record = await store?.get(turnId);
    if (!store || !record || record.undoneAt) {
      const outcome = await this.deps.edits.undoTurn(turnId);
      say(outcome.ok ? `Undone: ${outcome.files.join(', ') || 'nothing left to change'}.` : outcome.message, outcome.ok ? 'info' : 'warning');
      this.postUndoState(turnId);
      return outcome.ok;
    }
    const done = await this.fromCheckpoint(store, record, 'undo', say);
    if (done) this.deps.edits.markTurnUndone(turnId);
    return this.afterCheckpoint(turnId, done, true);
  }

  /** The latest turn of this workspace whose checkpoint can still be undone, in any conversation (after a reload too). */
  async latestCheckpointTurn(): Promise<string | undefined> {
    const store = await this.deps.checkpoints?.().catch(() => undefined);
    return (await store?.latest())?.turnId;
  }

  /** A command card's Stop: ends that command (the turn goes on, and the model is told). */
  async stopCommand(background?: string): Promise<void> {
    await this.deps.stopCommand?.(background);
  }

  /**
   * Undoes or redoes a turn from its checkpoint, asking first when files changed since (a file with unsaved changes
   * in the editor counts). Says what happened; resolves whether the files were written.
   */
  private fromCheckpoint(store: CheckpointStore, record: CheckpointRecord, action: 'undo' | 'redo', say: Say): Promise<boolean> {
    const work = this.restoreFromCheckpoint(store, record, action, say);
    this.restoring = work.catch(() => undefined);
    return work;
  }

  private async restoreFromCheckpoint(store: CheckpointStore, record: CheckpointRecord, action: 'undo' | 'redo', say: Say): Promise<boolean> {
    const files = store.files(record);
    const unsaved = (this.deps.unsavedFiles?.() ?? []).filter((f) => files.includes(f));
    const run = (force: boolean) => (action === 'undo' ? store.undo(record.turnId, { force }) : store.redo(record.turnId, { force }));
    let result = unsaved.length > 0 ? ({ ok: false, reason: 'changed since', changedSince: unsaved } as const) : await run(false);
    const since = action === 'undo' ? 'this turn' : 'the undo';
    if (!result.ok && result.reason === 'changed since') {
      const names = result.changedSince.join(', ');
      const label = action === 'undo' ? 'Undo Anyway' : 'Redo Anyway';
      const go = (await this.deps.confirm?.(`${names} changed since ${since}. ${label.replace(' Anyway', '')} the turn anyway? Those later changes will be lost.`, label)) ?? false;
      if (!go) {
        say(`Not ${action === 'undo' ? 'undone' : 'redone'}: ${names} changed since ${since}.`, 'warning');
        return false;
      }
      result = await run(true);
    }
    if (!result.ok) {
      say(result.reason === 'changed since' ? `Not ${action === 'undo' ? 'undone' : 'redone'}: ${result.changedSince.join(', ')} changed since ${since}.` : result.message, 'warning');
      return false;
    }
    const missed = result.notCovered.length > 0 ? ` Not restored (over the checkpoint size limit): ${result.notCovered.join(', ')}.` : '';
    await this.deps.settleFiles?.(result.restored).catch(() => undefined);
    say(`${action === 'undo' ? 'Undone' : 'Redone'}: ${result.restored.join(', ') || 'nothing left to change'}.${missed}`, 'info');
    return true;
  }

  /** Records on the turn's message whether its checkpoint is undone, saves it, and tells the view what it can offer. */
  private async afterCheckpoint(turnId: string, done: boolean, undone: boolean): Promise<boolean> {
    const message = this.conversation.messages.find((m) => m.turnId === turnId && m.role === 'assistant');
    if (done && message?.checkpoint) {
      message.checkpoint = { ...message.checkpoint, undone };
      await this.save(this.conversation);
    }
    this.postUndoState(turnId);
    return done;
  }

  /** Applies again what "Undo this turn" took back. */
  async redoTurn(turnId: string, say: Say = (t, l) => this.notice(t, l)): Promise<boolean> {
    const store = await this.deps.checkpoints?.().catch(() => undefined);
    const record = await store?.get(turnId);
    if (!store || !record?.undoneAt) {
      const outcome = await this.deps.edits.redoTurn(turnId);
      say(outcome.ok ? `Redone: ${outcome.files.join(', ') || 'nothing left to change'}.` : outcome.message, outcome.ok ? 'info' : 'warning');
      this.postUndoState(turnId);
      return outcome.ok;
    }
    const done = await this.fromCheckpoint(store, record, 'redo', say);
    if (done) this.deps.edits.markTurnRedone(turnId);
    return this.afterCheckpoint(turnId, done, false);
  }

  /** Tells the view whether the turn's edits can be undone or redone now. */
  private postUndoState(turnId: string): void {
    const message = this.conversation.messages.find((m) => m.turnId === turnId && m.role === 'assistant');
    if (!message) return;
    this.deps.post({ type: 'undoState', messageId: message.id, ...this.undoState(message) });
  }

  private withUndoState(message: MessageView): MessageView {
    if (message.role !== 'assistant' || !message.turnId) return message;
    return { ...message, ...this.undoState(message) };
  }

  /** What the turn's answer can offer: its checkpoint (kept on disk, so also after a reload), else this window's edits. */
  private undoState(message: MessageView): { canUndo: boolean; canRedo: boolean } {
    const { edits } = this.deps;
    const turnId = message.turnId as string;
    const checkpoint = message.checkpoint;
    return {
      canUndo: (checkpoint !== undefined && !checkpoint.undone) || edits.canUndoTurn(turnId),
      canRedo: checkpoint?.undone === true || edits.canRedoTurn(turnId),
    };
  }

  /** Undoes one applied edit. */
  async undoEdit(editId: string): Promise<boolean> {
    const outcome = await this.deps.edits.undoEdit(editId);
    this.notice(outcome.ok ? `Undone: ${outcome.files.join(', ')}.` : outcome.message, outcome.ok ? 'info' : 'warning');
    return outcome.ok;
  }

  async acceptEdit(editId: string): Promise<boolean> {
    const outcome = await this.deps.edits.accept(editId);
    if (!outcome.ok) this.notice(outcome.message, 'error');
    return outcome.ok;
  }

  /** Rejects a pending edit; the model reads `reason` when the user gave one. */
  rejectEdit(editId: string, reason?: string): boolean {
    const said = reason?.trim().slice(0, 2000);
    return this.deps.edits.reject(editId, said ? `rejected by the user, who said: "${said}"` : undefined);
  }

  /** The latest turn of the open conversation that has applied edits, for "undo last turn". */
  lastTurnWithEdits(): string | undefined {
    for (let i = this.conversation.turns.length - 1; i >= 0; i--) {
      const turnId = this.conversation.turns[i].turnId;
      if (this.deps.edits.checkpoints.turn(turnId).length > 0) return turnId;
      const checkpoint = this.conversation.messages.find((m) => m.turnId === turnId && m.role === 'assistant')?.checkpoint;
      if (checkpoint && !checkpoint.undone) return turnId;
    }
    return undefined;
  }

  /** Reviews an edit that did not come from the model's tools (a code block's "apply"); always asks. */
  reviewCodeEdit(changes: FileChange[], summary: string, messageId?: string): Promise<ReviewDecision> {
    const turnId = `code-${this.newId()}`;
    if (messageId) this.codeEditMessages.set(turnId, messageId);
    const verdict = { decision: 'ask', reason: 'a code block is applied only after you review it', sensitive: false } as const;
    return this.deps.edits.review(changes, { summary, turnId, verdict });
  }

  /**
   * Asks the user in the chat (the trust policy's "ask" for a secret read, a command, an MCP tool): an approval card
   * on the running answer with Allow once / Always … / Deny. Resolves "deny" when the turn stops or no turn runs.
   */
  ask(request: ApprovalRequest, signal?: AbortSignal): Promise<ApprovalAnswer> {
    const assistant = this.running?.assistant;
    if (!assistant) return Promise.resolve({ decision: 'deny', reason: 'no answer is running to ask in' });
    if (signal?.aborted) return Promise.resolve({ decision: 'deny', reason: 'the user stopped the turn' });
    const view: ApprovalView = {
      id: this.newId(),
      kind: request.kind,
      title: request.title,
      reason: request.reason,
      scope: request.scope,
      alwaysLabel: ALWAYS_LABELS[request.kind],
      ...(request.detail ? { detail: request.detail } : {}),
      ...(request.rememberable === false ? { rememberable: false } : {}),
      status: 'pending',
    };
    assistant.setApproval(view);
    return new Promise((resolve) => {
      const onAbort = () => this.settleApproval(view.id, 'deny', 'the turn was stopped');
      signal?.addEventListener('abort', onAbort, { once: true });
      this.approvals.set(view.id, {
        view,
        assistant,
        resolve: (answer) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(answer);
        },
      });
    });
  }

  /** The user's click on an approval card. False when it was no longer waiting. */
  answerApproval(id: string, decision: 'once' | 'always' | 'deny'): boolean {
    return this.settleApproval(id, decision);
  }

  private settleApproval(id: string, decision: 'once' | 'always' | 'deny', note?: string): boolean {
    const pending = this.approvals.get(id);
    if (!pending) return false;
    this.approvals.delete(id);
    const view: ApprovalView = { ...pending.view, status: decision === 'deny' ? 'denied' : 'allowed', answer: decision, ...(note ? { note } : {}) };
    pending.assistant.setApproval(view);
    pending.resolve(decision === 'deny' ? { decision: 'deny', reason: note ?? 'the user denied it' } : { decision });
    return true;
  }

  /** Sends a message to the view. */
  post(message: HostMessage): void {
    this.deps.post(message);
  }

  notice(text: string, level: 'info' | 'warning' | 'error'): void {
    this.deps.post({ type: 'notice', text, level });
  }

  private editChanged(turnId: string, edit: EditView): void {
    if (this.running?.turnId === turnId) {
      this.running.assistant.setEdit(edit);
      this.postUndoState(turnId);
      return;
    }
    const messageId = this.codeEditMessages.get(turnId) ?? this.conversation.turns.find((t) => t.turnId === turnId)?.assistantMessageId;
    const message = this.conversation.messages.find((m) => m.id === messageId);
    if (!message) return;
    const edits = (message.edits ??= []);
    const at = edits.findIndex((e) => e.editId === edit.editId);
    // An edit proposed after the answer (a code block's Apply) shows after the text it came from.
    const placed: EditView = { ...edit, textOffset: at >= 0 ? edits[at].textOffset : message.text.length };
    if (at >= 0) edits[at] = placed;
    else edits.push(placed);
    this.deps.post({ type: 'edit', messageId: message.id, edit: placed });
    this.postUndoState(turnId);
    if (!this.running) void this.save(this.conversation);
  }

  private async stopAndWait(): Promise<void> {
    this.stop();
    await this.whenIdle();
  }

  private switchTo(conversation: Conversation): void {
    this.deps.edits.rejectAll('the user left the conversation');
    for (const id of [...this.approvals.keys()]) this.settleApproval(id, 'deny', 'the user left the conversation');
    this.conversation = conversation;
    this.deps.lastConversation?.set(conversation.id);
    this.readFiles = new Map();
    this.codeEditMessages.clear();
  }

  /** Saves what is final: a message still streaming is never written (no stream of snapshots). */
  private async save(conversation: Conversation): Promise<void> {
    if (conversation.messages.length === 0) return;
    try {
      await this.deps.store.save({ ...conversation, messages: conversation.messages.filter((m) => m.status !== 'streaming') });
    } catch (err) {
      this.deps.log?.(`Saving the conversation failed: ${toErrorInfo(err).message}`);
      this.notice(`The conversation could not be saved: ${toErrorInfo(err).message}`, 'error');
    }
  }

  private emptyConversation(): Conversation {
    const now = this.now();
    return { version: 1, id: this.newId(), title: NEW_TITLE, createdAt: now, updatedAt: now, items: [], messages: [], turns: [], totals: emptyUsage() };
  }
}

function checkpointView(store: CheckpointStore, record: CheckpointRecord): CheckpointView {
  const notCovered = record.folders.flatMap((f) => f.notCovered);
  return { files: store.files(record), ...(notCovered.length > 0 ? { notCovered } : {}) };
}

/** The images and attachments of a sent question, and the model's text when it differed, to ask it again. */
function questionParts(user: MessageView, prompt: string | undefined): Partial<TurnQuestion> {
  return {
    ...(user.images ? { images: user.images } : {}),
    ...(user.attachments ? { attachments: user.attachments } : {}),
    ...(prompt ? { prompt } : {}),
  };
}

/** Edits that were waiting for review when the window closed can no longer be accepted. */
function settleInterrupted(record: Conversation): Conversation {
  for (const message of record.messages) {
    for (const approval of message.approvals ?? []) {
      if (approval.status === 'pending') {
        approval.status = 'denied';
        approval.note = 'the window closed before it was answered';
      }
    }
    for (const edit of message.edits ?? []) {
      if (edit.status === 'pending') {
        edit.status = 'rejected';
        edit.note = 'Not applied: the window closed before this edit was reviewed.';
      }
    }
  }
  return record;
}
