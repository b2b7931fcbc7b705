// Routes what the webview sends to the host's pieces. The webview renders model output, so its messages are
// checked field by field like any input from outside: a malformed one is dropped and logged.
import type { ContextReportView, HostToWebview, WebviewMessage } from '../protocol/messages';
import { SERVICE_IDS } from '../core/providers';
import type { ChatSession } from './chatSession';
import type { CodeActions } from './codeActions';
import type { EditReview } from './editReview';

type MentionItems = HostToWebview['mentionResults']['items'];

export interface RouterDeps {
  session: ChatSession;
  code: CodeActions;
  edits: EditReview;
  setKey: () => Thenable<unknown> | Promise<unknown>;
  openSettings: () => Thenable<unknown> | Promise<unknown>;
  /** The view (re)loaded: drop queued deltas, then send the whole state. */
  reset: () => void;
  log: (line: string) => void;
  /** Seams for the editor-context work: `@` mention completion and the preview of the next turn's context. */
  mentions?: (query: string) => Promise<MentionItems>;
  previewContext?: (text: string) => Promise<ContextReportView>;
  /** Slash-command completion (MCP prompts). */
  slashCommands?: (query: string) => Promise<MentionItems>;
  /** Expands a slash command into the message it stands for; undefined when the text is not one. Throws to refuse. */
  expandCommand?: (text: string) => Promise<{ text: string; images: string[] } | undefined>;
  /** "Choose model service" from the welcome screen (the same quick pick as the command). */
  chooseService?: () => Thenable<unknown> | Promise<unknown>;
  /** The chat's service and reasoning-effort pickers: written to the user's settings. */
  updateSetting?: (key: 'service' | 'reasoningEffort', value: string) => Thenable<unknown> | Promise<unknown>;
  /** Called once the view has its state after (re)loading: a focus request waiting for it can go now. */
  viewReady?: () => void;
}

const SERVICES: readonly string[] = SERVICE_IDS;
const EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'];

