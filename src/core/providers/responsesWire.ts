import type { ErrorInfo, ErrorKind } from '../errors';
import type { Usage } from '../model/types';

/** A wire payload as parsed JSON: the boundary where shapes are checked field by field. */
export type Wire = Record<string, unknown>;

/** Token usage in either shape the services use: nested details (OpenAI) or flat counts (Anyfast). */
export function usageFrom(raw: unknown): Usage | undefined {
  if (!isWire(raw)) return undefined;
  const inputTokens = count(raw.input_tokens) ?? count(raw.prompt_tokens);
  const outputTokens = count(raw.output_tokens) ?? count(raw.completion_tokens);
  if (inputTokens === undefined && outputTokens === undefined) return undefined;
  const inputDetails = isWire(raw.input_tokens_details) ? raw.input_tokens_details : {};
  const outputDetails = isWire(raw.output_tokens_details) ? raw.output_tokens_details : {};
  const input = inputTokens ?? 0;
  const output = outputTokens ?? 0;
  return {
    inputTokens: input,
    cachedInputTokens: count(inputDetails.cached_tokens) ?? count(raw.cached_tokens) ?? 0,
    outputTokens: output,
    reasoningTokens: count(outputDetails.reasoning_tokens) ?? count(raw.reasoning_tokens) ?? 0,
    totalTokens: count(raw.total_tokens) ?? input + output,
  };
}

/** The error kind a service error code stands for, when it arrives inside a stream. */
export function kindForErrorCode(code: string | undefined, type?: string): ErrorKind {
  const key = `${code ?? ''} ${type ?? ''}`;
  if (/insufficient_quota|billing/.test(key)) return 'insufficient_balance';
  if (/rate_limit/.test(key)) return 'rate_limit';
  if (/invalid_api_key|authentication|permission|unauthorized/.test(key)) return 'auth';
  if (/content_filter|content_policy|safety/.test(key)) return 'content_filter';
  if (/context_length|invalid_request|invalid_prompt|not_found|unsupported|invalid_value/.test(key)) return 'bad_request';
  return 'server';
}

/** An `error` stream event, nested (`{error: {...}}`) or flat, as an ErrorInfo. */
export function streamErrorInfo(error: Wire): ErrorInfo {
  const code = stringOrUndefined(error.code);
  const type = stringOrUndefined(error.type) === 'error' ? undefined : stringOrUndefined(error.type);
  const message = stringOrUndefined(error.message) ?? 'The service reported an error without a message.';
  const param = stringOrUndefined(error.param);
  return {
    kind: kindForErrorCode(code, type),
    message: `The model service reported an error: ${message}${param && !message.includes(param) ? ` (parameter ${param})` : ''}`,
    code: code ?? type,
    ...(param ? { param } : {}),
  };
}

/** A `response.failed` error object as an ErrorInfo. */
export function failedInfo(raw: unknown): ErrorInfo {
  const error = isWire(raw) ? raw : {};
  const code = stringOrUndefined(error.code);
  const message = stringOrUndefined(error.message) ?? 'no reason given';
  return { kind: kindForErrorCode(code), message: `The response failed: ${message}`, code };
}

/** A shape this client cannot read: fail loudly, naming it. */
export function protocolError(what: string): ErrorInfo {
  return { kind: 'protocol', message: `The model service sent ${what}, which this client does not understand.` };
}

/** A JSON object: not null, not an array. */
export function isWire(value: unknown): value is Wire {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

/** A short JSON rendering of an unexpected value, for error messages. */
export function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}
