/**
 * The typed contract between the extension host and the chat webview. Types only: no code paths.
 * Each direction is one map from message name to payload, so renaming a field breaks both sides' build.
 * The host keeps all state that must survive; the webview is a view. While a message streams the host sends
 * only deltas (never the transcript again).
 */

export type Role = 'user' | 'assistant';

/** The phase of an assistant message (gpt-5.4 models): working commentary or the final answer. */
export type MessagePhase = 'commentary' | 'final_answer';

export interface UsageFigures {
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  costUsd?: number;
}

export interface ErrorView {
  kind: string; // an ErrorKind from core
  message: string;
  /** Actions the view offers next to the error. */
  actions?: Array<'retry' | 'setKey' | 'openSettings'>;
  /** How long the service asked to wait before retrying (a rate limit): the view counts it down. */
  retryAfterMs?: number;
}

export interface ToolCallView {
  callId: string;
  name: string;
  /** The arguments as the model sent them (JSON text, possibly still streaming). */
  args: string;
  status: 'running' | 'done' | 'error';
  /** Short, human summary of the result (e.g. "read 120 lines of src/a.ts"). */
  summary?: string;
  /** Full result text for the expandable card (truncated by the host for size). */
  output?: string;
  /** Length of the message's text when the call started: the view shows the card at that point of the text. */
  textOffset?: number;
  /** For `run_command`: the command card's content. */
  command?: CommandView;
}

/** A command the agent runs: what, where, its output as it arrives, and how it ended. */
export interface CommandView {
  command: string;
  cwd: string;
  /** The latest output (the host keeps the last part; the model got the start and the end). */
  output: string;
  /** 'running' until it ends; then 'exited', 'timeout', 'stopped' or 'input' (stopped waiting for input). */
  end: string;
  exitCode?: number | null;
  durationMs?: number;
  sandboxed?: boolean;
  /** The handle of a command started in the background. */
  background?: string;
}

export interface EditFileView {
  path: string;
  kind: 'add' | 'update' | 'delete';
  moveTo?: string;
  /** Unified diff for display. */
  diff: string;
  added: number;
  removed: number;
}

export type EditStatus = 'pending' | 'accepted' | 'rejected' | 'applied' | 'undone' | 'failed';

export interface EditView {
  editId: string;
  files: EditFileView[];
  status: EditStatus;
  /** Why the edit always asks (sensitive path) or why it failed. */
  note?: string;
  /** Length of the message's text when the edit was proposed (see ToolCallView.textOffset). */
  textOffset?: number;
}

/** A question the trust policy asks the user before a tool goes ahead (reading a secret file, a command, an MCP tool). */
export interface ApprovalView {
  id: string;
  kind: 'read' | 'command' | 'mcp_tool';
  /** What would happen: "Read .env". */
  title: string;
  /** Why it asks. */
  reason: string;
  /** What "always" covers (a file, a command prefix, a tool). */
  scope: string;
  /** The "always" button's label: "Always for this file". */
  alwaysLabel: string;
  detail?: string;
  /** False when "always" is not offered (a command that always asks). */
  rememberable?: boolean;
  status: 'pending' | 'allowed' | 'denied';
  /** How it was answered, once it was. */
  answer?: 'once' | 'always' | 'deny';
  /** Why it was denied when nobody clicked (stopped, left the conversation). */
  note?: string;
  /** Length of the message's text when it was asked (see ToolCallView.textOffset). */
  textOffset?: number;
}

/** A subagent the delegate tool runs, as its nested card shows it (the host sends it whole on each change). */
export interface SubagentView {
  /** Unique within the message: s1, s2, … */
  id: string;
  /** The delegate call it belongs to. */
  callId: string;
  /** 1-based position among the call's tasks, and how many there are. */
  index: number;
  count: number;
  task: string;
  status: 'running' | 'done' | 'step_limit' | 'token_limit' | 'time_limit' | 'incomplete' | 'error' | 'cancelled';
  /** Its latest tool calls, oldest first (at most the last 30). */
  activity: Array<{ callId: string; text: string; status: 'running' | 'done' | 'error' }>;
  /** Tool calls it made in all. */
  toolCount: number;
  usage?: UsageFigures;
  /** Its report once it ended (what the main model got back). */
  report?: string;
  error?: string;
  steps?: number;
  elapsedMs?: number;
}

