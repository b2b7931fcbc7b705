import { redactSecrets, type ErrorInfo, type ErrorKind } from '../../errors';

/** One entry of Runware's `errors[]` (or its singular `error`), as far as we read it. */
interface RunwareErrorEntry {
  code?: string;
  message?: string;
  /** `parameter` is a string or an array of names in Runware's errors. */
  parameter?: string;
  allowedValues?: string;
}

/** The first error a Runware body carries (`errors[]`, `error` object or string, or a bare `message`), if any. */
export function errorEntryOf(body: unknown): RunwareErrorEntry | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const record = body as Record<string, unknown>;
  if (Array.isArray(record.errors) && record.errors.length > 0) return entryFrom(record.errors[0]);
  if (typeof record.error === 'string') return { message: record.error };
  if (record.error && typeof record.error === 'object') return entryFrom(record.error);
  // A failed async item may carry its code and message at its own top level.
  if (record.status === 'error') return entryFrom(record);
  return undefined;
}

function entryFrom(value: unknown): RunwareErrorEntry {
  if (typeof value === 'string') return { message: value };
  if (!value || typeof value !== 'object') return {};
  const v = value as Record<string, unknown>;
  const parameter = typeof v.parameter === 'string' ? v.parameter : Array.isArray(v.parameter) ? v.parameter.filter((p) => typeof p === 'string').join(', ') : '';
  const allowed = Array.isArray(v.allowedValues) ? v.allowedValues.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(', ') : '';
  return {
    code: typeof v.code === 'string' ? v.code : typeof v.code === 'number' ? String(v.code) : undefined,
    message: typeof v.message === 'string' ? v.message : typeof v.error === 'string' ? v.error : undefined,
    parameter: parameter || undefined,
    allowedValues: allowed || undefined,
  };
}

function kindOfStatus(status: number): ErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 402) return 'insufficient_balance';
  if (status === 429) return 'rate_limit';
  if (status >= 500) return 'server';
  if (status === 400 || status === 404 || status === 422) return 'bad_request';
  return 'unknown';
}

/** Errors that arrive without an HTTP status (HTTP 200 bodies, stream frames, failed async tasks) are sorted by code. */
function kindOfCode(code: string | undefined, fallback: ErrorKind): ErrorKind {
  const c = (code ?? '').toLowerCase();
  if (/balance|credit|payment|funds/.test(c)) return 'insufficient_balance';
  if (/apikey|api_key|auth|unauthori[sz]ed|forbidden/.test(c)) return 'auth';
  if (/rate|toomany|too_many|throttl/.test(c)) return 'rate_limit';
  if (/timeout|timedout/.test(c)) return 'timeout';
  if (/content|safety|moderation/.test(c)) return 'content_filter';
  if (/invalid|missing|unsupported|notfound|not_found|parameter/.test(c)) return 'bad_request';
  return fallback;
}

const ADVICE: Partial<Record<ErrorKind, string>> = {
  auth: 'Check the Runware API key in the settings.',
  insufficient_balance: 'Add credit to the Runware account.',
  rate_limit: 'Wait a moment and try again.',
  server: 'Runware had a problem on its side; try again.',
};

/** An ErrorInfo from a Runware error body; `status` is the HTTP status when there was one. */
export function runwareError(body: unknown, status?: number, fallback: ErrorKind = 'server', retryAfterMs?: number): ErrorInfo {
  const entry = errorEntryOf(body) ?? {};
  const kind = status !== undefined && status >= 400 ? kindOfStatus(status) : kindOfCode(entry.code, fallback);
  const parts = [`Runware ${status !== undefined && status >= 400 ? `answered HTTP ${status}` : 'reported an error'}`];
  const detail = [
    entry.message ?? (status !== undefined ? `HTTP ${status}` : 'no message'),
    entry.code ? `code ${entry.code}` : '',
    entry.parameter ? `parameter ${entry.parameter}` : '',
    entry.allowedValues ? `allowed values ${entry.allowedValues}` : '',
  ]
    .filter(Boolean)
    .join('; ');
  parts.push(`: ${detail}.`);
  if (ADVICE[kind]) parts.push(` ${ADVICE[kind]}`);
  return { kind, message: redactSecrets(parts.join('')), code: entry.code, status, retryAfterMs, ...(entry.parameter ? { param: entry.parameter } : {}) };
}

/** An ErrorInfo for a request that never got an answer (refused connection, DNS, reset). */
export function networkError(err: unknown, baseURL: string): ErrorInfo {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  const reason = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
  return { kind: 'network', message: redactSecrets(`Could not reach Runware at ${baseURL}: ${reason}.`) };
}

export const cancelledError: ErrorInfo = { kind: 'cancelled', message: 'Stopped.' };