/** Handles one message from the webview. */
export async function routeWebviewMessage(raw: unknown, deps: RouterDeps): Promise<void> {
  if (!raw || typeof raw !== 'object' || typeof (raw as { type?: unknown }).type !== 'string') {
    deps.log(`Dropped a malformed message from the chat view.`);
    return;
  }
  // The fields are checked one by one below; the cast only names the shapes to check.
  const message = raw as WebviewMessage;
  const { session } = deps;
  switch (message.type) {
    case 'ready':
      deps.reset();
      await session.sendState();
      await session.sendConversations();
      deps.viewReady?.();
      return;
    case 'send': {
      if (!isString(message.text)) return bad(deps, message.type);
      const expanded = await expandCommand(deps, message.text);
      if (expanded === null) return;
      const images = [...(isStringArray(message.images) ? message.images.filter((i) => i.startsWith('data:image/')) : []), ...(expanded?.images ?? [])];
      await session.send({
        text: expanded?.text ?? message.text,
        ...(images.length > 0 ? { images } : {}),
        ...(isStringArray(message.excludeContextIds) ? { excludeContextIds: message.excludeContextIds } : {}),
      });
      return;
    }
    case 'stop':
      session.stop();
      return;
    case 'stopCommand':
      if (!isString(message.callId) || (message.background !== undefined && !isString(message.background))) return bad(deps, message.type);
      await session.stopCommand(message.background);
      return;
    case 'retry':
      if (!isString(message.messageId)) return bad(deps, message.type);
      await session.retry(message.messageId);
      return;
    case 'newChat':
      await session.newChat();
      return;
    case 'listConversations':
      await session.sendConversations();
      return;
    case 'openConversation':
      if (!isString(message.id)) return bad(deps, message.type);
      await session.open(message.id);
      return;
    case 'renameConversation':
      if (!isString(message.id) || !isString(message.title)) return bad(deps, message.type);
      await session.rename(message.id, message.title.slice(0, 200));
      return;
    case 'deleteConversation':
      if (!isString(message.id)) return bad(deps, message.type);
      await session.delete(message.id);
      return;
    case 'setKey':
      await deps.setKey();
      return;
    case 'openSettings':
      await deps.openSettings();
      return;
    case 'copyCode':
      if (!isString(message.code)) return bad(deps, message.type);
      await deps.code.copy(message.code);
      return;
    case 'insertCode':
      if (!isString(message.code)) return bad(deps, message.type);
      await deps.code.insert(message.code);
      return;
    case 'applyCode':
      if (!isString(message.code)) return bad(deps, message.type);
      await deps.code.apply(message.code, optionalString(message.language), optionalString(message.path), optionalString(message.messageId));
      return;
    case 'acceptEdit':
      if (!isString(message.editId)) return bad(deps, message.type);
      await session.acceptEdit(message.editId);
      return;
    case 'answerApproval':
      // The webview is untrusted input too: only the three answers the card offers are taken.
      if (!isString(message.id) || !['once', 'always', 'deny'].includes(message.decision as string)) return bad(deps, message.type);
      session.answerApproval(message.id, message.decision);
      return;
    case 'rejectEdit':
      if (!isString(message.editId)) return bad(deps, message.type);
      session.rejectEdit(message.editId, optionalString(message.reason));
      return;
    case 'showDiff':
      if (!isString(message.editId)) return bad(deps, message.type);
      if (!(await deps.edits.showDiff(message.editId, optionalString(message.path)))) {
        session.notice('That edit is no longer available to show (the window was reloaded).', 'info');
      }
      return;
    case 'undoTurn':
      if (!isString(message.turnId)) return bad(deps, message.type);
      await session.undoTurn(message.turnId);
      return;
    case 'undoEdit':
      if (!isString(message.editId)) return bad(deps, message.type);
      await session.undoEdit(message.editId);
      return;
    case 'pickAlternative':
      if (!isString(message.messageId) || !Number.isInteger(message.index)) return bad(deps, message.type);
      await session.pickAlternative(message.messageId, message.index);
      return;
    case 'openLink':
      if (!isString(message.href)) return bad(deps, message.type);
      await deps.code.openLink(message.href);
      return;
    case 'openFile':
      if (!isString(message.path)) return bad(deps, message.type);
      await deps.code.openFile(message.path, typeof message.line === 'number' ? message.line : undefined);
      return;
    case 'mentionQuery': {
      if (!Number.isInteger(message.requestId) || !isString(message.query)) return bad(deps, message.type);
      // `requestId` lets the view drop answers to queries it has moved past.
      const items = deps.mentions ? await deps.mentions(message.query) : [];
      session.post({ type: 'mentionResults', requestId: message.requestId, items });
      return;
    }
    case 'slashQuery': {
      if (!Number.isInteger(message.requestId) || !isString(message.query)) return bad(deps, message.type);
      const items = deps.slashCommands ? await deps.slashCommands(message.query) : [];
      session.post({ type: 'slashResults', requestId: message.requestId, items });
      return;
    }
    case 'previewContext':
      if (!isString(message.text) || !deps.previewContext) return;
      session.post({ type: 'contextPreview', report: await deps.previewContext(message.text) });
      return;
    case 'copyAnswer': {
      if (!isString(message.messageId)) return bad(deps, message.type);
      const text = session.messageText(message.messageId);
      if (text !== undefined) await deps.code.copy(text, 'Copied the answer to the clipboard.');
      return;
    }
    case 'insertInTerminal':
      if (!isString(message.code)) return bad(deps, message.type);
      await deps.code.insertInTerminal(message.code);
      return;
    case 'runInTerminal':
      if (!isString(message.code)) return bad(deps, message.type);
      await deps.code.runInTerminal(message.code);
      return;
    case 'editMessage':
      if (!isString(message.messageId) || !isString(message.text)) return bad(deps, message.type);
      await session.editAndResend(message.messageId, message.text);
      return;
    case 'redoTurn':
      if (!isString(message.turnId)) return bad(deps, message.type);
      await session.redoTurn(message.turnId);
      return;
    case 'chooseService':
      await deps.chooseService?.();
      return;
    case 'setService':
      if (!isString(message.service) || !SERVICES.includes(message.service)) return bad(deps, message.type);
      await deps.updateSetting?.('service', message.service);
      return;
    case 'setReasoningEffort':
      if (!isString(message.effort) || !EFFORTS.includes(message.effort)) return bad(deps, message.type);
      await deps.updateSetting?.('reasoningEffort', message.effort);
      return;
    default:
      deps.log(`Dropped an unknown message from the chat view: ${String((message as { type: string }).type).slice(0, 40)}`);
  }
}

/** The message a slash command stands for; null when it was refused (the user is told why). */
async function expandCommand(deps: RouterDeps, text: string): Promise<{ text: string; images: string[] } | undefined | null> {
  if (!deps.expandCommand || !text.startsWith('/')) return undefined;
  try {
    return await deps.expandCommand(text);
  } catch (err) {
    deps.session.notice((err as Error).message, 'error');
    return null;
  }
}

function bad(deps: RouterDeps, type: string): void {
  deps.log(`Dropped a malformed "${type}" message from the chat view.`);
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}
