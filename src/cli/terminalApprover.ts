import * as readline from 'node:readline';
import type { ApprovalRequest, Approver } from '../core/trust/approvals';
import type { CliIO } from './io';

/** The flag that allows what a question was about without asking, for the refusal a non-interactive run gives. */
const FLAG: Record<ApprovalRequest['kind'], string> = {
  read: '--allow-read',
  command: '--allow-command',
  mcp_tool: '--allow-mcp-tool',
};

/**
 * Asks on the terminal: a TTY gets the question with y / N / a(lways); a run without one refuses, telling the
 * model (and through it the user) which flag would allow it.
 */
export function terminalApprover(io: CliIO): Approver {
  return {
    async ask(request, signal) {
      if (!io.stdin.isTTY) {
        return { decision: 'deny', reason: `${request.reason}; this run has no terminal to ask on, so it was refused (rerun with ${FLAG[request.kind]} ${shellQuote(request.scope)} to allow it)` };
      }
      io.stderr.write(`\n${request.title}\n  ${request.reason}\n${request.detail ? `${request.detail}\n` : ''}`);
      const answer = (await askLine(io, 'Allow? [y]es once / [a]lways / [N]o ', signal)).trim().toLowerCase();
      if (answer === 'a' || answer === 'always') return { decision: 'always' };
      if (answer === 'y' || answer === 'yes') return { decision: 'once' };
      return { decision: 'deny', reason: signal?.aborted ? 'the user stopped the turn' : 'the user said no' };
    },
  };
}

/** Reads one answer line from the terminal; resolves '' when the signal aborts. */
export function askLine(io: CliIO, question: string, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: io.stdin, output: io.stderr, terminal: true });
    let settled = false;
    const done = (answer: string) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      rl.close();
      resolve(answer);
    };
    const onAbort = () => done('');
    signal?.addEventListener('abort', onAbort, { once: true });
    rl.on('close', () => done(''));
    rl.question(question, done);
  });
}

/** A word as a POSIX shell reads it back unchanged. */
export function shellQuote(word: string): string {
  return /^[\w./@%+=:,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
