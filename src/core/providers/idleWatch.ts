/** Returned by `IdleWatch.race` when the caller cancelled or the stream went quiet. */
export const STOPPED: unique symbol = Symbol('stopped');

export type StopReason = 'cancelled' | 'timeout';

/**
 * Watches one model request: links the caller's AbortSignal to the request's own, and aborts the
 * request when a stream sends nothing for `idleMs` while we are waiting on it. Time spent by the
 * consumer between events does not count as idle.
 */
export class IdleWatch {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private waiting = false;
  private wake: (() => void) | undefined;
  stopReason: StopReason | undefined;

  constructor(
    private readonly idleMs: number,
    private readonly callerSignal?: AbortSignal,
  ) {
    if (callerSignal?.aborted) this.stop('cancelled');
    else callerSignal?.addEventListener('abort', this.onCallerAbort, { once: true });
  }

  /** The signal to hand to the request; aborted on cancel, on idle timeout and on dispose. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /**
   * Resolves with the promise's value, or with STOPPED as soon as the request is stopped, even when
   * the underlying transport ignores the abort. `idle` arms the idle timer for this wait.
   */
  race<T>(promise: Promise<T>, idle = false): Promise<T | typeof STOPPED> {
    if (this.stopReason) return Promise.resolve(STOPPED);
    if (idle) this.armIdle();
    return new Promise<T | typeof STOPPED>((resolve, reject) => {
      this.wake = () => resolve(STOPPED);
      promise.then(
        (value) => {
          this.waiting = false;
          resolve(value);
        },
        (err: unknown) => {
          this.waiting = false;
          reject(err);
        },
      );
    });
  }

  /** Releases the timer and the caller's signal, and aborts whatever is still in flight. */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.callerSignal?.removeEventListener('abort', this.onCallerAbort);
    this.controller.abort();
  }

  private armIdle(): void {
    this.waiting = true;
    // One timer, re-armed per wait: `refresh` is far cheaper than a new timer per streamed event.
    if (this.timer) this.timer.refresh();
    else this.timer = setTimeout(this.onIdle, this.idleMs);
  }

  private readonly onIdle = (): void => {
    if (this.waiting) this.stop('timeout');
  };

  private readonly onCallerAbort = (): void => this.stop('cancelled');

  private stop(reason: StopReason): void {
    if (this.stopReason) return;
    this.stopReason = reason;
    this.controller.abort();
    this.wake?.();
  }
}
