/** How the Runware provider is set up: key, endpoint, tool mode, and the timing knobs tests shrink. */

export type ToolMode = 'text' | 'native';

/** When to poll an async task: the delay before poll number `attempt` (0-based) and the overall limit. */
export interface PollSchedule {
  delayMs(attempt: number): number;
  /** Give up (kind `timeout`) once the task has been polled for this long. */
  maxWaitMs: number;
}

/** Retries of a refused submission (HTTP 429 or 5xx). Never applied once a stream has started. */
export interface RetryPolicy {
  maxRetries: number;
  delayMs(attempt: number): number;
  /** A `retry-after` longer than this is not waited for; the error is reported instead. */
  maxRetryAfterMs: number;
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface RunwareConfig {
  apiKey: string;
  baseURL?: string;
  /** Runware model id (AIR), default `openai:gpt@5.4-mini`. */
  model?: string;
  /** How tools reach the model; default `text` (see README: the native response shape is unknown). */
  toolMode?: ToolMode;
  fetch?: FetchLike;
  pollSchedule?: PollSchedule;
  retry?: RetryPolicy;
  /** Delivery used when a request's options name none; default `stream`. */
  delivery?: 'sync' | 'async' | 'stream';
  /** A stream silent for longer than this ends with kind `timeout`. */
  streamIdleTimeoutMs?: number;
}

export const DEFAULT_BASE_URL = 'https://api.runware.ai/v1';
export const DEFAULT_MODEL = 'openai:gpt@5.4-mini';

/** The official SDK's schedule: 1 s, then 1.5 s, then ×1.5 each time, never more than 10 s apart. */
export const sdkPollSchedule: PollSchedule = {
  delayMs(attempt: number): number {
    if (attempt === 0) return 1000;
    return Math.min(10_000, 1500 * 1.5 ** (attempt - 1));
  },
  maxWaitMs: 10 * 60_000,
};

export const defaultRetryPolicy: RetryPolicy = {
  maxRetries: 2,
  delayMs: (attempt) => 500 * 2 ** attempt,
  maxRetryAfterMs: 60_000,
};

export const DEFAULT_STREAM_IDLE_TIMEOUT_MS = 5 * 60_000;
