import { MiniCoderError } from '../errors';

/** Bytes one response body may hold: a full 128,000-token answer with its streaming framing is well under this. */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/**
 * Bytes of one line of an event stream: the longest real line is the final event that repeats the whole answer
 * (about 1 MB at the output limit). Stream parsers hold a line until it ends, some of them re-scanning it.
 */
export const MAX_LINE_BYTES = 4 * 1024 * 1024;

type FetchLike = (input: any, init?: any) => Promise<Response>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Wraps a fetch so a runaway server cannot make the client buffer without bound: the body errors with a clear
 * message once it passes MAX_RESPONSE_BYTES, or once one line passes MAX_LINE_BYTES (a stream parser holds a
 * line until it ends). The SDK and the Runware client read through it; they see an ordinary stream error.
 */
export function boundedFetch<F extends FetchLike>(fetchImpl: F, limits = { maxBytes: MAX_RESPONSE_BYTES, maxLineBytes: MAX_LINE_BYTES }): F {
  const bounded = async (input: unknown, init?: unknown) => {
    const response = await fetchImpl(input, init);
    if (!response.body) return response;
    // A JSON body is one long line by nature; only an event stream is held line by line.
    const lineLimit = /text\/event-stream/i.test(response.headers.get('content-type') ?? '') ? limits.maxLineBytes : Infinity;
    let total = 0;
    let sinceBreak = 0;
    const guard = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        total += chunk.byteLength;
        const lastBreak = chunk.lastIndexOf(10);
        sinceBreak = lastBreak < 0 ? sinceBreak + chunk.byteLength : chunk.byteLength - lastBreak - 1;
        if (total > limits.maxBytes) {
          controller.error(tooMuch(`more than ${Math.round(limits.maxBytes / 1048576)} MB in one response`));
        } else if (sinceBreak > lineLimit) {
          controller.error(tooMuch(`a line longer than ${Math.round(lineLimit / 1048576)} MB`));
        } else {
          controller.enqueue(chunk);
        }
      },
    });
    return new Response(response.body.pipeThrough(guard), { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  return bounded as F;
}

function tooMuch(what: string): MiniCoderError {
  return new MiniCoderError({ kind: 'protocol', message: `The service sent ${what}; stopped reading it (a runaway or broken server). What arrived before was kept.` });
}
