/** What went wrong, in the terms a user (or the model, for tool failures) can act on. */
export type ErrorKind =
  | 'auth' // key missing, wrong or revoked (HTTP 401/403)
  | 'rate_limit' // HTTP 429 after retries
  | 'insufficient_balance' // HTTP 402 (Runware)
  | 'network' // connection refused, reset, DNS, dropped stream
  | 'timeout' // no bytes for longer than the idle timeout
  | 'bad_request' // HTTP 400/404/422: the request was malformed or named an unknown model
  | 'server' // HTTP 5xx or a failed response
  | 'content_filter'
  | 'refusal' // the model declined to answer
  | 'cancelled' // the user stopped it
  | 'tool' // a tool failed; goes back to the model
  | 'protocol' // the service answered in a shape we do not understand
  | 'unknown';

export interface ErrorInfo {
  kind: ErrorKind;
  /** One line a person can act on. Never contains an API key. */
  message: string;
  /** The service's own code, if it gave one (e.g. `invalid_api_key`, `insufficientCredits`). */
  code?: string;
  status?: number;
  retryAfterMs?: number;
  /** The request field the service named as the cause (`param` / `parameter`), e.g. `top_p`. */
  param?: string;
}

/** An error that carries its kind; thrown inside core, turned into an `error` event at the edges. */
export class MiniCoderError extends Error {
  readonly kind: ErrorKind;
  readonly code?: string;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly param?: string;

  constructor(info: ErrorInfo) {
    super(info.message);
    this.name = 'MiniCoderError';
    this.kind = info.kind;
    this.code = info.code;
    this.status = info.status;
    this.retryAfterMs = info.retryAfterMs;
    this.param = info.param;
  }

  toInfo(): ErrorInfo {
    return { kind: this.kind, message: this.message, code: this.code, status: this.status, retryAfterMs: this.retryAfterMs, param: this.param };
  }
}

/** Any thrown value as an ErrorInfo, with secrets scrubbed from the message. */
export function toErrorInfo(err: unknown, fallbackKind: ErrorKind = 'unknown'): ErrorInfo {
  if (err instanceof MiniCoderError) return err.toInfo();
  if (err && typeof err === 'object' && (err as { name?: string }).name === 'AbortError') {
    return { kind: 'cancelled', message: 'Stopped.' };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { kind: fallbackKind, message: redactSecrets(message) };
}

/** Removes anything that looks like a bearer token or API key from a string meant for logs or users. */
export function redactSecrets(text: string): string {
  return text
    .replace(/(Bearer\s+)[A-Za-z0-9._\-]{8,}/gi, '$1[redacted]')
    .replace(/\b(sk|rk|pk)-[A-Za-z0-9_\-]{8,}/g, '$1-[redacted]')
    .replace(/("?(?:api[_-]?key|apiKey|authorization)"?\s*[:=]\s*"?)[^"\s,}]{6,}/gi, '$1[redacted]');
}

/** Every string inside a value (an event, an error) with the given keys and anything key-shaped removed. */
export function scrubValue<T>(value: T, keys: readonly string[]): T {
  return mapStrings(value, (text) => scrubText(text, keys), 0) as T;
}

/** Every string inside a value with exactly the given keys removed (file content keeps its key-shaped words). */
export function hideValue<T>(value: T, keys: readonly string[]): T {
  return mapStrings(value, (text) => hideText(text, keys), 0) as T;
}

function mapStrings(value: unknown, map: (text: string) => string, depth: number): unknown {
  if (typeof value === 'string') return map(value);
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, map, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[map(k)] = mapStrings(v, map, depth + 1);
  return out;
}

/** A text with the given keys and anything key-shaped removed. */
export function scrubText(text: string, keys: readonly string[]): string {
  return redactSecrets(hideText(text, keys));
}

/** A text with exactly the given keys (of 4 characters or more) replaced by `[redacted]`. */
export function hideText(text: string, keys: readonly string[]): string {
  let out = text;
  for (const key of keys) if (key.length >= 4 && out.includes(key)) out = out.split(key).join('[redacted]');
  return out;
}

/**
 * Scrubs a text that arrives in pieces (a streamed answer): a key split across two pieces is still caught, because
 * the last characters that could begin a key are held back until the next piece or the end.
 */
export class StreamScrubber {
  private held = '';
  private readonly hold: number;

  constructor(private readonly keys: readonly string[]) {
    this.hold = Math.max(0, ...keys.map((k) => k.length - 1));
  }

  /** The part of the text so far that can be shown now. */
  push(piece: string): string {
    const clean = scrubText(this.held + piece, this.keys);
    const cut = Math.max(0, clean.length - this.hold);
    this.held = clean.slice(cut);
    return clean.slice(0, cut);
  }

  /** What is still held back, at the end of the stream. */
  flush(): string {
    const rest = scrubText(this.held, this.keys);
    this.held = '';
    return rest;
  }
}
