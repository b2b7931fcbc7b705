// Long-running commands (`npm run dev`, a watcher) started in the background: each gets a handle the model reads
// new output from and stops. Their unread output is bounded like any command's; at most a few run at once, and
// all of them end with the session (the CLI run, the chat window) if the model does not stop them.
import { MiniCoderError } from '../errors';
import type { CommandExit, CommandLauncher, LaunchRequest, RunningCommand } from './launcher';
import { OutputBuffer, readableText } from './outputBuffer';
import { holdMountPoints } from './sandbox';

export const MAX_BACKGROUND_COMMANDS = 5;

/** A background command as the model and the host see it. */
export interface BackgroundInfo {
  id: string;
  command: string;
  cwd: string;
  startedAt: number;
  /** Undefined while it runs. */
  exit?: CommandExit;
  sandboxed: boolean;
}

interface Entry {
  info: BackgroundInfo;
  running: RunningCommand;
  unread: OutputBuffer;
  listeners: Set<(text: string) => void>;
  ended: Promise<void>;
}

/** What one read of a background command returns. */
export interface BackgroundRead {
  info: BackgroundInfo;
  /** Output since the last read (bounded, with a cut marker). */
  output: string;
}

export class BackgroundCommands {
  private readonly entries = new Map<string, Entry>();
  private counter = 0;

  constructor(private readonly launcher: CommandLauncher) {}

  /** Starts a command in the background and returns its handle once it has had a moment to start (or ended). */
  async start(request: LaunchRequest, settleMs = 2_000): Promise<BackgroundRead> {
    const live = [...this.entries.values()].filter((e) => !e.info.exit);
    if (live.length >= MAX_BACKGROUND_COMMANDS) {
      throw new MiniCoderError({ kind: 'tool', message: `${live.length} background commands are running already (${live.map((e) => e.info.id).join(', ')}); stop one with stop_command first.` });
    }
    const releaseMountPoints = request.sandbox ? holdMountPoints(request.sandbox) : async () => undefined;
    const running = await this.launcher.launch({ ...request, background: true }).catch(async (err: unknown) => {
      await releaseMountPoints();
      throw err;
    });
    const id = `bg${++this.counter}`;
    const entry: Entry = {
      info: { id, command: request.command, cwd: request.cwd, startedAt: Date.now(), sandboxed: request.sandbox !== undefined },
      running,
      unread: new OutputBuffer(4_000, 16_000),
      listeners: new Set(),
      ended: Promise.resolve(),
    };
    running.onOutput((text, binary) => {
      const shown = binary ? `[${binary} bytes of binary output]\n` : readableText(text);
      entry.unread.append(shown);
      for (const listener of entry.listeners) listener(shown);
    });
    entry.ended = running.exited.then(async (exit) => {
      entry.info.exit = exit;
      await running.reapLeftovers();
      await releaseMountPoints();
    });
    this.entries.set(id, entry);
    await Promise.race([entry.ended, new Promise((resolve) => setTimeout(resolve, settleMs))]);
    return this.read(id);
  }

  /** Output since the last read; waits up to `waitMs` for some to arrive when there is none yet. */
  async read(id: string, waitMs = 0): Promise<BackgroundRead> {
    const entry = this.entry(id);
    if (waitMs > 0 && entry.unread.totalChars === 0 && !entry.info.exit) {
      let listener: ((text: string) => void) | undefined;
      const arrived = new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        listener = () => {
          clearTimeout(timer);
          // A little longer, so a burst of lines arrives as one read.
          setTimeout(resolve, 200);
        };
        entry.listeners.add(listener);
      });
      await Promise.race([entry.ended, arrived]);
      if (listener) entry.listeners.delete(listener);
    }
    const output = entry.unread.text();
    entry.unread.clear();
    return { info: { ...entry.info }, output };
  }

  /** Ends a background command and everything it started; returns its last output. */
  async stop(id: string): Promise<BackgroundRead> {
    const entry = this.entry(id);
    if (!entry.info.exit) {
      await entry.running.kill();
      await Promise.race([entry.ended, new Promise((resolve) => setTimeout(resolve, 3_000))]);
    }
    const last = await this.read(id);
    this.entries.delete(id);
    return last;
  }

  /** Ends every background command (the session is over). Resolves with how many were running. */
  async stopAll(): Promise<number> {
    const ids = [...this.entries.keys()];
    const running = ids.filter((id) => !this.entries.get(id)?.info.exit).length;
    await Promise.all(ids.map((id) => this.stop(id).catch(() => undefined)));
    return running;
  }

  /** Listens to one command's output as it arrives (the host's live view). */
  onOutput(id: string, listener: (text: string) => void): void {
    this.entry(id).listeners.add(listener);
  }

  list(): BackgroundInfo[] {
    return [...this.entries.values()].map((e) => ({ ...e.info }));
  }

  private entry(id: string): Entry {
    const entry = this.entries.get(id);
    if (!entry) {
      const known = [...this.entries.keys()];
      throw new MiniCoderError({ kind: 'tool', message: `There is no background command "${id}"${known.length ? ` (running: ${known.join(', ')})` : ' (none is running)'}.` });
    }
    return entry;
  }
}
