// The terminal host's side of subagents: the flags that bound them, their events in `--json` output (every one
// carries the subagent's id) and the compact line each prints in text mode.
import type { AgentEvent } from '../core/agent/agentTurn';
import type { ReasoningEffort } from '../core/model/types';
import { outcomeFigures, statusWords } from '../core/subagents/report';
import { DEFAULT_SUBAGENT_SETTINGS, MAX_PARALLEL_LIMIT, type SubagentSettings } from '../core/subagents/settings';
import { choiceFlag, numberFlag } from './io';

/** The `ask` flags of subagents, for parseArgs. */
export const SUBAGENT_FLAGS = {
  subagents: { type: 'string' },
  'subagent-reasoning-effort': { type: 'string' },
  'subagent-max-steps': { type: 'string' },
  'subagent-max-tokens': { type: 'string' },
  'subagent-time-limit': { type: 'string' },
} as const;

export const SUBAGENT_USAGE = `  --subagents N              Subagents the delegate tool runs at once (0-${MAX_PARALLEL_LIMIT}, default ${DEFAULT_SUBAGENT_SETTINGS.maxParallel}; 0: no delegate tool)
  --subagent-reasoning-effort E   Their reasoning effort (default ${DEFAULT_SUBAGENT_SETTINGS.reasoningEffort})
  --subagent-max-steps N     --subagent-max-tokens N     --subagent-time-limit SECONDS
                             Each subagent's budget (default ${DEFAULT_SUBAGENT_SETTINGS.maxSteps} model calls, ${DEFAULT_SUBAGENT_SETTINGS.maxTokens.toLocaleString('en-US')} tokens, ${DEFAULT_SUBAGENT_SETTINGS.timeLimitMs / 1000} s)`;

type Flags = Partial<Record<keyof typeof SUBAGENT_FLAGS, string>>;

/** The subagent settings the flags name, defaults for the rest. */
export function subagentSettingsFrom(values: Flags, efforts: readonly ReasoningEffort[]): SubagentSettings {
  const d = DEFAULT_SUBAGENT_SETTINGS;
  const seconds = numberFlag('subagent-time-limit', values['subagent-time-limit'], { min: 1, max: 3600 });
  return {
    maxParallel: numberFlag('subagents', values.subagents, { integer: true, min: 0, max: MAX_PARALLEL_LIMIT }) ?? d.maxParallel,
    reasoningEffort: choiceFlag('subagent-reasoning-effort', values['subagent-reasoning-effort'], efforts) ?? d.reasoningEffort,
    maxSteps: numberFlag('subagent-max-steps', values['subagent-max-steps'], { integer: true, min: 1, max: 100 }) ?? d.maxSteps,
    maxTokens: numberFlag('subagent-max-tokens', values['subagent-max-tokens'], { integer: true, min: 1000 }) ?? d.maxTokens,
    timeLimitMs: seconds === undefined ? d.timeLimitMs : seconds * 1000,
  };
}

type Progress = Extract<AgentEvent, { type: 'tool_progress' }>;
type Out = (event: Record<string, unknown>) => Promise<void> | undefined;

/**
 * A subagent's update as `--json` events: `subagent_start`, then its own loop's events in the usual shapes
 * (`step`, `text`, `tool_call`, `tool_result`, `usage`…), then `subagent_end` with status, report and usage; every
 * one has `subagent` (its id) and the nested ones print through `print`, the parent's own printer.
 */
export function subagentJson(event: Progress, out: Out, print: (event: AgentEvent, out: Out) => Promise<void> | undefined): Promise<void> | undefined {
  const update = event.progress.subagent;
  const tag = { subagent: update.id };
  switch (update.type) {
    case 'start':
      return out({ type: 'subagent_start', ...tag, callId: event.callId, index: update.index + 1, count: update.count, task: update.task });
    case 'event':
      return print(update.event, (e) => out({ ...e, ...tag }));
    case 'end': {
      const { activity: _a, ...outcome } = update.outcome;
      return out({ type: 'subagent_end', ...tag, callId: event.callId, ...outcome });
    }
  }
}

/** The one line a finished subagent prints in text mode: "  ↳ s2 done (3 model calls, 12,345 tokens, 4 s, $0.0012): task". */
export function subagentLine(event: Progress): string | undefined {
  const update = event.progress.subagent;
  if (update.type !== 'end') return undefined;
  const { outcome } = update;
  const cost = outcome.usage.costUsd === undefined ? '' : `, $${outcome.usage.costUsd.toFixed(4)}`;
  const why = outcome.error ? ` — ${outcome.error.message}` : '';
  return `  ↳ ${update.id} ${statusWords(outcome.status)} (${outcomeFigures(outcome)}${cost})${why}: ${firstLine(outcome.report)}\n`;
}

function firstLine(text: string): string {
  const line = text.trim().split('\n', 1)[0];
  return line.length > 100 ? `${line.slice(0, 99)}…` : line;
}
