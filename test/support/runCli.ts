import { spawn } from 'node:child_process';
import * as path from 'node:path';

export const CLI_PATH = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as newline-delimited JSON (only with --json). */
  events(): Array<Record<string, unknown>>;
}

/**
 * Runs the built terminal host (`dist/cli.js`) as a real process. `onStdout` sees output as it arrives,
 * and may return 'SIGINT' to interrupt the process at that point.
 */
export function runCli(
  args: string[],
  options: {
    env?: Record<string, string | undefined>;
    input?: string;
    onStdout?: (soFar: string) => 'SIGINT' | void;
    /** Wait this long after onStdout asked for SIGINT before sending it (to interrupt a tool that runs next). */
    interruptDelayMs?: number;
    timeoutMs?: number;
  } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, MINI_CODER_API_KEY: undefined, MINI_CODER_BASE_URL: undefined, ...options.env };
    for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
    const child = spawn(process.execPath, [CLI_PATH, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let interrupted = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`mini-coder ${args.join(' ')} did not finish in time.\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 20_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (!interrupted && options.onStdout?.(stdout) === 'SIGINT') {
        interrupted = true;
        if (options.interruptDelayMs) setTimeout(() => child.kill('SIGINT'), options.interruptDelayMs);
        else child.kill('SIGINT');
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        stdout,
        stderr,
        events: () =>
          stdout
            .split('\n')
            .filter((l) => l.trim() !== '')
            .map((l) => JSON.parse(l) as Record<string, unknown>),
      });
    });
    child.stdin.end(options.input ?? '');
  });
}
