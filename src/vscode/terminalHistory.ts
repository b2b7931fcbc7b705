// What `@terminal` sends: the last command run in the active terminal and its output, as VS Code's shell
// integration reports them. Output is read as it arrives, kept within a bound (head and tail), cleaned of
// terminal escapes, and scrubbed of anything key-shaped; the user chose to send it by mentioning it.
import * as vscode from 'vscode';
import { OutputBuffer } from '../core/commands/outputBuffer';
import { redactSecrets } from '../core/errors';

export interface TerminalRecord {
  terminal: string;
  commandLine: string;
  output: string;
  /** Undefined while the command runs (or when the shell did not report it). */
  exitCode?: number;
}

interface Live {
  terminal: vscode.Terminal;
  commandLine: string;
  buffer: OutputBuffer;
  exitCode?: number;
}

const latest = new WeakMap<vscode.Terminal, Live>();

/** Starts recording the commands of every terminal with shell integration. */
export function recordTerminalCommands(): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.window.onDidStartTerminalShellExecution((event) => {
      const live: Live = { terminal: event.terminal, commandLine: event.execution.commandLine.value, buffer: new OutputBuffer(4_000, 16_000) };
      latest.set(event.terminal, live);
      void (async () => {
        for await (const data of event.execution.read()) live.buffer.append(data);
      })().catch(() => undefined);
    }),
    vscode.window.onDidEndTerminalShellExecution((event) => {
      const live = latest.get(event.terminal);
      if (live && live.commandLine === event.execution.commandLine.value) live.exitCode = event.exitCode;
    }),
  );
}

/** The last command of the active terminal, or undefined (no terminal, no shell integration, nothing run yet). */
export function lastTerminalCommand(): TerminalRecord | undefined {
  const terminal = vscode.window.activeTerminal;
  const live = terminal && latest.get(terminal);
  if (!live) return undefined;
  return { terminal: live.terminal.name, commandLine: live.commandLine, output: redactSecrets(live.buffer.text()), ...(live.exitCode !== undefined ? { exitCode: live.exitCode } : {}) };
}

/** Why `@terminal` has nothing to send. */
export function noTerminalCommand(): string {
  return vscode.window.activeTerminal
    ? 'no command output from the active terminal yet (it needs VS Code shell integration, and only commands run after the window opened are seen)'
    : 'no terminal is open';
}
