// Reads the `miniCoder.*` settings from VS Code. Settings that could hand a key to another server or switch
// review off are taken from a workspace's own settings only when the workspace is trusted: a cloned
// repository must not be able to turn on auto-approve or redirect requests by shipping .vscode/settings.json.
import * as vscode from 'vscode';
import { SERVICE_IDS, type ServiceId } from '../core/providers';
import type { TrustRules } from '../core/trust/policy';
import type { ChatSettingsView } from '../protocol/messages';
import { inputLimit } from '../core/context/budget';
import { CONTEXT_WINDOW, chatSettingsFrom, type ChatSettings } from './chatSettings';
import { userMcpAllowList } from './mcp/mcpConfigSources';
import type { SubagentSettings } from '../core/subagents/settings';
import { subagentSettingsFrom } from './subagentSettings';

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

/**
 * The trust policy's rules from the user's settings: auto-approve only from a trusted workspace or the user's own
 * settings; files allowed to be read although they look secret only from user settings (a cloned repository's
 * .vscode/settings.json cannot allow its reader's secrets out); excludes from anywhere (they only add refusals).
 */
export function trustRules(): TrustRules {
  const context = vscode.workspace.getConfiguration('miniCoder.context');
  return {
    autoApproveEdits: readSetting('autoApproveEdits') === true,
    allowRead: strings(context.inspect('allow')?.globalValue),
    allowWrite: [],
    excludeRead: strings(context.get('exclude')),
    allowMcpTools: userMcpAllowList(),
    ...commandRules(),
  };
}

/**
 * The command rules: allowed prefixes from the user's own settings only (a workspace's settings are ignored, so a
 * cloned repository cannot allow its own commands); the sandbox may be switched off only there too.
 */
export function commandRules(): Pick<TrustRules, 'allowCommands' | 'sandbox'> {
  const commands = vscode.workspace.getConfiguration('miniCoder.commands');
  return {
    allowCommands: strings(commands.inspect('allow')?.globalValue),
    sandbox: commands.inspect('sandbox')?.globalValue === 'off' ? 'off' : 'auto',
  };
}

/** Subagent limits from the user's own settings only: they bound what delegation spends. */
export function subagentSettings(): SubagentSettings {
  const config = vscode.workspace.getConfiguration('miniCoder.subagents');
  return subagentSettingsFrom((key) => config.inspect(key)?.globalValue);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Adds command prefixes the user chose "always allow" for to their own (user-level) allowed list, never the workspace's. */
export async function rememberCommandPrefixes(prefixes: readonly string[]): Promise<void> {
  if (prefixes.length === 0) return;
  const commands = vscode.workspace.getConfiguration('miniCoder.commands');
  const current = strings(commands.inspect('allow')?.globalValue);
  const next = [...new Set([...current, ...prefixes])];
  if (next.length !== current.length) await commands.update('allow', next, vscode.ConfigurationTarget.Global);
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
  const services = SERVICE_IDS.map((service) => {
    const other = chatSettingsFrom((key) => (key === 'service' ? service : readSetting(key)), process.env);
    return { service, label: SHORT_NAMES[service], model: other.model, endpoint: endpointOf(other.connection.baseUrl) };
  });
  return {
    service: settings.service,
    model: settings.model,
    hasKey: await hasKey(settings.service),
    autoApproveEdits: settings.autoApproveEdits,
    contextWindow: CONTEXT_WINDOW,
    inputLimit: inputLimit({ maxOutputTokens: settings.options.maxOutputTokens }),
    endpoint: endpointOf(settings.connection.baseUrl),
    reasoningEffort: settings.options.reasoningEffort ?? 'medium',
    services,
  };
}

/** Service names short enough for the chat's picker. */
const SHORT_NAMES: Record<ServiceId, string> = { responses: 'Responses API', runware: 'Runware', 'runware-responses': 'Runware Responses' };

/** Writes one of the chat's pickers (service, reasoning effort) to the user's settings: the user's own choice. */
export function updateUserSetting(key: 'service' | 'reasoningEffort', value: string): Thenable<void> {
  return vscode.workspace.getConfiguration(SECTION).update(key, value, vscode.ConfigurationTarget.Global);
}

/** A base URL as the view shows it: host and path, never credentials or a query. */
export function endpointOf(baseUrl: string | undefined): string {
  try {
    const url = new URL(baseUrl ?? '');
    return `${url.host}${url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '')}`;
  } catch {
    return 'an invalid base URL';
  }
}
