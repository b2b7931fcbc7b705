/**
 * The rules every model option obeys, shared by the CLI flags, the editor settings and the providers:
 * what values each option takes on each service, which options a service does not take (and why), and
 * the defaults the product chooses. A host names the option in its own words (`--top-p`,
 * `miniCoder.topP`); the rules say what is wrong with the value.
 */
import type { ModelOptions, ReasoningEffort, ThinkingLevel } from '../model/types';
import { bareModelName, runwareModelId, wireOf, type ServiceId } from './services';

export const REASONING_EFFORTS: readonly ReasoningEffort[] = ['none', 'low', 'medium', 'high', 'xhigh'];
export const THINKING_LEVELS: readonly ThinkingLevel[] = ['none', 'low', 'medium', 'high'];
export const REASONING_SUMMARIES = ['auto', 'concise', 'detailed'] as const;
export const VERBOSITIES = ['low', 'medium', 'high'] as const;
export const TEXT_FORMATS = ['text', 'json_object'] as const;
export const DELIVERIES = ['sync', 'async', 'stream'] as const;
export const CACHE_SCOPES = ['off', 'system', 'system+history'] as const;
export const CACHE_TTLS = ['5m', '1h'] as const;

/** gpt-5.4-mini's output limit, and Runware's ceiling for `settings.maxTokens`. */
export const MAX_OUTPUT_TOKENS = 128_000;
/** The Responses API refuses `max_output_tokens` below 16. */
export const RESPONSES_MIN_OUTPUT_TOKENS = 16;
/**
 * What Mini Coder sends as Runware's `settings.maxTokens` when the user names no limit. Runware's own
 * default (4096) cuts an agent step that writes a large patch; 32,000 holds a patch rewriting a file of
 * about 2,000 lines plus its reasoning, while a runaway step still stops at about $0.15 of output.
 */
export const RUNWARE_DEFAULT_MAX_TOKENS = 32_000;
/**
 * Runware's prompt cache, on by default: every agent step resends the same instructions, tool list and
 * conversation, and steps come seconds apart, so a five-minute cache of system prompt and history is
 * read back at the cached rate on every step after the first.
 */
export const RUNWARE_DEFAULT_CACHE = { scope: 'system+history', ttl: '5m' } as const;
/** Said in the instructions when JSON output is asked for (the Responses API refuses json_object without it). */
export const JSON_OBJECT_INSTRUCTION = 'Answer with one JSON object and nothing else.';
/** Runware's seed is a signed 64-bit integer of 0 or more. */
export const MAX_SEED = 9_223_372_036_854_775_807n;

/** Effort words onto Runware's four thinking levels (Runware's own legacy mapping sends `minimal` to `low`). */
export const THINKING_LEVEL_OF_EFFORT: Record<ReasoningEffort, ThinkingLevel> = {
  none: 'none',
  low: 'low',
  medium: 'medium',
  high: 'high',
  xhigh: 'high',
};

export type OptionKey = Exclude<keyof ModelOptions, 'includeCost' | 'includeUsage'>;

/** What is wrong with one option's value, to be prefixed with the host's name for the option. */
export interface OptionProblem {
  key: OptionKey;
  /** e.g. `must be a number from 0 to 1; got 1.5` */
  message: string;
}

/** An option given but not sent to the service, and why. */
export interface OptionNotSent {
  key: OptionKey;
  reason: string;
}

/**
 * True for model families that reject `temperature` and produce reasoning items (gpt-5*, o1/o3/o4…),
 * whatever way the id is written (`openai/gpt-5.4-mini`, `openai:gpt@5.4-mini`).
 */
export function isReasoningModel(model: string): boolean {
  return /^(gpt-5|o\d)/.test(bareModelName(model));
}

/** `text.verbosity` exists for the gpt-5 family only. */
function takesVerbosity(model: string): boolean {
  return /^gpt-5/.test(bareModelName(model));
}

type Check = (value: unknown, service: ServiceId) => string | undefined;

const CHECKS: Record<OptionKey, Check> = {
  reasoningEffort: (v) => oneOf(v, REASONING_EFFORTS, v === 'minimal' ? 'minimal is not offered: Anyfast lists none, low, medium, high and xhigh; use low' : undefined),
  reasoningSummary: (v) => oneOf(v, REASONING_SUMMARIES),
  verbosity: (v) => oneOf(v, VERBOSITIES),
  maxOutputTokens: (v, service) => wholeNumber(v, wireOf(service) === 'responses' ? RESPONSES_MIN_OUTPUT_TOKENS : 1, MAX_OUTPUT_TOKENS),
  topP: (v) => numberIn(v, 0, 1),
  temperature: (v) => numberIn(v, 0, 2),
  textFormat: (v) => oneOf(v, TEXT_FORMATS),
  store: (v) => (typeof v === 'boolean' ? undefined : `must be true or false; got ${shown(v)}`),
  user: (v) => (typeof v === 'string' && v.trim() !== '' ? undefined : `must be a non-empty text (an id of the end user); got ${shown(v)}`),
  thinkingLevel: (v) => oneOf(v, THINKING_LEVELS, legacyThinkingHint(v)),
  numberResults: (v) => wholeNumber(v, 1, 4),
  seed: (v) => seedProblem(v),
  delivery: (v, service) =>
    wireOf(service) === 'responses'
      ? oneOf(v, ['sync', 'stream'] as const, v === 'async' ? 'async is a Runware delivery; the Responses API streams (stream) or answers at once (sync)' : undefined)
      : oneOf(v, DELIVERIES),
  cache: (v) => oneOf(v, CACHE_SCOPES),
  cacheTtl: (v) => oneOf(v, CACHE_TTLS),
};

