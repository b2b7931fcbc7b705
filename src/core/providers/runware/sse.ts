import { MiniCoderError } from '../../errors';
import { cancelledError } from './errors';

/**
 * The `data:` payloads of a server-sent event stream, one per event. A stream silent for longer than
 * `idleMs` ends with a `timeout` error; an aborted signal ends it with `cancelled`.
 */
export async function* sseData(body: ReadableStream<Uint8Array>, signal: AbortSignal | undefined, idleMs: number): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let pending = '';
  let data: string[] = [];
  try {
    for (;;) {
      const { done, value } = await readWithin(reader, idleMs, signal);
      pending += done ? decoder.decode() : decoder.decode(value, { stream: true });
      const lines = pending.split(/\r?\n/);
      pending = done ? '' : (lines.pop() ?? '');
      for (const line of lines) {
        if (line === '') {
          if (data.length) yield data.join('\n');
          data = [];
        } else if (line.startsWith('data:')) {
          data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
        } // `event:`, `id:` and `:` comment lines carry nothing we use
      }
      if (done) {
        if (data.length) yield data.join('\n');
        return;
      }
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
}

async function readWithin(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  idleMs: number,
  signal: AbortSignal | undefined,
): Promise<ReadableStreamReadResult<Uint8Array>> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const idle = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new MiniCoderError({ kind: 'timeout', message: `Runware's stream sent nothing for ${Math.round(idleMs / 1000)} s; stopped waiting.` })),
      idleMs,
    );
  });
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new MiniCoderError(cancelledError));
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([reader.read(), idle, aborted]);
  } catch (err) {
    if (signal?.aborted) throw new MiniCoderError(cancelledError);
    if (err instanceof MiniCoderError) throw err;
    throw new MiniCoderError({ kind: 'network', message: `The Runware stream was cut: ${(err as Error).message}. The task was not resent because it is billed.` });
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}
