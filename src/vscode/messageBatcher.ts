// Keeps postMessage traffic low while a message streams: deltas for the same target that arrive within
// one tick are joined into one message; anything else is sent at once, after the deltas queued before it,
// so the webview sees every message in the order the host produced them.
import type { HostMessage } from '../protocol/messages';

type DeltaMessage = Extract<HostMessage, { type: 'textDelta' | 'reasoningDelta' | 'toolCallDelta' }>;

export interface BatcherTimer {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimer: BatcherTimer = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Default tick: about one or two animation frames. */
export const BATCH_INTERVAL_MS = 24;

export class MessageBatcher {
  private queued: HostMessage[] = [];
  private handle: unknown;

  constructor(
    private readonly send: (message: HostMessage) => void,
    private readonly intervalMs = BATCH_INTERVAL_MS,
    private readonly timer: BatcherTimer = realTimer,
  ) {}

  /** Queues a delta (joined with the previous one when it continues it) or sends anything else now. */
  push(message: HostMessage): void {
    if (!isDelta(message)) {
      this.flush();
      this.send(message);
      return;
    }
    const last = this.queued[this.queued.length - 1];
    if (last && isDelta(last) && continues(last, message)) {
      this.queued[this.queued.length - 1] = { ...last, delta: last.delta + message.delta } as DeltaMessage;
    } else {
      this.queued.push(message);
    }
    this.handle ??= this.timer.set(() => {
      this.handle = undefined;
      this.flush();
    }, this.intervalMs);
  }

  /** Sends everything queued now. */
  flush(): void {
    if (this.handle !== undefined) {
      this.timer.clear(this.handle);
      this.handle = undefined;
    }
    const batch = this.queued;
    this.queued = [];
    for (const message of batch) this.send(message);
  }

  /** Drops what is queued (the view went away; it gets the whole state when it comes back). */
  discard(): void {
    if (this.handle !== undefined) this.timer.clear(this.handle);
    this.handle = undefined;
    this.queued = [];
  }
}

function isDelta(message: HostMessage): message is DeltaMessage {
  return message.type === 'textDelta' || message.type === 'reasoningDelta' || message.type === 'toolCallDelta';
}

function continues(previous: DeltaMessage, next: DeltaMessage): boolean {
  if (previous.type !== next.type || previous.messageId !== next.messageId) return false;
  if (previous.type === 'textDelta' && next.type === 'textDelta') return (previous.resultIndex ?? 0) === (next.resultIndex ?? 0);
  if (previous.type === 'toolCallDelta' && next.type === 'toolCallDelta') return previous.callId === next.callId;
  return true;
}
