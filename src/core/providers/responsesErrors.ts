import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { redactSecrets, type ErrorInfo } from '../errors';
import { streamErrorInfo } from './responsesWire';

/** What an error message may mention about the request that failed. */
export interface FailureContext {
  /** Host of the base URL, named in messages so the user knows which service failed. */
  host: string;
  /** Retries the SDK made before giving up. */
  maxRetries: number;
  /** Where the user sets the key, e.g. "Run 'Mini Coder: Set API Key'". */
  authHint: string;
  /** Milliseconds the client waits for headers before giving up on an attempt. */
  timeoutMs: number;
}

/** Turns anything the SDK throws into an ErrorInfo a person can act on. */
export function errorFromThrown(err: unknown, context: FailureContext): ErrorInfo {
  if (err instanceof APIUserAbortError) return { kind: 'cancelled', message: 'Stopped.' };
  if (err instanceof APIConnectionTimeoutError) {
    return { kind: 'timeout', message: `${context.host} did not answer within ${seconds(context.timeoutMs)}${retried(context)}. Check the connection or try again.` };
  }
  if (err instanceof APIConnectionError) {
    const cause = causeText(err);
    return { kind: 'network', message: `Could not reach ${context.host}${cause ? ` (${cause})` : ''}${retried(context)}. Check the base URL and the network.` };
  }
  if (err instanceof APIError) return httpErrorInfo(err, context);
  if (err instanceof SyntaxError) {
    return { kind: 'protocol', message: `${context.host} sent a stream event that is not valid JSON (${err.message}).` };
  }
  const text = err instanceof Error ? [err.message, causeText(err)].filter(Boolean).join(': ') : String(err);
  return {
    kind: 'network',
    message: `The connection to ${context.host} broke before the response completed (${text}); the partial answer was kept.`,
  };
}

function httpErrorInfo(err: APIError, context: FailureContext): ErrorInfo {
  const status = err.status;
  const code = typeof err.code === 'string' ? err.code : undefined;
  const param = typeof err.param === 'string' && err.param ? err.param : undefined;
  // The field the service blamed is part of the message: "Invalid value (parameter top_p)".
  const serviceMessage = serviceText(err) + (param && !serviceText(err).includes(param) ? ` (parameter ${param})` : '');
  // The SDK raises a nested `error` stream event as an APIError without a status.
  if (status === undefined) return streamErrorInfo({ code, type: err.type, message: serviceText(err), param });
  const base = { status, code, ...(param ? { param } : {}) };
  if (status === 401 || status === 403) {
    return { ...base, kind: 'auth', message: `${context.host} refused the API key (${status}${serviceMessage ? `: ${serviceMessage}` : ''}). ${context.authHint}` };
  }
  if (status === 402 || code === 'insufficient_quota') {
    return { ...base, kind: 'insufficient_balance', message: `${context.host} says the account has no credit left (${status}: ${serviceMessage}). Check the plan and billing.` };
  }
  if (status === 429) {
    const retryAfterMs = retryAfterFrom(err.headers);
    const when = retryAfterMs !== undefined ? `Try again in ${seconds(retryAfterMs)}.` : 'Wait a minute and try again.';
    return { ...base, kind: 'rate_limit', retryAfterMs, message: `${context.host} is rate limiting requests (429: ${serviceMessage}). ${when}` };
  }
  if (status === 400 || status === 404 || status === 422 || status === 413) {
    return { ...base, kind: 'bad_request', message: `${context.host} rejected the request (${status}): ${serviceMessage}` };
  }
  if (status === 408) {
    return { ...base, kind: 'timeout', message: `${context.host} timed out handling the request (408)${retried(context)}. Try again.` };
  }
  if (status >= 500) {
    return { ...base, kind: 'server', message: `${context.host} had a server error (${status}: ${serviceMessage})${retried(context)}. Try again later.` };
  }
  return { ...base, kind: 'unknown', message: `${context.host} answered ${status}: ${serviceMessage}` };
}

/** The service's own message, without the SDK's status prefix and without anything key-like. */
function serviceText(err: APIError): string {
  const body = err.error as { message?: unknown } | undefined;
  const text = typeof body?.message === 'string' && body.message ? body.message : err.message.replace(/^\d{3}\s+/, '');
  return redactSecrets(text);
}

/** The wait a server asked for, from `retry-after-ms` or `retry-after` (seconds or a date). */
export function retryAfterFrom(headers: Headers | undefined): number | undefined {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms)) return ms;
  const raw = headers?.get('retry-after');
  if (!raw) return undefined;
  const secs = Number.parseFloat(raw);
  if (Number.isFinite(secs)) return secs * 1000;
  const date = Date.parse(raw);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

function retried(context: FailureContext): string {
  return context.maxRetries > 0 ? ` after ${context.maxRetries} ${context.maxRetries === 1 ? 'retry' : 'retries'}` : '';
}

function causeText(err: Error): string {
  const cause = (err as { cause?: unknown }).cause;
  if (!(cause instanceof Error)) return '';
  const inner = (cause as { cause?: unknown }).cause;
  return inner instanceof Error ? `${cause.message}: ${inner.message}` : cause.message;
}

/** "200 ms", "1.5 s", "45 s", "3 min": short enough for a one-line message. */
export function seconds(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms >= 120_000) return `${Math.round(ms / 60_000)} min`;
  const s = ms / 1000;
  return `${Number.isInteger(s) || s >= 10 ? Math.round(s) : s.toFixed(1)} s`;
}