/** Every problem with the given options on this service; empty when all can be sent as they are. */
export function optionProblems(service: ServiceId, options: ModelOptions): OptionProblem[] {
  const problems: OptionProblem[] = [];
  for (const key of Object.keys(CHECKS) as OptionKey[]) {
    const value = options[key];
    if (value === undefined) continue;
    const message = CHECKS[key](value, service);
    if (message) problems.push({ key, message });
  }
  const several = typeof options.numberResults === 'number' && options.numberResults > 1;
  if (service === 'runware' && several && options.delivery === 'stream' && !problems.some((p) => p.key === 'numberResults')) {
    problems.push({ key: 'numberResults', message: 'above 1 needs delivery sync or async (a stream carries one result)' });
  }
  return problems;
}

/** The options given that this service (or this model on it) does not take, each with the reason. */
export function optionsNotSent(service: ServiceId, model: string, options: ModelOptions): OptionNotSent[] {
  const out: OptionNotSent[] = [];
  const given = (key: OptionKey) => options[key] !== undefined;
  const not = (key: OptionKey, reason: string) => {
    if (given(key)) out.push({ key, reason });
  };
  if (wireOf(service) === 'runware-task') {
    not('reasoningSummary', "Runware's task API has no reasoning-summary setting");
    not('verbosity', "Runware's task API has no verbosity setting");
    not('store', "Runware's task API has no store setting");
    not('user', "Runware's task API has no user field");
    if (given('thinkingLevel')) not('reasoningEffort', 'the thinking level was given and wins');
    return out;
  }
  const name = bareModelName(model);
  if (isReasoningModel(model)) not('temperature', `${name} is a reasoning model, which refuses temperature`);
  else {
    not('reasoningEffort', `${name} is not a reasoning model, which refuses reasoning settings`);
    not('reasoningSummary', `${name} is not a reasoning model, which refuses reasoning settings`);
  }
  if (!takesVerbosity(model)) not('verbosity', `text.verbosity exists for gpt-5 models only, not ${name}`);
  not('thinkingLevel', 'a Runware task setting; the Responses API takes the reasoning effort instead');
  not('numberResults', 'the Responses API returns one answer per request');
  not('seed', 'the Responses API has no seed');
  not('cache', "Runware's task API setting; a Responses server caches prompts by itself");
  not('cacheTtl', "Runware's task API setting; a Responses server caches prompts by itself");
  return out;
}

/** The options as they will be sent: those the service does not take are left out. */
export function sentOptions(service: ServiceId, model: string, options: ModelOptions): ModelOptions {
  const dropped = new Set(optionsNotSent(service, model, options).map((n) => n.key));
  return Object.fromEntries(Object.entries(options).filter(([key]) => !dropped.has(key as OptionKey))) as ModelOptions;
}

/** Runware's thinking level for these options: an explicit level, else the effort word mapped onto the four. */
export function thinkingLevelOf(options: ModelOptions): ThinkingLevel | undefined {
  if (options.thinkingLevel !== undefined) return options.thinkingLevel;
  return options.reasoningEffort === undefined ? undefined : THINKING_LEVEL_OF_EFFORT[options.reasoningEffort];
}

/** The model id to send to this service, or what is wrong with the one given. */
export function modelFor(service: ServiceId, model: string): { model: string } | { problem: string } {
  if (service !== 'responses') return runwareModelId(model);
  const trimmed = model.trim();
  if (trimmed === '' || /\s/.test(trimmed)) return { problem: `"${model}" is not a model id (it is empty or has spaces).` };
  return { model: trimmed };
}

/** A seed as the rules take it: numbers up to 2^53−1 stay numbers, larger ones are bigints (exact). */
export function seedFromText(text: string): number | bigint | string {
  if (!/^\d+$/.test(text.trim())) return text;
  const value = BigInt(text.trim());
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

function seedProblem(value: unknown): string | undefined {
  const range = `must be a whole number from 0 to ${MAX_SEED}`;
  if (typeof value === 'bigint') return value >= 0n && value <= MAX_SEED ? undefined : `${range}; got ${value}`;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return undefined;
  // A number above 2^53 has already lost digits: only a bigint (or the text) carries such a seed exactly.
  if (typeof value === 'number' && Number.isInteger(value) && value > Number.MAX_SAFE_INTEGER) {
    return `${range}, given exactly; ${value} is beyond 2^53 and lost its last digits as a number`;
  }
  return `${range}; got ${shown(value)}`;
}

function legacyThinkingHint(value: unknown): string | undefined {
  if (value === 'off') return 'off is the old name of none';
  if (value === 'minimal') return 'minimal is now low';
  if (value === 'xhigh') return 'the highest level is high';
  return undefined;
}

function oneOf(value: unknown, allowed: readonly string[], hint?: string): string | undefined {
  if (typeof value === 'string' && allowed.includes(value)) return undefined;
  return `must be one of ${allowed.join(', ')}; got ${shown(value)}${hint ? ` (${hint})` : ''}`;
}

function numberIn(value: unknown, min: number, max: number): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max) return undefined;
  return `must be a number from ${min} to ${max}; got ${shown(value)}`;
}

function wholeNumber(value: unknown, min: number, max: number): string | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return undefined;
  return `must be a whole number from ${min} to ${max}; got ${shown(value)}`;
}

/** A value as the user would recognise it in a message. */
function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return value.toString();
  return String(value);
}
