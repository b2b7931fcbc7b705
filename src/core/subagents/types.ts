// What a subagent reports while it works and when it ends, as hosts receive it through the delegate tool's progress.
import type { AgentEvent } from '../agent/agentTurn';
import type { ErrorInfo } from '../errors';
import type { Usage } from '../model/types';

/** How a subagent ended: its report is complete (`done`), or it stopped and returns what it had. */
export type SubagentStatus = 'done' | 'step_limit' | 'token_limit' | 'time_limit' | 'incomplete' | 'error' | 'cancelled';

/** A finished subagent: its bounded report (all the parent model sees of it) and what it spent. */
export interface SubagentOutcome {
  status: SubagentStatus;
  report: string;
  /** True when the report was cut to the size bound. */
  reportCut: boolean;
  usage: Usage;
  /** Model calls made, the closing report call included. */
  steps: number;
  elapsedMs: number;
  /** What it looked at ("read src/a.ts"), in order. */
  activity: string[];
  error?: ErrorInfo;
}

/** One subagent's progress. `id` is unique within the turn: the delegate call's id and the task's number. */
export type SubagentUpdate =
  | { type: 'start'; id: string; index: number; count: number; task: string }
  | { type: 'event'; id: string; event: AgentEvent }
  | { type: 'end'; id: string; outcome: SubagentOutcome };
