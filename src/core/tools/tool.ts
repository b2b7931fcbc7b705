import type { JsonSchema, Usage } from '../model/types';
import type { SubagentUpdate } from '../subagents/types';
import type { Approvals } from '../trust/approvals';
import type { EditReviewer, Workspace } from '../workspace';

/** What a tool may use while it runs. */
export interface ToolContext {
  workspace: Workspace;
  reviewer: EditReviewer;
  /** The trust policy with the user's answers: every read of content, write, command and MCP call passes it. */
  trust: Approvals;
  signal?: AbortSignal;
  /**
   * Strings the host holds that must never reach the model or a view (the API key in use): removed from every tool
   * result, e.g. a file that happens to hold the key, or /proc/self/environ in a workspace rooted at /.
   */
  hide?: readonly string[];
  /** Files read during the conversation, with the text the model saw (stale-copy protection, context). */
  readFiles?: Map<string, string>;
  /** Reports what the tool is doing before it returns (a subagent's activity); absent where no one listens. */
  progress?: (progress: ToolProgress) => void | Promise<void>;
}

/** Something a running tool reports. `usage` (model calls the tool made, e.g. its subagents') is added to the turn's usage. */
export interface ToolProgress {
  subagent: SubagentUpdate;
  usage?: Usage;
}

export interface ToolResult {
  /** What the model reads back. */
  output: string;
  isError?: boolean;
  /** Structured detail for the host (diffs, match lists); never sent to the model. */
  detail?: unknown;
}

/** A tool the model may call. The name and parameters are a contract with the model and the hosts. */
export interface Tool {
  name: string;
  description: string;
  parameters: JsonSchema;
  /** True when the tool only reads, so several calls can run in parallel. */
  readOnly: boolean;
  /**
   * How long the tool's own work may take (time spent waiting for the user's answer does not count); past it the
   * call is stopped and the model told. Default: DEFAULT_TOOL_TIME_LIMIT_MS.
   */
  timeLimitMs?: (args: Record<string, unknown>) => number;
  run(args: Record<string, unknown>, context: ToolContext): Promise<ToolResult>;
}

/** The time limit of a tool that sets none. */
export const DEFAULT_TOOL_TIME_LIMIT_MS = 60_000;
