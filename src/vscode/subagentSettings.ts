// The `miniCoder.subagents.*` settings into the engine's subagent settings. They bound what delegation spends, so
// they are read from the user's own settings only (a cloned repository's .vscode/settings.json cannot raise them);
// a wrong value falls back to its default.
import type { ReasoningEffort } from '../core/model/types';
import { REASONING_EFFORTS as EFFORTS } from '../core/providers/optionRules';
import { DEFAULT_SUBAGENT_SETTINGS, MAX_PARALLEL_LIMIT, type SubagentSettings } from '../core/subagents/settings';


/** Maps the user-level values (`read('maxParallel')` is `miniCoder.subagents.maxParallel`) to subagent settings. */
export function subagentSettingsFrom(read: (key: string) => unknown): SubagentSettings {
  const d = DEFAULT_SUBAGENT_SETTINGS;
  const seconds = whole(read('timeLimitSeconds'), 1, 3600);
  const effort = read('reasoningEffort');
  return {
    maxParallel: whole(read('maxParallel'), 0, MAX_PARALLEL_LIMIT) ?? d.maxParallel,
    reasoningEffort: EFFORTS.includes(effort as ReasoningEffort) ? (effort as ReasoningEffort) : d.reasoningEffort,
    maxSteps: whole(read('maxSteps'), 1, 100) ?? d.maxSteps,
    maxTokens: whole(read('maxTokens'), 1000, Number.MAX_SAFE_INTEGER) ?? d.maxTokens,
    timeLimitMs: seconds === undefined ? d.timeLimitMs : seconds * 1000,
  };
}

function whole(value: unknown, min: number, max: number): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : undefined;
}
