// Commands in the editor run where the user can watch them: a VS Code terminal of their own, the command run
// through shell integration (`executeCommand`) and its output read from the execution. The terminal's shell runs
// the command line from a file with `bash` (not typed into the interactive shell, where aliases and history
// expansion would make it mean something else than what was approved). When the terminal offers no shell
// integration within a few seconds, commands run as child processes instead and their output streams into the
// chat's command card.
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { shellQuote } from '../core/commands/commandLine';
import type { CommandExit, CommandLauncher, LaunchRequest, RunningCommand } from '../core/commands/launcher';
import { defaultShell } from '../core/commands/processLauncher';
import { inputOf, processesWithMarker, RUN_MARKER_VARIABLE, signalAll, waitsOnStdin } from '../core/commands/processTable';
import { sandboxArguments } from '../core/commands/sandbox';

/** How long a new terminal may take to report shell integration before commands fall back to child processes. */
const SHELL_INTEGRATION_WAIT_MS = 8_000;
/** In a terminal the user could answer a prompt: a command counts as stuck on input only after this long. */
const TERMINAL_INPUT_GRACE_MS = 10_000;

export class TerminalLauncher implements CommandLauncher {
  readonly shellName: string;
  private readonly shell = defaultShell();
  /** Set once a terminal showed no shell integration: later commands go straight to the fallback. */
  private integrationMissing = false;
  private lastForeground: vscode.Terminal | undefined;
  private readonly terminals = new Set<vscode.Terminal>();

  constructor(
    private readonly fallback: CommandLauncher,
    private readonly scriptDir: string,
    private readonly log: (line: string) => void,
  ) {
    this.shellName = this.shell.name;
  }

  get where(): string {
    return this.integrationMissing ? this.fallback.where : 'a VS Code terminal (the user watches it)';
  }

  async launch(request: LaunchRequest): Promise<RunningCommand> {
    if (this.integrationMissing || !this.shell.posix) return this.fallback.launch(request);
    const marker = randomUUID();
    const terminal = vscode.window.createTerminal({
      name: `Mini Coder: ${oneLine(request.label ?? request.command)}`,
      shellPath: this.shell.path,
      cwd: request.cwd,
      env: { [RUN_MARKER_VARIABLE]: marker, PAGER: 'cat', GIT_PAGER: 'cat', GIT_TERMINAL_PROMPT: '0' },
      iconPath: new vscode.ThemeIcon('robot'),
      isTransient: true,
    });
    this.terminals.add(terminal);
    const integration = await shellIntegrationOf(terminal, SHELL_INTEGRATION_WAIT_MS);
    if (!integration) {
      this.integrationMissing = true;
      this.terminals.delete(terminal);
      terminal.dispose();
      this.log('The terminal offered no shell integration: commands run as child processes, their output shown in the chat.');
      return this.fallback.launch(request);
    }
    // One finished foreground terminal stays for the user to read; older ones go.
    if (!request.background) {
      if (this.lastForeground) this.close(this.lastForeground);
      this.lastForeground = terminal;
    }
    await fs.mkdir(this.scriptDir, { recursive: true });
    const script = path.join(this.scriptDir, `${marker}.sh`);
    await fs.writeFile(script, `${request.command}\n`, { mode: 0o600 });
    const sandbox = request.sandbox && { ...request.sandbox, readable: [...(request.sandbox.readable ?? []), script] };
    const argv = sandbox ? ['bwrap', ...sandboxArguments(sandbox, request.cwd), '--', this.shell.path, script] : [this.shell.path, script];
    terminal.show(true);
    const execution = integration.executeCommand(argv.map(shellQuote).join(' '));
    const shellPid = (await terminal.processId) ?? -1;
    return new TerminalCommand(terminal, execution, marker, shellPid, script);
  }

  /** Closes every terminal Mini Coder opened (the window is closing). */
  dispose(): void {
    for (const terminal of this.terminals) terminal.dispose();
    this.terminals.clear();
  }

  private close(terminal: vscode.Terminal): void {
    this.terminals.delete(terminal);
    terminal.dispose();
  }
}

class TerminalCommand implements RunningCommand {
  readonly exited: Promise<CommandExit>;
  private readonly listeners: Array<(text: string) => void> = [];
  private readonly shellInput: Promise<string | undefined>;
  private waitingSince: number | undefined;

  constructor(
    terminal: vscode.Terminal,
    execution: vscode.TerminalShellExecution,
    private readonly marker: string,
    private readonly shellPid: number,
    script: string,
  ) {
    this.shellInput = shellPid > 0 ? inputOf(shellPid) : Promise.resolve(undefined);
    const stream = execution.read();
    const read = (async () => {
      for await (const data of stream) for (const listener of this.listeners) listener(data);
    })().catch(() => undefined);
    this.exited = new Promise<CommandExit>((resolve) => {
      const subscriptions: vscode.Disposable[] = [];
      const finish = (exit: CommandExit) => {
        for (const s of subscriptions) s.dispose();
        // The output stream ends with the execution; wait for its last bytes (but not for ever).
        void Promise.race([read, new Promise((r) => setTimeout(r, 2_000))]).then(() => resolve(exit));
      };
      subscriptions.push(
        vscode.window.onDidEndTerminalShellExecution((event) => {
          if (event.execution === execution) finish({ exitCode: event.exitCode ?? null, signal: null });
        }),
        vscode.window.onDidCloseTerminal((closed) => {
          if (closed === terminal) finish({ exitCode: null, signal: 'SIGHUP' });
        }),
      );
    }).finally(() => void fs.rm(script, { force: true }));
  }

  onOutput(listener: (text: string) => void): void {
    this.listeners.push(listener);
  }

  async kill(): Promise<number> {
    // Every process the command started, at once; the terminal's own shell stays for the user.
    return this.reapLeftovers();
  }

  async reapLeftovers(): Promise<number> {
    let ended = 0;
    for (let round = 0; round < 3; round++) {
      const pids = (await processesWithMarker(this.marker)).filter((pid) => pid !== this.shellPid);
      if (pids.length === 0) break;
      ended += signalAll(pids);
    }
    return ended;
  }

  async waitingForInput(): Promise<boolean> {
    const input = await this.shellInput;
    const pids = (await processesWithMarker(this.marker)).filter((pid) => pid !== this.shellPid);
    const waiting = input !== undefined && (await waitsOnStdin(pids, input));
    if (!waiting) {
      this.waitingSince = undefined;
      return false;
    }
    this.waitingSince ??= Date.now();
    return Date.now() - this.waitingSince >= TERMINAL_INPUT_GRACE_MS;
  }
}

/** The terminal's shell integration once it is there, or undefined when it does not come in time. */
function shellIntegrationOf(terminal: vscode.Terminal, waitMs: number): Promise<vscode.TerminalShellIntegration | undefined> {
  if (terminal.shellIntegration) return Promise.resolve(terminal.shellIntegration);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      resolve(undefined);
    }, waitMs);
    const subscription = vscode.window.onDidChangeTerminalShellIntegration((event) => {
      if (event.terminal !== terminal) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(event.shellIntegration);
    });
  });
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 40 ? `${line.slice(0, 39)}…` : line;
}
