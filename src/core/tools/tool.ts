import type { JsonSchema } from '../model/types';
import type { Approvals } from '../trust/approvals';
import type { EditReviewer, Workspace } from '../workspace';

/** What a tool may use while it runs. */
export interface ToolContext {
  workspace: Workspace;
  reviewer: EditReviewer;
  signal?: AbortSignal;
  /** Files read during the conversation, with the text the model saw (stale-copy protection, context). */
  readFiles?: Map<string, string>;
  /** The trust policy and the user's answers this session; without it the built-in rules apply. */
  approvals?: Approvals;
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
  run(args: Record<string, unknown>, context: ToolContext): Promise<ToolResult>;
}
