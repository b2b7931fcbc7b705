// The process table as tests check it: which live processes carry a token in their command line (a test starts
// `sleep 31.4159` and later looks for "31.4159" to prove nothing was left running).
import { promises as fs } from 'node:fs';

/** Live processes whose command line contains `token`, as "pid: command line". */
export async function processesMatching(token: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    const cmdline = await fs.readFile(`/proc/${name}/cmdline`, 'utf8').catch(() => '');
    const stat = await fs.readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
    // A zombie has ended; only its parent has not collected it yet.
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
    const line = cmdline.split('\0').join(' ').trim();
    if (line.includes(token)) found.push(`${name}: ${line}`);
  }
  return found;
}

/** Waits until no live process carries the token (ending processes take a moment), or returns those left. */
export async function leftoverProcesses(token: string, withinMs = 2_000): Promise<string[]> {
  const until = Date.now() + withinMs;
  for (;;) {
    const left = await processesMatching(token);
    if (left.length === 0 || Date.now() > until) return left;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
