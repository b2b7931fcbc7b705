// How far subagents may go. The hosts read these from the user's own settings (VS Code user settings, CLI flags):
// a cloned repository cannot raise what its reader spends.
import type { ReasoningEffort } from '../model/types';

export interface SubagentSettings {
  /** Subagents running at once in one turn; 0 turns the delegate tool off. */
  maxParallel: number;
  /** Reasoning effort of subagents (research needs less than the main agent). */
  reasoningEffort: ReasoningEffort;
  /** Model calls one subagent may make with tools before it must write its report. */
  maxSteps: number;
  /** Tokens (input and output of all its calls) one subagent may spend before it must write its report. */
  maxTokens: number;
  /** Time one subagent may take before it must write its report. */
  timeLimitMs: number;
}

export const DEFAULT_SUBAGENT_SETTINGS: SubagentSettings = {
  maxParallel: 4,
  reasoningEffort: 'low',
  maxSteps: 12,
  maxTokens: 250_000,
  timeLimitMs: 180_000,
};

/** Most subagents running at once, whatever a setting says. */
export const MAX_PARALLEL_LIMIT = 8;
/** Most tasks one delegate call may hand out. */
export const MAX_TASKS_PER_CALL = 8;
/** Longest report (characters, about 2,000 tokens) that enters the parent's conversation; longer ones are cut. */
export const REPORT_MAX_CHARS = 8_000;
/** Longest task description accepted. */
export const TASK_MAX_CHARS = 4_000;

/** The time a subagent past a limit gets to write its report from what it found. */
export function wrapUpTimeMs(settings: Pick<SubagentSettings, 'timeLimitMs'>): number {
  return Math.min(30_000, Math.max(5_000, Math.round(settings.timeLimitMs / 4)));
}