export interface ContextItemView {
  id: string;
  kind: string;
  label: string;
  tokens: number;
  truncated: boolean;
  omitted?: string;
  /** Where it went: 'stable' / 'volatile' (sent), 'earlier' (already in the conversation, not repeated), 'none' (not sent). */
  placement?: 'stable' | 'volatile' | 'earlier' | 'none';
  /** What was cut, or why an earlier copy was kept. */
  note?: string;
}

export interface ContextReportView {
  items: ContextItemView[];
  totalTokens: number;
  budgetTokens: number;
}

/** One message of the transcript as the view renders it. */
export interface MessageView {
  id: string;
  role: Role;
  text: string;
  /** Attached images as data URIs (user messages). */
  images?: string[];
  reasoning?: string;
  toolCalls?: ToolCallView[];
  edits?: EditView[];
  approvals?: ApprovalView[];
  subagents?: SubagentView[];
  /** `refused`: the model declined to answer; the refusal is in `refusal` and `error` (kind `refusal`). */
  status: 'streaming' | 'done' | 'error' | 'stopped' | 'incomplete' | 'refused';
  error?: ErrorView;
  /** The model's refusal, kept apart from `text` (never shown as an ordinary answer). */
  refusal?: string;
  /**
   * Where each message of a phase starts in `text`: commentary (what the model says while it works) and
   * the final answer of gpt-5.4 models, so the view can show commentary as such.
   */
  phases?: Array<{ from: number; phase: MessagePhase }>;
  usage?: UsageFigures;
  context?: ContextReportView;
  /** Alternatives when the service returned several results (Runware numberResults > 1). */
  alternatives?: string[];
  turnId?: string;
  /** What the user attached to a question (a selection from the editor), shown as chips. */
  attachments?: AttachmentView[];
  /** Assistant messages: whether the host can undo / redo the turn's edits now (asked of the host, never guessed). */
  canUndo?: boolean;
  canRedo?: boolean;
  /** Small requests made beside the conversation for this message (placing a code block), with their cost. */
  sideRequests?: SideRequestView[];
  /** The turn's checkpoint: every file it changed (edits, and files its commands wrote), which "Undo this turn" puts back. */
  checkpoint?: CheckpointView;
}

/** Code from the editor that went with a question. */
export interface AttachmentView {
  kind: 'selection';
  /** "src/cart.ts:8-14" */
  label: string;
  path: string;
  startLine: number;
  endLine: number;
  languageId: string;
  text: string;
}

/** A request the host made to the model beside the conversation, shown as such with what it cost. */
export interface SideRequestView {
  id: string;
  /** What it was for: "Placing the code block in src/cart.ts". */
  label: string;
  status: 'running' | 'done' | 'error';
  /** The outcome in a few words, or the error. */
  detail?: string;
  usage?: UsageFigures;
  textOffset?: number;
}

/** A model service the chat can switch to. */
export interface ServiceChoiceView {
  service: ChatSettingsView['service'];
  label: string;
  model: string;
  /** Origin of the base URL the service is called at (never a key). */
  endpoint: string;
}

/** What a turn's checkpoint holds (kept with the conversation, so undo is offered after a reload). */
export interface CheckpointView {
  files: string[];
  /** Files the turn changed that the checkpoint could not keep (too large). */
  notCovered?: string[];
  undone?: boolean;
}

export interface ConversationSummary {
  id: string;
  title: string;
  updatedAt: number;
  messageCount: number;
}

export interface ChatSettingsView {
  service: 'responses' | 'runware' | 'runware-responses';
  model: string;
  hasKey: boolean;
  autoApproveEdits: boolean;
  contextWindow: number;
  /** Input tokens one request may carry (the window minus the requested output): the context meter's scale. */
  inputLimit?: number;
  /** Origin of the base URL the current service is called at. */
  endpoint?: string;
  reasoningEffort?: string;
  services?: ServiceChoiceView[];
}

