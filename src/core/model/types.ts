import type { ErrorInfo } from '../errors';

/** Token usage of one model turn, whichever service produced it. */
export interface Usage {
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  totalTokens: number;
  /** Cost in USD when the service reports it (Runware) or it was computed from a price table. */
  costUsd?: number;
}

export type MessagePhase = 'commentary' | 'final_answer';

/**
 * The one event union every provider produces. Nothing above a provider knows which service it talks to.
 * A turn ends with exactly one of `completed`, `incomplete` or `error`.
 */
export type ModelEvent =
  | { type: 'text_delta'; delta: string; phase?: MessagePhase; /** which alternative (numberResults > 1) */ resultIndex?: number }
  /** The model declined to answer (Responses `response.refusal.*`): never an ordinary answer. */
  | { type: 'refusal_delta'; delta: string }
  | { type: 'reasoning_delta'; delta: string }
  | { type: 'tool_call_started'; callId: string; name: string }
  | { type: 'tool_call_delta'; callId: string; delta: string }
  | { type: 'tool_call_complete'; callId: string; name: string; arguments: string }
  /** An output item the provider needs replayed verbatim on the next turn (e.g. an encrypted reasoning item). */
  | { type: 'replay_item'; item: ProviderItem }
  | { type: 'usage'; usage: Usage }
  | { type: 'completed'; responseId?: string }
  /**
   * The answer stopped early (`max_output_tokens`, `content_filter`, …). `cutToolCall` names the tool whose
   * call was being written when the output limit hit ('' when its name was not read yet); that call is not run.
   */
  | { type: 'incomplete'; reason: string; responseId?: string; cutToolCall?: string }
  /** Something the user should know that does not end the turn (e.g. one of several results failed). */
  | { type: 'notice'; message: string }
  | { type: 'error'; error: ErrorInfo };

/** Opaque to everything but the provider that produced it. */
export interface ProviderItem {
  provider: string;
  data: unknown;
}

/** A conversation as the engine keeps it, in the service-neutral shape providers translate from. */
export type ConversationItem =
  | { type: 'message'; role: 'user' | 'assistant'; content: string; /** data: URIs of attached images */ images?: string[]; phase?: MessagePhase }
  | { type: 'function_call'; callId: string; name: string; arguments: string }
  | { type: 'function_call_output'; callId: string; output: string }
  | { type: 'provider_item'; item: ProviderItem };

/** A tool as offered to the model: flat, JSON Schema parameters. */
export interface ToolSpec {
  name: string;
  description: string;
  parameters: JsonSchema;
}

export type JsonSchema = {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  additionalProperties?: boolean | JsonSchema;
  minimum?: number;
  maximum?: number;
  [key: string]: unknown;
};

export type ToolChoice = 'auto' | 'required' | 'none' | { name: string };
/** The efforts Anyfast documents for `reasoning.effort` (no `minimal`: only older gpt-5 models take it). */
export type ReasoningEffort = 'none' | 'low' | 'medium' | 'high' | 'xhigh';
/** Runware's four `settings.thinkingLevel` values. */
export type ThinkingLevel = 'none' | 'low' | 'medium' | 'high';
export type Verbosity = 'low' | 'medium' | 'high';
/** Runware prompt caching (`settings.cache.scope`), or `off` to send no cache setting. */
export type CacheScope = 'off' | 'system' | 'system+history';

/**
 * Sampling and output options; a provider maps what its service supports. Values are checked against the
 * shared rules (`providers/optionRules.ts`) before any request, and options a service does not take are
 * named to the user by the host, never dropped without a word.
 */
export interface ModelOptions {
  maxOutputTokens?: number;
  topP?: number;
  /** Not accepted by reasoning models on the Responses API; used by Runware. */
  temperature?: number;
  reasoningEffort?: ReasoningEffort;
  reasoningSummary?: 'auto' | 'concise' | 'detailed';
  verbosity?: Verbosity;
  textFormat?: 'text' | 'json_object';
  /** Responses: `store` (the product sends `false` unless this is true). */
  store?: boolean;
  /** Responses: `user`, an end-user id for the service's abuse monitoring. */
  user?: string;
  /** Runware: `settings.thinkingLevel`; wins over `reasoningEffort` (which is mapped onto the four levels). */
  thinkingLevel?: ThinkingLevel;
  /** Runware: numberResults 1..4 (sync or async delivery only). */
  numberResults?: number;
  /** Runware: 0..9223372036854775807. A bigint keeps seeds above 2^53 exact on their way to the wire. */
  seed?: number | bigint;
  /** Runware: sync | async | stream. Responses: stream or not. */
  delivery?: 'sync' | 'async' | 'stream';
  includeCost?: boolean;
  includeUsage?: boolean;
  /** Runware: `settings.cache.scope`; default `system+history`. */
  cache?: CacheScope;
  /** Runware: `settings.cache.ttl`; default `5m`. */
  cacheTtl?: '5m' | '1h';
}

export interface ModelRequest {
  model: string;
  instructions?: string;
  input: ConversationItem[];
  tools?: ToolSpec[];
  toolChoice?: ToolChoice;
  options?: ModelOptions;
}

/** A model service. `stream` never throws: every failure becomes a final `error` event. */
export interface ModelProvider {
  readonly id: string;
  stream(request: ModelRequest, signal?: AbortSignal): AsyncIterable<ModelEvent>;
}
