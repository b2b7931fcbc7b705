// The process table, read from /proc on Linux: which processes a command started (found by a marker in their
// environment, which survives `setsid` and double forks that leave the process group), and whether one of them
// sleeps reading its standard input (the command waits for an answer nobody will type). Elsewhere these return
// nothing and the callers fall back on process groups and silence.
import { promises as fs } from 'node:fs';

/** The variable every process of one command carries, so its descendants can be found however they detach. */
export const RUN_MARKER_VARIABLE = 'MINI_CODER_RUN';

const hasProc = process.platform === 'linux';

/** Ids of live processes whose environment carries `MINI_CODER_RUN=<marker>`. */
export async function processesWithMarker(marker: string): Promise<number[]> {
  if (!hasProc) return [];
  const needle = Buffer.from(`${RUN_MARKER_VARIABLE}=${marker}\0`);
  const pids = await numericEntries('/proc');
  const found: number[] = [];
  await Promise.all(
    pids.map(async (pid) => {
      if (pid === process.pid) return;
      const environ = await fs.readFile(`/proc/${pid}/environ`).catch(() => undefined);
      if (environ && (environ.indexOf(needle) >= 0 || endsWith(environ, needle.subarray(0, needle.length - 1)))) found.push(pid);
    }),
  );
  return found.sort((a, b) => a - b);
}

/** Ids of every live descendant of a process (children, their children…), by the parent ids in /proc. */
export async function descendantsOf(root: number): Promise<number[]> {
  if (!hasProc) return [];
  const parents = new Map<number, number>();
  await Promise.all(
    (await numericEntries('/proc')).map(async (pid) => {
      const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
      const ppid = stat ? Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) : NaN;
      if (Number.isFinite(ppid)) parents.set(pid, ppid);
    }),
  );
  const out: number[] = [];
  const frontier = [root];
  while (frontier.length) {
    const parent = frontier.pop() as number;
    for (const [pid, ppid] of parents) {
      if (ppid === parent && !out.includes(pid)) {
        out.push(pid);
        frontier.push(pid);
      }
    }
  }
  return out;
}

// The `read` system call's number, where /proc/<pid>/syscall shows the call a process sleeps in.
const READ_SYSCALL: Partial<Record<string, number>> = { x64: 0, arm64: 63, ia32: 3, arm: 3, riscv64: 63, loong64: 63, ppc64: 3, s390x: 3 };

/**
 * Whether one of these processes sleeps reading standard input, and that input is `stdinLink` (what
 * /proc/<pid>/fd/0 points at: our pipe, or the terminal) when given. Best effort: false when it cannot tell.
 */
export async function waitsOnStdin(pids: readonly number[], stdinLink?: string): Promise<boolean> {
  if (!hasProc) return false;
  const readNumber = READ_SYSCALL[process.arch];
  for (const pid of pids) {
    const [stat, fd0, syscall, wchan] = await Promise.all([
      fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => ''),
      fs.readlink(`/proc/${pid}/fd/0`).catch(() => ''),
      fs.readFile(`/proc/${pid}/syscall`, 'utf8').catch(() => ''),
      fs.readFile(`/proc/${pid}/wchan`, 'utf8').catch(() => ''),
    ]);
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    if (state !== 'S' || fd0 === '' || (stdinLink !== undefined && fd0 !== stdinLink)) continue;
    const fields = syscall.trim().split(' ');
    const readingFd0 = readNumber !== undefined && Number(fields[0]) === readNumber && Number(fields[1]) === 0;
    // Where /proc/<pid>/syscall is hidden, the kernel function it sleeps in still tells a pipe or terminal read.
    const readingPipeOrTty = syscall === '' && /pipe_read|n_tty_read|wait_woken/.test(wchan);
    if (readingFd0 || readingPipeOrTty) return true;
  }
  return false;
}

/** What a process's standard input is (`socket:[123]`, `pipe:[45]`, `/dev/pts/3`), for comparing with its descendants'. */
export async function inputOf(pid: number): Promise<string | undefined> {
  if (!hasProc) return undefined;
  return fs.readlink(`/proc/${pid}/fd/0`).catch(() => undefined);
}

/** Sends a signal to each process, ignoring those already gone. */
export function signalAll(pids: readonly number[], signal: NodeJS.Signals = 'SIGKILL'): number {
  let sent = 0;
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
      sent++;
    } catch {
      // Already gone.
    }
  }
  return sent;
}

async function numericEntries(dir: string): Promise<number[]> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  return names.filter((n) => /^\d+$/.test(n)).map(Number);
}

function endsWith(buffer: Buffer, tail: Buffer): boolean {
  return buffer.length >= tail.length && buffer.subarray(buffer.length - tail.length).equals(tail);
}
