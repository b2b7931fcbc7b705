import { scrubText, scrubValue, StreamScrubber } from '../core/errors';
import type { CliIO } from './io';

/**
 * Everything the terminal host prints goes through here: every string of every event is scrubbed of the key (and
 * anything key-shaped), in both output modes, and writes wait for the reader (stdout back-pressure) so a fast
 * stream never piles up in memory. A reader that goes away (`| head`) ends the run instead of an EPIPE crash.
 */
export class TerminalOutput {
  private readonly answer: StreamScrubber;
  private closed = false;

  constructor(
    private readonly io_: CliIO,
    private readonly keys: readonly string[],
    private readonly onClosed: () => void = () => undefined,
  ) {
    this.answer = new StreamScrubber(keys);
    for (const stream of [io_.stdout, io_.stderr]) {
      stream.on?.('error', () => this.close());
    }
  }

  /** The same streams for code that writes by itself (the TTY prompts of approvals and edit reviews), scrubbed too. */
  get io(): CliIO {
    return { ...this.io_, stdout: scrubbing(this.io_.stdout, this.keys), stderr: scrubbing(this.io_.stderr, this.keys) };
  }

  /** One newline-delimited JSON event on stdout. */
  json(event: Record<string, unknown>): Promise<void> | undefined {
    return this.write(this.io_.stdout, `${JSON.stringify(scrubValue(event, this.keys))}\n`);
  }

  /** A piece of the streamed answer on stdout (a key split across pieces is still caught). */
  text(piece: string): Promise<void> | undefined {
    return this.write(this.io_.stdout, this.answer.push(piece));
  }

  /** The end of the streamed answer: what the scrubber held back, and a line break. */
  endText(withNewline: boolean): Promise<void> | undefined {
    return this.write(this.io_.stdout, this.answer.flush() + (withNewline ? '\n' : ''));
  }

  /** Plain text on stdout (not part of the streamed answer). */
  out(text: string): Promise<void> | undefined {
    return this.write(this.io_.stdout, scrubText(text, this.keys));
  }

  /** A line of tool activity or an error on stderr. */
  err(text: string): Promise<void> | undefined {
    return this.write(this.io_.stderr, scrubText(text, this.keys));
  }

  private write(stream: NodeJS.WritableStream, text: string): Promise<void> | undefined {
    if (this.closed || text === '') return undefined;
    if (stream.write(text)) return undefined;
    return new Promise((resolve) => {
      const done = () => {
        stream.removeListener('drain', done);
        stream.removeListener('close', done);
        resolve();
      };
      stream.once('drain', done);
      stream.once('close', done);
    });
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClosed();
  }
}

/** A stream that removes the keys (and anything key-shaped) from text written to it; everything else is the stream's own. */
function scrubbing(target: NodeJS.WritableStream, keys: readonly string[]): NodeJS.WritableStream {
  return new Proxy(target, {
    get(stream, property) {
      if (property === 'write') {
        return (chunk: unknown, ...rest: unknown[]) =>
          (stream.write as (...args: unknown[]) => boolean)(typeof chunk === 'string' ? scrubText(chunk, keys) : chunk, ...rest);
      }
      const value = Reflect.get(stream, property) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(stream) : value;
    },
  });
}
