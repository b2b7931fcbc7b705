// The palette and editor-title commands of the chat. Each one is a thin call into the session, the review or
// the key store; messages go to VS Code's notifications since the chat view may be hidden.
import * as vscode from 'vscode';
import { SERVICE_IDS, type ServiceId } from '../core/providers';
import { SERVICE_NAMES, type ApiKeys } from './apiKeys';
import type { ChatSession } from './chatSession';
import { editIdOf } from './diffScreen';
import { showHistory } from './historyPicker';
import type { EditReview } from './editReview';
import { chatSettingsFrom } from './chatSettings';
import { currentSettings, endpointOf, readSetting } from './settings';

export interface CommandDeps {
  session: ChatSession;
  edits: EditReview;
  keys: ApiKeys;
  /** Puts the keyboard focus in the chat's prompt once the view shows. */
  focusInput?: () => void;
}

/** Command ids, as contributed in package.json. */
export const COMMANDS = {
  newChat: 'miniCoder.newChat',
  stop: 'miniCoder.stop',
  setApiKey: 'miniCoder.setApiKey',
  removeApiKey: 'miniCoder.removeApiKey',
  chooseService: 'miniCoder.chooseService',
  showHistory: 'miniCoder.showHistory',
  clearHistory: 'miniCoder.clearHistory',
  focusChat: 'miniCoder.focusChat',
  acceptEdit: 'miniCoder.acceptEdit',
  rejectEdit: 'miniCoder.rejectEdit',
  undoTurn: 'miniCoder.undoTurn',
  rejectEditWithReason: 'miniCoder.rejectEditWithReason',
} as const;

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { session, edits, keys } = deps;
  const register = (id: string, run: (...args: unknown[]) => unknown) => vscode.commands.registerCommand(id, run);
  // The view alone takes the focus on its frame; the next keystrokes belong in the prompt.
  const focusPrompt = async () => {
    await focusChat();
    deps.focusInput?.();
  };
  return [
    register(COMMANDS.focusChat, focusPrompt),
    register(COMMANDS.newChat, async () => {
      await focusPrompt();
      await session.newChat();
    }),
    register(COMMANDS.stop, () => session.stop()),
    register(COMMANDS.setApiKey, async (service?: unknown) => {
      const which: ServiceId = SERVICE_IDS.includes(service as ServiceId) ? (service as ServiceId) : currentSettings().service;
      if (await keys.ask(which)) {
        await session.sendSettings();
        void vscode.window.showInformationMessage(`Mini Coder: the API key for ${SERVICE_NAMES[which]} is stored.`);
      }
    }),
    register(COMMANDS.removeApiKey, async (service?: unknown) => {
      const which: ServiceId = SERVICE_IDS.includes(service as ServiceId) ? (service as ServiceId) : currentSettings().service;
      await keys.remove(which);
      await session.sendSettings();
      void vscode.window.showInformationMessage(`Mini Coder: the API key for ${SERVICE_NAMES[which]} was removed.`);
    }),
    register(COMMANDS.chooseService, () => chooseService(keys)),
    register(COMMANDS.showHistory, () => showHistory(session, focusChat)),
    register(COMMANDS.clearHistory, async () => {
      const choice = await vscode.window.showWarningMessage('Delete every saved Mini Coder conversation?', { modal: true }, 'Delete All');
      if (choice !== 'Delete All') return;
      const removed = await session.clearHistory();
      void vscode.window.showInformationMessage(`Mini Coder: deleted ${removed} conversation${removed === 1 ? '' : 's'}.`);
    }),
    register(COMMANDS.acceptEdit, async (target?: unknown) => {
      const editId = await pickEdit(edits, target);
      if (!editId) return;
      const outcome = await edits.accept(editId);
      if (!outcome.ok) void vscode.window.showErrorMessage(`Mini Coder: ${outcome.message}`);
    }),
    register(COMMANDS.rejectEdit, async (target?: unknown) => {
      const editId = await pickEdit(edits, target);
      if (editId) edits.reject(editId);
    }),
    register(COMMANDS.rejectEditWithReason, async (target?: unknown) => {
      const editId = await pickEdit(edits, target);
      if (!editId) return;
      const reason = await vscode.window.showInputBox({
        title: 'Mini Coder: reject the edit',
        prompt: 'Why? The model reads this and tries again with it in mind.',
        placeHolder: 'e.g. keep the old function name; use a Map instead',
        ignoreFocusOut: true,
      });
      if (reason !== undefined) session.rejectEdit(editId, reason);
    }),
    register(COMMANDS.undoTurn, async (turnId?: unknown) => {
      const which = typeof turnId === 'string' ? turnId : (session.lastTurnWithEdits() ?? (await session.latestCheckpointTurn()));
      if (!which) {
        void vscode.window.showInformationMessage('Mini Coder: no turn has changes to undo.');
        return;
      }
      await session.undoTurn(which, (text, level) => void (level === 'info' ? vscode.window.showInformationMessage(`Mini Coder: ${text}`) : vscode.window.showWarningMessage(`Mini Coder: ${text}`)));
    }),
  ];
}

function focusChat(): Thenable<unknown> {
  // VS Code creates `<viewId>.focus` for every contributed view.
  return vscode.commands.executeCommand('miniCoder.chat.focus');
}

/**
 * The edit a command acts on: the one named by id, the one shown in the diff editor the command was run from
 * (its URI carries the id), the only pending one, or one the user picks.
 */
async function pickEdit(edits: EditReview, target: unknown): Promise<string | undefined> {
  if (typeof target === 'string') return target;
  const fromUri = editIdOf(target instanceof vscode.Uri ? target : vscode.window.activeTextEditor?.document.uri);
  if (fromUri) return fromUri;
  const pending = edits.pendingEdits();
  if (pending.length === 0) {
    void vscode.window.showInformationMessage('Mini Coder: no edit is waiting for review.');
    return undefined;
  }
  if (pending.length === 1) return pending[0].editId;
  const picked = await vscode.window.showQuickPick(
    pending.map((e) => ({ label: e.summary, description: e.changes.map((c) => c.path).join(', '), editId: e.editId })),
    { title: 'Mini Coder: which edit?' },
  );
  return picked?.editId;
}

async function chooseService(keys: ApiKeys): Promise<void> {
  const current = currentSettings().service;
  const items = SERVICE_IDS.map((service) => {
    const settings = chatSettingsFrom((key) => (key === 'service' ? service : readSetting(key)), process.env);
    return {
      label: SERVICE_NAMES[service],
      description: `${settings.model} at ${endpointOf(settings.connection.baseUrl)}${service === current ? ' · current' : ''}`,
      service,
    };
  });
  const picked = await vscode.window.showQuickPick(items, { title: 'Mini Coder: model service' });
  if (!picked) return;
  // A choice the user makes here, in the user's settings; the model can never reach this.
  await vscode.workspace.getConfiguration('miniCoder').update('service', picked.service, vscode.ConfigurationTarget.Global);
  // No key yet: ask for it right away (a notification saying so would stay on screen after the key is set).
  if (!(await keys.has(picked.service))) await vscode.commands.executeCommand(COMMANDS.setApiKey, picked.service);
}

