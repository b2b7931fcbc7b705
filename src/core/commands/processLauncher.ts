// Commands as child processes: `bash -c` in a session and process group of their own (so Stop ends the whole
// group at once and the terminal's Ctrl+C reaches only Mini Coder), every process marked in its environment so
// children that detach are found and ended too, stdin a pipe that is never written (a command that waits for an
// answer is caught waiting), and the API key and editor plumbing removed from the environment.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { MiniCoderError } from '../errors';
import type { CommandExit, CommandLauncher, LaunchRequest, RunningCommand } from './launcher';
import { looksBinaryChunk } from './outputBuffer';
import { inputOf, processesWithMarker, RUN_MARKER_VARIABLE, signalAll, waitsOnStdin } from './processTable';
import { sandboxArguments } from './sandbox';

/** Variables never passed to a command: keys, and the editor's own plumbing that would confuse tools it runs. */
const REMOVED_VARIABLES = ['MINI_CODER_API_KEY', 'ELECTRON_RUN_AS_NODE', 'VSCODE_IPC_HOOK', 'VSCODE_IPC_HOOK_CLI', 'VSCODE_PID', 'VSCODE_NLS_CONFIG', 'VSCODE_HANDLES_UNCAUGHT_ERRORS'];

/** Settings that keep tools from waiting on a pager or a password prompt nobody sees. */
const QUIET_VARIABLES: Record<string, string> = {
  PAGER: 'cat',
  GIT_PAGER: 'cat',
  MANPAGER: 'cat',
  GIT_TERMINAL_PROMPT: '0',
  TERM: 'dumb',
  NO_UPDATE_NOTIFIER: '1',
  npm_config_update_notifier: 'false',
};

/** The shell commands run in: bash where there is one, else sh (cmd.exe on Windows). */
export function defaultShell(): { path: string; name: string; posix: boolean } {
  if (process.platform === 'win32') return { path: process.env.ComSpec ?? 'cmd.exe', name: 'cmd.exe', posix: false };
  for (const candidate of ['/bin/bash', '/usr/bin/bash', '/usr/local/bin/bash']) if (existsSync(candidate)) return { path: candidate, name: 'bash', posix: true };
  return { path: '/bin/sh', name: 'sh', posix: true };
}

/** The environment a command gets: the host's, minus keys and plumbing, plus the marker and quiet settings. */
export function commandEnvironment(base: NodeJS.ProcessEnv, marker: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, ...QUIET_VARIABLES, [RUN_MARKER_VARIABLE]: marker };
  for (const name of REMOVED_VARIABLES) delete env[name];
  return env;
}

export class ProcessLauncher implements CommandLauncher {
  readonly shellName: string;
  readonly where = 'a child process (its output is shown as it arrives)';
  private readonly shell: { path: string; name: string; posix: boolean };

  constructor(private readonly options: { env?: NodeJS.ProcessEnv; bwrap?: string } = {}) {
    this.shell = defaultShell();
    this.shellName = this.shell.name;
  }

  async launch(request: LaunchRequest): Promise<RunningCommand> {
    const marker = randomUUID();
    const shellArgs = this.shell.posix ? ['-c', request.command] : ['/d', '/s', '/c', request.command];
    const [file, args] = request.sandbox
      ? [this.options.bwrap ?? 'bwrap', [...sandboxArguments(request.sandbox, request.cwd), '--', this.shell.path, ...shellArgs]]
      : [this.shell.path, shellArgs];
    const child = spawn(file, args, {
      cwd: request.cwd,
      env: commandEnvironment(this.options.env ?? process.env, marker),
      // A session of its own: its own process group (killed as one), no controlling terminal to prompt on.
      detached: process.platform !== 'win32',
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
      windowsVerbatimArguments: !this.shell.posix,
    });
    const started = await new Promise<Error | undefined>((resolve) => {
      child.once('spawn', () => resolve(undefined));
      child.once('error', (err) => resolve(err));
    });
    if (started) throw new MiniCoderError({ kind: 'tool', message: `The command could not be started: ${started.message}` });
    return new ChildCommand(child, marker);
  }
}

class ChildCommand implements RunningCommand {
  readonly exited: Promise<CommandExit>;
  private readonly listeners: Array<(text: string, binaryBytes?: number) => void> = [];
  private readonly stdinLink: Promise<string | undefined>;
  private exitedAlready = false;

  constructor(
    private readonly child: ChildProcess,
    private readonly marker: string,
  ) {
    // The pipe is kept open and never written: a command reading it waits, and is seen waiting.
    child.stdin?.on('error', () => undefined);
    // What the child's fd 0 is (Node gives it one end of a socket pair): a descendant reading that same input is
    // waiting for us, while one reading a pipe from its neighbour in a pipeline is not.
    this.stdinLink = child.pid === undefined ? Promise.resolve(undefined) : inputOf(child.pid);
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      const decoder = new StringDecoder('utf8');
      stream.on('data', (bytes: Buffer) => {
        if (looksBinaryChunk(bytes)) this.emit('', bytes.length);
        else this.emit(decoder.write(bytes));
      });
      stream.on('end', () => this.emit(decoder.end()));
    }
    this.exited = new Promise((resolve) => {
      let exit: CommandExit | undefined;
      child.once('exit', (code, signal) => {
        exit = { exitCode: code, signal };
        this.exitedAlready = true;
        // Whatever it left running holds the pipes open; end it so the output can be read to its end.
        void this.reapLeftovers().then(() => setTimeout(() => this.closeStreams(), 1_000).unref());
      });
      child.once('close', (code, signal) => resolve(exit ?? { exitCode: code, signal }));
    });
  }

  onOutput(listener: (text: string, binaryBytes?: number) => void): void {
    this.listeners.push(listener);
  }

  async kill(): Promise<number> {
    let ended = 0;
    if (!this.exitedAlready && this.child.pid !== undefined) {
      try {
        // The whole group at once: a shell, its pipeline, and what they started.
        process.kill(process.platform === 'win32' ? this.child.pid : -this.child.pid, 'SIGKILL');
        ended++;
      } catch {
        this.child.kill('SIGKILL');
      }
    }
    ended += await this.reapLeftovers();
    return ended;
  }

  async reapLeftovers(): Promise<number> {
    let ended = 0;
    if (this.child.pid !== undefined && process.platform !== 'win32') {
      try {
        process.kill(-this.child.pid, 'SIGKILL');
      } catch {
        // The group is already empty.
      }
    }
    // Processes that left the group (setsid, double fork) still carry the marker; new ones may appear while
    // the first are ended, so look twice.
    for (let round = 0; round < 3; round++) {
      const pids = await processesWithMarker(this.marker);
      if (pids.length === 0) break;
      ended += signalAll(pids);
    }
    return ended;
  }

  async waitingForInput(): Promise<boolean> {
    const link = await this.stdinLink;
    if (!link) return false;
    return waitsOnStdin(await processesWithMarker(this.marker), link);
  }

  private emit(text: string, binaryBytes?: number): void {
    if (text === '' && !binaryBytes) return;
    for (const listener of this.listeners) listener(text, binaryBytes);
  }

  private closeStreams(): void {
    this.child.stdout?.destroy();
    this.child.stderr?.destroy();
    this.child.stdin?.destroy();
  }
}
