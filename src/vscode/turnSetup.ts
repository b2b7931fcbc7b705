// Builds what a turn needs from the current settings and key: the provider (cached while the settings and
// key stay the same), the tools, the instructions and the price table. Heavy modules load on the first turn,
// not at activation.
import { MiniCoderError } from '../core/errors';
import type { ModelProvider } from '../core/model/types';
import { costOf, priceTable } from '../core/pricing';
import { createProvider } from '../core/providers';
import type { SubagentSettings } from '../core/subagents/settings';
import type { Approvals } from '../core/trust/approvals';
import { SERVICE_LABELS } from '../core/providers/services';
import type { ApiKeys } from './apiKeys';
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
  /** Subagent limits (user settings); delegation is off without them. */
  subagents?: () => SubagentSettings;
}

export function turnPreparer(deps: TurnSetupDeps): () => Promise<TurnSetup> {
  let cached: { signature: string; provider: ModelProvider } | undefined;
  let lastNotSent: string | undefined;
  return async () => {
    const settings = deps.settings();
    if (settings.problems.length > 0) {
      // The same rules as the CLI flags: nothing a real service would refuse is ever sent.
      throw new MiniCoderError({ kind: 'bad_request', message: `Fix ${settings.problems.length === 1 ? 'this setting' : 'these settings'} first; nothing was sent: ${settings.problems.join('; ')}.` });
    }
    // Said once: again only when what is not sent changes.
    const notice = settings.notSent !== lastNotSent ? settings.notSent : undefined;
    lastNotSent = settings.notSent;
    const key = await deps.keys.get(settings.service);
    if (!key) {
      throw new MiniCoderError({ kind: 'auth', message: `No API key is set for ${SERVICE_LABELS[settings.service]}. Run "Mini Coder: Set API Key" to add one.` });
    }
    deps.keyInUse?.(key);
    const signature = JSON.stringify([settings.connection, key]);
    if (cached?.signature !== signature) cached = { signature, provider: createProvider(settings.connection, key) };
    const table = priceTable(settings.prices);
    const folders = deps.folderNames();
    const canEdit = folders.length > 0;
    // Loaded on the first turn (as the providers are); `require` also loads under the unit tests' TypeScript hook.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { workspaceTools } = require('../core/tools/workspaceTools') as typeof import('../core/tools/workspaceTools');
    const { agentInstructions } = require('../core/agent/instructions') as typeof import('../core/agent/instructions');
    const { withDelegation } = require('../core/subagents/delegateTool') as typeof import('../core/subagents/delegateTool');
    /* eslint-enable @typescript-eslint/no-require-imports */
    const subagents = deps.subagents?.();
    const label = folders.join(', ') || 'no folder open';
    const config: TurnSetup['config'] = {
      provider: cached.provider,
      model: settings.model,
      tools: canEdit ? workspaceTools() : [],
      instructions: agentInstructions({ workspaceLabel: label, hostName: 'VS Code', canEdit, canDelegate: canEdit && (subagents?.maxParallel ?? 0) > 0 }),
      options: settings.options,
      priceUsage: (usage) => {
        const cost = costOf(usage, settings.model, table);
        return cost === undefined ? usage : { ...usage, costUsd: cost };
      },
    };
    return { ...(notice ? { notice } : {}), workspace: deps.workspace, trust: deps.trust, hide: [key], config: subagents ? withDelegation(config, label, subagents) : config };
  };
}
