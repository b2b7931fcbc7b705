// The "Mini Coder" output channel. Every line passes through the scrubber, so a key quoted back in a
// server's error message never reaches the log.
import * as vscode from 'vscode';
import { LogScrubber } from './logScrubber';

export interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** A value (an API key) that must never appear in the log. */
  forget(secret: string | undefined): void;
  readonly channel: vscode.LogOutputChannel;
}

export function createLog(): Log {
  const channel = vscode.window.createOutputChannel('Mini Coder', { log: true });
  const scrubber = new LogScrubber();
  return {
    channel,
    info: (message) => channel.info(scrubber.scrub(message)),
    warn: (message) => channel.warn(scrubber.scrub(message)),
    error: (message) => channel.error(scrubber.scrub(message)),
    forget: (secret) => scrubber.forget(secret),
  };
}
