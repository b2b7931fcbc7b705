// The tools that run commands: `run_command` (a build, the tests, a formatter) and, for commands started in the
// background, `read_command_output` and `stop_command`. Every command line passes the trust policy first
// (approvals.ts → policy.ts): allowed prefixes run without asking (in the sandbox where there is one), anything
// else is asked about, some things always are.
import * as os from 'node:os';
import * as path from 'node:path';
import { readdirSync, realpathSync } from 'node:fs';
import type { BackgroundCommands, BackgroundRead } from '../commands/backgroundCommands';
import type { CommandLauncher } from '../commands/launcher';
import { describeResult, formatSeconds, runCommand } from '../commands/runCommand';
import type { SandboxPlan } from '../commands/sandbox';
import { MiniCoderError } from '../errors';
import type { Approvals } from '../trust/approvals';
import type { CommandFacts } from '../trust/policy';
import type { Tool, ToolResult } from './tool';

/** Default time limit of one command, and the longest the model may ask for unless the user allows more. */
export const DEFAULT_COMMAND_SECONDS = 120;
export const DEFAULT_MAX_COMMAND_SECONDS = 600;

/** What the command tools need from their host. */
export interface CommandHost {
  launcher: CommandLauncher;
  background: BackgroundCommands;
  /** Absolute real paths of the workspace folders; commands start in the first unless `cwd` says otherwise. */
  roots(): Promise<string[]>;
  /** The absolute real folder for a workspace-relative `cwd`; throws a `tool` error when it is not a folder inside. */
  resolveCwd(cwd: string): Promise<string>;
  /** Whether the sandbox can be used on this system. */
  sandboxAvailable(): Promise<boolean>;
  /** The longest time limit the model may ask for, in seconds (a user setting). */
  maxSeconds(): number;
  /** False when the shell is not a POSIX shell (every command then asks). */
  posixShell: boolean;
  /** The user's home folder (default: the system's). */
  home?: string;
  /** Registers a way for the user to stop the running command (the Stop of its card); returns the unregistering. */
  track?(stop: () => void): () => void;
}

/** What the host's command card shows of a finished command. */
export interface CommandDetail {
  command: string;
  cwd: string;
  exitCode: number | null;
  durationMs: number;
  end: string;
  sandboxed: boolean;
  background?: string;
}

/** What the policy judges a command line by: where it runs, the workspace, and what the host offers it. */
async function commandFacts(host: Pick<CommandHost, 'roots' | 'posixShell' | 'home'>, cwd: string, sandboxAvailable: boolean, outsideSandbox?: string): Promise<CommandFacts> {
  return {
    roots: await host.roots(),
    cwd,
    home: host.home ?? os.homedir(),
    realPath: realPathOf,
    listFolder,
    sandboxAvailable,
    posixShell: host.posixShell,
    ...(outsideSandbox !== undefined ? { outsideSandbox } : {}),
  };
}

/**
 * Whether a command the user starts from a code block ("Run in terminal") may run in `cwd`: the same policy as
 * `run_command`, judged as running outside any sandbox (it runs in the user's own terminal), so allowed prefixes
 * run at once and everything else, and what always asks, goes to the user first. Resolves the refusal's wording.
 */
