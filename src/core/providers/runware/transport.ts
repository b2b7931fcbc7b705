import { MiniCoderError, type ErrorInfo } from '../../errors';
import type { FetchLike, RetryPolicy } from './config';
import { cancelledError, networkError, runwareError } from './errors';
import { toExactJson } from './json';

export interface Endpoint {
  url: string;
  apiKey: string;
  fetch: FetchLike;
  retry: RetryPolicy;
}

/** Waits `ms`, or rejects with a `cancelled` error as soon as the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new MiniCoderError(cancelledError));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new MiniCoderError(cancelledError));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function retryAfterMsOf(headers: Headers): number | undefined {
  const ms = Number(headers.get('retry-after-ms'));
  if (headers.get('retry-after-ms') !== null && Number.isFinite(ms)) return ms;
  const seconds = headers.get('retry-after');
  if (seconds === null) return undefined;
  const asNumber = Number(seconds);
  if (Number.isFinite(asNumber)) return asNumber * 1000;
  const date = Date.parse(seconds);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

async function bodyOf(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { error: text.slice(0, 300) || undefined };
  }
}

/**
 * POSTs a task array and returns the response once it is 2xx. HTTP 429 and 5xx are retried with backoff
 * (`makeBody` is called per attempt so each attempt can carry a fresh taskUUID); other failures throw a
 * MiniCoderError with Runware's message. Nothing has been streamed yet here, so retrying is safe.
 */
export async function postTasks(endpoint: Endpoint, makeBody: () => unknown[], signal?: AbortSignal): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    if (signal?.aborted) throw new MiniCoderError(cancelledError);
    let response: Response;
    try {
      response = await endpoint.fetch(endpoint.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${endpoint.apiKey}` },
        body: toExactJson(makeBody()),
        signal,
      });
    } catch (err) {
      if (signal?.aborted) throw new MiniCoderError(cancelledError);
      throw new MiniCoderError(networkError(err, endpoint.url));
    }
    if (response.ok) return response;
    const retryAfterMs = retryAfterMsOf(response.headers);
    const info: ErrorInfo = runwareError(await bodyOf(response), response.status, 'server', retryAfterMs);
    const retryable = response.status === 429 || response.status >= 500;
    const waitTooLong = retryAfterMs !== undefined && retryAfterMs > endpoint.retry.maxRetryAfterMs;
    if (!retryable || attempt >= endpoint.retry.maxRetries || waitTooLong) throw new MiniCoderError(info);
    await sleep(Math.max(endpoint.retry.delayMs(attempt), retryAfterMs ?? 0), signal);
  }
}

/** Reads a JSON response body, turning an unreadable one into a `protocol` error. */
export async function readJson(response: Response, signal?: AbortSignal): Promise<unknown> {
  let text: string;
  try {
    text = await response.text();
  } catch (err) {
    if (signal?.aborted) throw new MiniCoderError(cancelledError);
    throw new MiniCoderError({ kind: 'network', message: `The connection to Runware dropped while reading its answer: ${(err as Error).message}.` });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new MiniCoderError({ kind: 'protocol', message: `Runware answered with something that is not JSON: ${text.slice(0, 120)}` });
  }
}
