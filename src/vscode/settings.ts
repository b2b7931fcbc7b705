// Reads the `miniCoder.*` settings from VS Code. Settings that could hand a key to another server or switch
// review off are taken from a workspace's own settings only when the workspace is trusted: a cloned
// repository must not be able to turn on auto-approve or redirect requests by shipping .vscode/settings.json.
import * as vscode from 'vscode';
import type { ChatSettingsView } from '../protocol/messages';
import { CONTEXT_WINDOW, chatSettingsFrom, type ChatSettings } from './chatSettings';

const SECTION = 'miniCoder';
// `responses.store` too: a cloned repository must not be able to have your conversations kept by the service.
const TRUST_REQUIRED = new Set(['autoApproveEdits', 'responses.baseUrl', 'runware.baseUrl', 'priceTable', 'responses.store']);

/** One `miniCoder.` setting, user-level only for the trust-sensitive ones in an untrusted workspace. */
export function readSetting(key: string): unknown {
  const config = vscode.workspace.getConfiguration(SECTION);
  if (TRUST_REQUIRED.has(key) && !vscode.workspace.isTrusted) {
    const inspected = config.inspect(key);
    return inspected?.globalValue ?? inspected?.defaultValue;
  }
  return config.get(key);
}

/** The settings now (read fresh each time: a change applies to the next turn). */
export function currentSettings(): ChatSettings {
  return chatSettingsFrom(readSetting, process.env);
}

/** Calls `listener` when any `miniCoder.*` setting changes or the workspace becomes trusted. */
export function onSettingsChange(listener: () => void): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SECTION)) listener();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(listener),
  );
}

/** Opens the Settings editor on Mini Coder's settings. */
export function openSettings(): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openSettings', `@ext:mini-coder.mini-coder`);
}

/** What the view shows about the settings (never the key itself, only whether there is one). */
export async function settingsView(hasKey: (service: ChatSettings['service']) => Promise<boolean>): Promise<ChatSettingsView> {
  const settings = currentSettings();
  return {
    service: settings.service,
    model: settings.model,
    hasKey: await hasKey(settings.service),
    autoApproveEdits: settings.autoApproveEdits,
    contextWindow: CONTEXT_WINDOW,
  };
}
