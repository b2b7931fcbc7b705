// Runs one command to its end under the limits every host shares: a time limit, Stop, a command caught waiting
// for input, output kept within a budget (head and tail), and nothing left running afterwards. The result says
// plainly what happened, for the model and for the command card.
import { MiniCoderError, toErrorInfo } from '../errors';
import type { CommandLauncher, LaunchRequest } from './launcher';
import { OutputBuffer, readableText } from './outputBuffer';
import { holdMountPoints, SANDBOX_SUMMARY } from './sandbox';

/** How a command ended. */
export type CommandEnd = 'exited' | 'timeout' | 'stopped' | 'input';

export interface CommandResult {
  command: string;
  cwd: string;
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  end: CommandEnd;
  /** The output within the budget, head and tail kept, with a marker where it was cut. */
  output: string;
  /** Characters it printed in all. */
  outputChars: number;
  /** Bytes of binary output that were counted but not kept. */
  binaryBytes: number;
  /** Processes it left running that were ended after it. */
  leftovers: number;
  sandboxed: boolean;
  timeLimitMs: number;
}

export interface RunOptions {
  timeLimitMs: number;
  signal?: AbortSignal;
  /** Output as it arrives (cleaned of terminal escapes), for a host to show live. */
  onOutput?: (text: string) => void;
  /** Silence after which the command is checked for waiting on input (default 3 s). */
  quietBeforeInputCheckMs?: number;
  headChars?: number;
  tailChars?: number;
}

/** Runs a command to its end and says how it ended; throws only when it cannot start. */
export async function runCommand(launcher: CommandLauncher, request: LaunchRequest, options: RunOptions): Promise<CommandResult> {
  if (options.signal?.aborted) throw new MiniCoderError({ kind: 'cancelled', message: 'Stopped.' });
  const started = Date.now();
  const releaseMountPoints = request.sandbox ? holdMountPoints(request.sandbox) : async () => undefined;
  let running;
  try {
    running = await launcher.launch(request);
  } catch (err) {
    await releaseMountPoints();
    throw err;
  }
  const buffer = new OutputBuffer(options.headChars, options.tailChars);
  let binaryBytes = 0;
  let lastOutputAt = Date.now();
  running.onOutput((text, binary) => {
    lastOutputAt = Date.now();
    if (binary) {
      if (binaryBytes === 0) buffer.append('\n[binary output left out]\n');
      binaryBytes += binary;
      return;
    }
    buffer.append(text);
    if (options.onOutput) {
      const shown = readableText(text);
      if (shown !== '') options.onOutput(shown);
    }
  });

  let end: CommandEnd = 'exited';
  let leftovers = 0;
  let stopping: Promise<number> | undefined;
  const stop = (why: CommandEnd) => {
    if (stopping) return;
    end = why;
    stopping = running.kill();
  };
  const timer = setTimeout(() => stop('timeout'), options.timeLimitMs);
  const onAbort = () => stop('stopped');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const quiet = options.quietBeforeInputCheckMs ?? 3_000;
  let waitingSeen = 0;
  let checking = false;
  const watch = setInterval(() => {
    if (stopping || checking || Date.now() - lastOutputAt < quiet) return;
    checking = true;
    running
      .waitingForInput()
      .then((waiting) => {
        // Twice in a row, so a process that reads its input in a burst is not taken for one that waits.
        waitingSeen = waiting ? waitingSeen + 1 : 0;
        if (waitingSeen >= 2) stop('input');
      })
      .catch(() => undefined)
      .finally(() => (checking = false));
  }, 500);
  try {
    const exit = await running.exited;
    if (stopping) await stopping;
    else leftovers = await running.reapLeftovers();
    return {
      command: request.command,
      cwd: request.cwd,
      exitCode: exit.exitCode,
      signal: exit.signal,
      durationMs: Date.now() - started,
      end,
      output: buffer.text(),
      outputChars: buffer.totalChars,
      binaryBytes,
      leftovers,
      sandboxed: request.sandbox !== undefined,
      timeLimitMs: options.timeLimitMs,
    };
  } catch (err) {
    await running.kill().catch(() => 0);
    throw new MiniCoderError({ kind: 'tool', message: `The command failed to run: ${toErrorInfo(err).message}` });
  } finally {
    clearTimeout(timer);
    clearInterval(watch);
    options.signal?.removeEventListener('abort', onAbort);
    await releaseMountPoints();
  }
}

/** The result as the model reads it: how it ended, in one line, then the output. */
export function describeResult(result: CommandResult, shownCwd: string): string {
  const seconds = formatSeconds(result.durationMs);
  const lines: string[] = [];
  switch (result.end) {
    case 'timeout':
      lines.push(`Stopped after ${formatSeconds(result.timeLimitMs)}: the time limit. ${result.outputChars === 0 ? 'It printed nothing; it may have been waiting for input. ' : ''}A longer limit can be asked for with timeout_seconds; a server or watcher should run with background: true.`);
      break;
    case 'stopped':
      lines.push(`Stopped by the user after ${seconds}.`);
      break;
    case 'input':
      lines.push(`Stopped after ${seconds}: it was waiting for input on its standard input, which nobody can type into. Give the answer in the command instead (a flag such as --yes or --ci, or \`yes | …\`).`);
      break;
    default:
      if (result.signal) lines.push(`Ended by signal ${result.signal} after ${seconds}.`);
      else lines.push(`Exit code ${result.exitCode ?? '?'} after ${seconds}${result.exitCode === 127 ? ' (command not found)' : result.exitCode === 126 ? ' (not executable)' : ''}.`);
  }
  const notes: string[] = [`cwd: ${shownCwd}`];
  if (result.sandboxed) notes.push(SANDBOX_SUMMARY);
  if (result.leftovers > 0) notes.push(`${result.leftovers} process${result.leftovers === 1 ? '' : 'es'} it left running ${result.leftovers === 1 ? 'was' : 'were'} ended (start servers with background: true)`);
  if (result.binaryBytes > 0) notes.push(`${result.binaryBytes.toLocaleString('en-US')} bytes of binary output not shown`);
  lines.push(`(${notes.join('; ')})`);
  if (result.sandboxed && result.end === 'exited' && result.exitCode !== 0) {
    lines.push('If it failed because of the sandbox (it needs the network, or to write outside the workspace), call run_command again with outside_sandbox saying why; the user will be asked.');
  }
  lines.push(result.output.trim() === '' ? '(no output)' : result.output.replace(/\n+$/, ''));
  return lines.join('\n');
}

export function formatSeconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}
