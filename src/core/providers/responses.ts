import { boundedFetch } from './boundedFetch';
import OpenAI from 'openai';
import type { ResponseCreateParamsNonStreaming, ResponseCreateParamsStreaming } from 'openai/resources/responses/responses';
import { redactSecrets, type ErrorInfo } from '../errors';
import type { ModelEvent, ModelProvider, ModelRequest } from '../model/types';
import { IdleWatch, STOPPED } from './idleWatch';
import { modelFor, optionProblems } from './optionRules';
import { errorFromThrown, retryAfterFrom, seconds, type FailureContext } from './responsesErrors';
import { ResponsesEventNormalizer, RESPONSES_PROVIDER_ID } from './responsesEvents';
import { toResponsesBody } from './responsesRequest';
import { DEFAULT_MODELS, type ServiceId } from './services';

export const DEFAULT_RESPONSES_BASE_URL = 'https://www.anyfast.ai/v1';
export const DEFAULT_RESPONSES_MODEL = 'gpt-5.4-mini';
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;

export interface ResponsesProviderConfig {
  apiKey: string;
  /** Default `https://www.anyfast.ai/v1`; any OpenAI-compatible `/v1` base works. */
  baseURL?: string;
  /** Used when a request names no model. Default `gpt-5.4-mini` (`openai:gpt@5.4-mini` on Runware). */
  model?: string;
  /** `runware-responses` when this is Runware's Responses endpoint (its model ids are Runware's). */
  service?: Extract<ServiceId, 'responses' | 'runware-responses'>;
  /** Retries of connection errors, 408, 409, 429 and 5xx before the stream opens. Default 2. */
  maxRetries?: number;
  /** A stream that sends nothing for this long is stopped with a `timeout` error. Default 60 s. */
  idleTimeoutMs?: number;
  /** Limit for a whole non-streaming (`delivery: 'sync'`) answer. Default 10 min. */
  syncTimeoutMs?: number;
  /** A 429/5xx asking to wait longer than this is reported at once instead of retried. Default 60 s. */
  maxRetryWaitMs?: number;
  fetch?: typeof globalThis.fetch;
  headers?: Record<string, string>;
  /** Told to the user on 401/403, e.g. "Run 'Mini Coder: Set API Key' to store a valid key." */
  authHint?: string;
}

/** A ModelProvider for the OpenAI Responses API (Anyfast, OpenAI, or any compatible server). */
export function createResponsesProvider(config: ResponsesProviderConfig): ModelProvider {
  return new ResponsesProvider(config);
}

class ResponsesProvider implements ModelProvider {
  readonly id = RESPONSES_PROVIDER_ID;
  private readonly client: OpenAI;
  private readonly context: FailureContext;
  private readonly idleTimeoutMs: number;
  private readonly syncTimeoutMs: number;

  constructor(private readonly config: ResponsesProviderConfig) {
    const baseURL = config.baseURL || DEFAULT_RESPONSES_BASE_URL;
    this.idleTimeoutMs = config.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    this.syncTimeoutMs = config.syncTimeoutMs ?? 600_000;
    const maxRetries = config.maxRetries ?? 2;
    this.context = {
      host: hostOf(baseURL),
      maxRetries,
      timeoutMs: this.idleTimeoutMs,
      authHint: config.authHint ?? 'Set a valid API key for this service.',
    };
    this.client = new OpenAI({
      // The SDK refuses an empty key at construction; `stream` reports the missing key instead.
      apiKey: config.apiKey || 'missing-key',
      baseURL,
      maxRetries,
      timeout: this.idleTimeoutMs,
      fetch: boundedFetch(refuseLongRetryWaits(config.fetch ?? globalThis.fetch, config.maxRetryWaitMs ?? 60_000)),
      defaultHeaders: config.headers,
      // Never pick up OPENAI_ORG_ID / OPENAI_PROJECT_ID from the environment and send them to another service.
      organization: null,
      project: null,
      logLevel: 'off',
    });
  }

