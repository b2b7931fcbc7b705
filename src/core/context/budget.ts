/** A model's token limits. */
export interface ModelLimits {
  contextWindow: number;
  maxInputTokens: number;
  maxOutputTokens: number;
}

export const GPT_5_4_MINI_LIMITS: ModelLimits = { contextWindow: 400_000, maxInputTokens: 272_000, maxOutputTokens: 128_000 };

/** Head-room for what is estimated rather than counted (message framing, tool-schema encoding). */
export const DEFAULT_RESERVE_TOKENS = 4_000;

export interface BudgetOptions {
  /** The max output the request asks for; the model's maximum when not set (the service may use all of it). */
  maxOutputTokens?: number;
  reserveTokens?: number;
  limits?: ModelLimits;
}

/** Input tokens one request may carry: the window minus the requested output minus a reserve, never above the model's input limit. */
export function inputLimit(options: BudgetOptions = {}): number {
  const limits = options.limits ?? GPT_5_4_MINI_LIMITS;
  const output = Math.min(options.maxOutputTokens ?? limits.maxOutputTokens, limits.maxOutputTokens);
  const reserve = options.reserveTokens ?? DEFAULT_RESERVE_TOKENS;
  return Math.max(0, Math.min(limits.maxInputTokens, limits.contextWindow - output - reserve));
}

/** Tokens left for editor context once the rest of the request (instructions, tools, history, question) is counted. */
export function contextBudget(usedTokens: number, options: BudgetOptions = {}): number {
  return Math.max(0, inputLimit(options) - usedTokens);
}