export interface HostToWebview {
  /** Sent on load and on switching conversation: the whole state, once. */
  state: {
    conversationId: string;
    title: string;
    messages: MessageView[];
    settings: ChatSettingsView;
    busy: boolean;
    totals: UsageFigures;
  };
  settings: { settings: ChatSettingsView };
  messageStart: { message: MessageView };
  /** `phase` when the service marks it: commentary text can be shown as such. */
  textDelta: { messageId: string; delta: string; resultIndex?: number; phase?: MessagePhase };
  reasoningDelta: { messageId: string; delta: string };
  toolCall: { messageId: string; call: ToolCallView };
  /** Argument text appended to a running tool call. */
  toolCallDelta: { messageId: string; callId: string; delta: string };
  /** Output a running command printed (appended to its card). */
  commandOutput: { messageId: string; callId: string; text: string };
  edit: { messageId: string; edit: EditView };
  /** A new or answered approval question on a message. */
  approval: { messageId: string; approval: ApprovalView };
  /** A subagent card of a message, new or changed. */
  subagent: { messageId: string; subagent: SubagentView };
  usage: { messageId: string; usage: UsageFigures; totals: UsageFigures; contextTokens?: number };
  context: { messageId: string; report: ContextReportView };
  messageEnd: { messageId: string; status: MessageView['status']; error?: ErrorView };
  busy: { busy: boolean };
  conversations: { items: ConversationSummary[]; activeId: string };
  /** Preview of what context the next message will carry; the user can remove items. */
  contextPreview: { report: ContextReportView };
  mentionResults: { requestId: number; items: Array<{ label: string; path: string; kind: 'file' | 'folder' | 'symbol' | 'special' }> };
  /** Slash commands matching what was typed after `/` at the start of the prompt (MCP prompts). */
  slashResults: HostToWebview['mentionResults'];
  notice: { text: string; level: 'info' | 'warning' | 'error' };
  /** Prefill the input (e.g. "Explain this" from an editor command). */
  prefill: { text: string; send?: boolean };
  /** A side request started or ended (see SideRequestView); `totals` include its cost. */
  sideRequest: { messageId: string; request: SideRequestView; totals: UsageFigures };
  /** Whether a turn's edits can be undone or redone changed. */
  undoState: { messageId: string; canUndo: boolean; canRedo: boolean };
  /** Put the keyboard focus in the prompt ("Focus Chat"). */
  focusInput: NoFields;
  /** The active editor or its selection changed: what the next message would carry may have too. */
  editorChanged: NoFields;
}

/**
 * The payload of a message that carries nothing but its type. (`Record<string, never>` made such messages
 * impossible to write: its index signature demanded that `type` be `never` too.)
 */
export type NoFields = Record<never, never>;

export interface WebviewToHost {
  ready: NoFields;
  send: { text: string; images?: string[]; excludeContextIds?: string[] };
  stop: NoFields;
  retry: { messageId: string };
  newChat: NoFields;
  listConversations: NoFields;
  openConversation: { id: string };
  renameConversation: { id: string; title: string };
  deleteConversation: { id: string };
  setKey: NoFields;
  openSettings: NoFields;
  copyCode: { code: string };
  insertCode: { code: string };
  /** `messageId`: the message the block came from, so the edit card shows there. */
  applyCode: { code: string; language?: string; path?: string; messageId?: string };
  acceptEdit: { editId: string };
  /** `reason`: why, in the user's words; the model reads it. */
  rejectEdit: { editId: string; reason?: string };
  /** Stop one running command (its card's Stop): the foreground command of a call, or a background one by handle. */
  stopCommand: { callId: string; background?: string };
  /** The user's answer to an approval question. */
  answerApproval: { id: string; decision: 'once' | 'always' | 'deny' };
  showDiff: { editId: string; path?: string };
  undoTurn: { turnId: string };
  /** Undo one applied edit (the undo action of an auto-applied edit's card). */
  undoEdit: { editId: string };
  pickAlternative: { messageId: string; index: number };
  openLink: { href: string };
  openFile: { path: string; line?: number };
  mentionQuery: { requestId: number; query: string };
  /** What was typed after `/` at the start of the prompt. */
  slashQuery: { requestId: number; query: string };
  previewContext: { text: string };
  copyAnswer: { messageId: string };
  /** Put a shell block into the terminal without running it. */
  insertInTerminal: { code: string };
  /** Run a shell block in a terminal, once the command approval (the trust policy, asking when it says so) allows it. */
  runInTerminal: { code: string };
  /** Replace a sent question (and everything after it) with new text, and ask again. */
  editMessage: { messageId: string; text: string };
  redoTurn: { turnId: string };
  chooseService: NoFields;
  /** The model/service and reasoning-effort pickers of the chat (written to the user's settings). */
  setService: { service: ChatSettingsView['service'] };
  setReasoningEffort: { effort: string };
}

export type HostMessage = { [K in keyof HostToWebview]: { type: K } & HostToWebview[K] }[keyof HostToWebview];
export type WebviewMessage = { [K in keyof WebviewToHost]: { type: K } & WebviewToHost[K] }[keyof WebviewToHost];