  async *stream(request: ModelRequest, signal?: AbortSignal): AsyncGenerator<ModelEvent> {
    if (!this.config.apiKey) {
      yield this.failure({ kind: 'auth', message: `No API key is set for ${this.context.host}. ${this.context.authHint}` });
      return;
    }
    const service = this.config.service ?? 'responses';
    const model = modelFor(service, request.model || this.config.model || DEFAULT_MODELS[service]);
    if ('problem' in model) {
      yield this.failure({ kind: 'bad_request', message: `Not sent: ${model.problem}` });
      return;
    }
    // What a real server would refuse is refused here, before anything is sent.
    const problems = optionProblems(service, request.options ?? {});
    if (problems.length > 0) {
      yield this.failure({ kind: 'bad_request', message: `Not sent: ${problems.map((p) => `option ${p.key} ${p.message}`).join('; ')}.`, param: problems[0].key });
      return;
    }
    const sync = request.options?.delivery === 'sync';
    const body = toResponsesBody({ ...request, model: model.model }, !sync);
    const watch = new IdleWatch(this.idleTimeoutMs, signal);
    const normalizer = new ResponsesEventNormalizer();
    let iterator: AsyncIterator<unknown> | undefined;
    try {
      const requestOptions = { signal: watch.signal, timeout: sync ? this.syncTimeoutMs : this.idleTimeoutMs };
      // The body is built from our own wire types; the SDK's input types lag behind the wire (e.g. `phase`).
      const opening = sync
        ? this.client.responses.create(body as unknown as ResponseCreateParamsNonStreaming, requestOptions)
        : this.client.responses.create(body as unknown as ResponseCreateParamsStreaming, requestOptions);
      const opened = await watch.race<unknown>(opening);
      if (opened === STOPPED) {
        yield this.stopped(watch);
        return;
      }
      if (sync) {
        for (const event of normalizer.normalizeResponse(opened)) yield this.outward(event);
        return;
      }
      iterator = (opened as AsyncIterable<unknown>)[Symbol.asyncIterator]();
      for (;;) {
        const next = await watch.race(iterator.next(), true);
        if (next === STOPPED) {
          yield this.stopped(watch);
          return;
        }
        if (next.done) break;
        for (const event of normalizer.normalize(next.value)) yield this.outward(event);
        if (normalizer.finished) return;
      }
      yield this.failure({
        kind: 'network',
        message: `The stream from ${this.context.host} ended before the response completed; the partial answer was kept.`,
      });
    } catch (err) {
      yield watch.stopReason ? this.stopped(watch) : this.failure(errorFromThrown(err, this.context));
    } finally {
      watch.dispose();
      // Closing the SDK's iterator releases the connection; it may still be settling after an abort.
      iterator?.return?.().catch(() => undefined);
    }
  }

  private stopped(watch: IdleWatch): ModelEvent {
    if (watch.stopReason === 'timeout') {
      return this.failure({
        kind: 'timeout',
        message: `${this.context.host} sent nothing for ${seconds(this.idleTimeoutMs)}, so the request was stopped; the partial answer was kept.`,
      });
    }
    return this.failure({ kind: 'cancelled', message: 'Stopped; the partial answer was kept.' });
  }

  private outward(event: ModelEvent): ModelEvent {
    return event.type === 'error' ? this.failure(event.error) : event;
  }

  /** Every message leaving the provider is scrubbed of the configured key, whatever its shape. */
  private failure(error: ErrorInfo): ModelEvent {
    const key = this.config.apiKey;
    const message = key && key.length >= 4 ? error.message.split(key).join('[redacted]') : error.message;
    return { type: 'error', error: { ...error, message: redactSecrets(message) } };
  }
}

/**
 * The SDK sleeps for whatever retry-after a server asks, however long; beyond `maxWaitMs` we would
 * rather tell the user when to come back than hang, so such answers are marked not retryable.
 */
function refuseLongRetryWaits(fetchImpl: typeof globalThis.fetch, maxWaitMs: number): typeof globalThis.fetch {
  return async (input, init) => {
    const response = await fetchImpl(input, init);
    if (response.status !== 429 && response.status < 500) return response;
    const wait = retryAfterFrom(response.headers);
    if (wait === undefined || wait <= maxWaitMs) return response;
    const headers = new Headers(response.headers);
    headers.set('x-should-retry', 'false');
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}

function hostOf(baseURL: string): string {
  try {
    return new URL(baseURL).host;
  } catch {
    return baseURL;
  }
}
