// Builds what a turn needs from the current settings and key: the provider (cached while the settings and
// key stay the same), the tools, the instructions and the price table. Heavy modules load on the first turn,
// not at activation.
import { MiniCoderError } from '../core/errors';
import type { ModelProvider } from '../core/model/types';
import { costOf, priceTable } from '../core/pricing';
import { createProvider } from '../core/providers';
import type { Tool } from '../core/tools/tool';
import type { SubagentSettings } from '../core/subagents/settings';
import type { Approvals } from '../core/trust/approvals';
import type { ApiKeys } from './apiKeys';
import { SERVICE_NAMES } from './apiKeys';
import type { ChatSettings } from './chatSettings';
import type { TurnSetup } from './chatSession';
import type { EditorWorkspace } from './editorWorkspace';

export interface TurnSetupDeps {
  keys: ApiKeys;
  settings: () => ChatSettings;
  workspace: EditorWorkspace;
  /** Names of the open workspace folders (empty when none is open). */
  folderNames: () => string[];
  /** Called with each key in use, so the log can scrub it. */
  keyInUse?: (key: string) => void;
  /** The trust policy with the chat as the way of asking. */
  trust: Approvals;
  /** Tools besides the built-in ones (the MCP servers' that are up), named apart from `builtIn`. */
  extraTools?: (builtIn: string[]) => Promise<Tool[]>;
  /** Subagent limits (user settings); delegation is off without them. */
  subagents?: () => SubagentSettings;
}

export function turnPreparer(deps: TurnSetupDeps): () => Promise<TurnSetup> {
  let cached: { signature: string; provider: ModelProvider } | undefined;
  return async () => {
    const settings = deps.settings();
    const key = await deps.keys.get(settings.service);
    if (!key) {
      throw new MiniCoderError({ kind: 'auth', message: `No API key is set for ${SERVICE_NAMES[settings.service]}. Run "Mini Coder: Set API Key" to add one.` });
    }
    deps.keyInUse?.(key);
    const signature = JSON.stringify([settings.connection, key]);
    if (cached?.signature !== signature) cached = { signature, provider: createProvider(settings.connection, key) };
    const table = priceTable(settings.prices);
    const folders = deps.folderNames();
    const canEdit = folders.length > 0;
    const [{ workspaceTools }, { agentInstructions }, { withDelegation }] = await Promise.all([import('../core/tools/workspaceTools'), import('../core/agent/instructions'), import('../core/subagents/delegateTool')]);
    const subagents = deps.subagents?.();
    const label = folders.join(', ') || 'no folder open';
    const config: TurnSetup['config'] = {
      provider: cached.provider,
      model: settings.model,
      tools: await withExtraTools(canEdit ? workspaceTools() : [], deps.extraTools),
      instructions: agentInstructions({ workspaceLabel: label, hostName: 'VS Code', canEdit, canDelegate: canEdit && (subagents?.maxParallel ?? 0) > 0 }),
      options: settings.options,
      priceUsage: (usage) => {
        const cost = costOf(usage, settings.model, table);
        return cost === undefined ? usage : { ...usage, costUsd: cost };
      },
    };
    return { workspace: deps.workspace, trust: deps.trust, hide: [key], config: subagents ? withDelegation(config, label, subagents) : config };
  };
}

async function withExtraTools(builtIn: Tool[], extra: TurnSetupDeps['extraTools']): Promise<Tool[]> {
  return extra ? [...builtIn, ...(await extra(builtIn.map((t) => t.name)))] : builtIn;
}