export async function approveUserCommand(trust: Approvals, host: Pick<CommandHost, 'roots' | 'posixShell' | 'home'>, line: string, cwd: string): Promise<{ ok: true } | { ok: false; message: string }> {
  try {
    await trust.command(line, await commandFacts(host, realPathOf(cwd), false));
    return { ok: true };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

/** The command tools, described with this host's shell, system and workspace root. */
export function commandTools(host: CommandHost, rootLabel: string): Tool[] {
  const system = `${os.type()} ${os.release()} (${process.platform}/${process.arch})`;
  const runCommandTool: Tool = {
    name: 'run_command',
    description: [
      `Run a shell command in the workspace and get its output (stdout and stderr interleaved), exit code and duration. The shell is ${host.launcher.shellName} on ${system}; the workspace root is ${rootLabel}, where commands start unless cwd says otherwise.`,
      'Use it to build, run the tests, lint or format, and check that your edits work; read the output and fix what fails.',
      `The user approves commands (some run without asking, in a sandbox without network where the system has one). Default time limit ${DEFAULT_COMMAND_SECONDS} s (timeout_seconds up to ${host.maxSeconds()}).`,
      'Commands cannot be answered interactively: pass flags such as --yes or --ci. Long output is cut in the middle.',
      'Start servers and watchers (npm run dev) with background: true, then read_command_output and stop_command with the id you get.',
    ].join(' '),
    parameters: {
      type: 'object',
      properties: {
        command: { type: 'string', description: 'The command line, as typed in the shell.' },
        cwd: { type: 'string', description: 'Workspace-relative folder to run in. Default: the workspace root.' },
        timeout_seconds: { type: 'integer', minimum: 1, description: `Time limit in seconds (default ${DEFAULT_COMMAND_SECONDS}, at most ${host.maxSeconds()}).` },
        background: { type: 'boolean', description: 'Start a long-running process (dev server, watcher) and return at once with an id.' },
        outside_sandbox: { type: 'string', description: 'Only when the command needs the network or to write outside the workspace: why. The user is asked.' },
      },
      required: ['command'],
      additionalProperties: false,
    },
    readOnly: false,
    // The tool keeps its own limit (and says what happened); the loop's is a backstop a little later.
    timeLimitMs: (args) => (args.background === true ? 30 : seconds(args, host) + 15) * 1000,
    async run(args, context) {
      const command = String(args.command);
      if (command.trim() === '') return failure('The command is empty.');
      if (command.length > 100_000) return failure('The command line is longer than 100,000 characters; write a script file and run that.');
      const shownCwd = args.cwd === undefined || String(args.cwd).trim() === '' ? '.' : String(args.cwd);
      const cwd = await host.resolveCwd(shownCwd === '.' ? '' : shownCwd);
      const outside = typeof args.outside_sandbox === 'string' && args.outside_sandbox.trim() !== '' ? args.outside_sandbox : undefined;
      const facts = await commandFacts(host, cwd, await host.sandboxAvailable(), outside);
      const home = facts.home;
      const { sandboxed } = await context.trust.command(command, facts, context.signal);
      const sandbox: SandboxPlan | undefined = sandboxed ? { writable: facts.roots, home } : undefined;
      const request = { command, cwd, ...(sandbox ? { sandbox } : {}), label: command };
      if (args.background === true) {
        if (context.signal?.aborted) throw new MiniCoderError({ kind: 'cancelled', message: 'Stopped before the command started.' });
        const started = await host.background.start(request);
        return { output: describeBackground(started, 'Started in the background'), detail: backgroundDetail(started, shownCwd) };
      }
      const limitMs = seconds(args, host) * 1000;
      // Stop from the command's card ends this command only; the turn goes on with the model told.
      const stop = new AbortController();
      const onTurnStop = () => stop.abort();
      if (context.signal?.aborted) throw new MiniCoderError({ kind: 'cancelled', message: 'Stopped before the command started.' });
      context.signal?.addEventListener('abort', onTurnStop, { once: true });
      const untrack = host.track?.(() => stop.abort());
      let result;
      try {
        result = await runCommand(host.launcher, request, { timeLimitMs: limitMs, signal: stop.signal, onOutput: context.onOutput });
      } finally {
        untrack?.();
        context.signal?.removeEventListener('abort', onTurnStop);
      }
      const detail: CommandDetail = { command, cwd: shownCwd, exitCode: result.exitCode, durationMs: result.durationMs, end: result.end, sandboxed: result.sandboxed };
      return { output: describeResult(result, shownCwd), isError: result.end !== 'exited', detail };
    },
  };

  const readOutput: Tool = {
    name: 'read_command_output',
    description: 'New output of a command started with background: true since the last read, and whether it still runs.',
    parameters: {
      type: 'object',
      properties: {
        id: { type: 'string', description: 'The id run_command returned (e.g. "bg1").' },
        wait_seconds: { type: 'integer', minimum: 0, maximum: 60, description: 'Wait up to this long for new output when there is none yet (default 0).' },
      },
      required: ['id'],
      additionalProperties: false,
    },
    // It changes nothing on disk, but reading consumes the unread output: never lent to subagents or run in parallel.
    readOnly: false,
    timeLimitMs: () => 75_000,
    async run(args) {
      const read = await host.background.read(String(args.id), Number(args.wait_seconds ?? 0) * 1000);
      return { output: describeBackground(read, read.info.exit ? 'It has ended' : 'Still running'), detail: backgroundDetail(read, read.info.cwd) };
    },
  };

  const stopCommand: Tool = {
    name: 'stop_command',
    description: 'Stop a command started with background: true (and everything it started); returns its last output.',
    parameters: {
      type: 'object',
      properties: { id: { type: 'string', description: 'The id run_command returned.' } },
      required: ['id'],
      additionalProperties: false,
    },
    readOnly: false,
    timeLimitMs: () => 15_000,
    async run(args) {
      const read = await host.background.stop(String(args.id));
      return { output: describeBackground(read, 'Stopped'), detail: backgroundDetail(read, read.info.cwd) };
    },
  };

  return [runCommandTool, readOutput, stopCommand];
}

function seconds(args: Record<string, unknown>, host: CommandHost): number {
  const asked = typeof args.timeout_seconds === 'number' && args.timeout_seconds > 0 ? Math.floor(args.timeout_seconds) : DEFAULT_COMMAND_SECONDS;
  return Math.min(asked, Math.max(1, host.maxSeconds()));
}

function describeBackground(read: BackgroundRead, headline: string): string {
  const { info } = read;
  const state = info.exit
    ? `${headline}: exited with ${info.exit.signal ? `signal ${info.exit.signal}` : `code ${info.exit.exitCode ?? '?'}`} after ${formatSeconds(Date.now() - info.startedAt)}.`
    : `${headline}: ${info.id} (${formatSeconds(Date.now() - info.startedAt)} so far). Read more with read_command_output {"id":"${info.id}"}; end it with stop_command.`;
  return `${state}\n${read.output.trim() === '' ? '(no new output)' : read.output.replace(/\n+$/, '')}`;
}

function backgroundDetail(read: BackgroundRead, cwd: string): CommandDetail {
  return {
    command: read.info.command,
    cwd,
    exitCode: read.info.exit?.exitCode ?? null,
    durationMs: Date.now() - read.info.startedAt,
    end: read.info.exit ? 'exited' : 'running',
    sandboxed: read.info.sandboxed,
    background: read.info.id,
  };
}

/** The real path of an absolute path, following links as far as the path exists. */
function realPathOf(abs: string): string {
  let existing = abs;
  const rest: string[] = [];
  for (let guard = 0; guard < 4096; guard++) {
    try {
      return path.join(realpathSync(existing), ...rest.reverse());
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return abs;
      rest.push(path.basename(existing));
      existing = parent;
    }
  }
  return abs;
}

/** The names in a folder, [] when it cannot be read (for judging the files a glob names). */
function listFolder(abs: string): string[] {
  try {
    return readdirSync(abs);
  } catch {
    return [];
  }
}

function failure(message: string): ToolResult {
  return { output: message, isError: true };
}

/** A `tool` error for a cwd that is not a folder of the workspace. */
export function notAFolder(cwd: string): MiniCoderError {
  return new MiniCoderError({ kind: 'tool', message: `${cwd} is not a folder in the workspace; cwd must name one.` });
}
