import * as readline from 'node:readline';
import { shellQuote } from '../core/commands/commandLine';
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
        return { decision: 'deny', reason: `${request.reason}; this run has no terminal to ask on, so it was refused (${howToAllow(request)})` };
      }
      io.stderr.write(`\n${request.title}\n  ${request.reason}\n${request.detail ? `${request.detail}\n` : ''}`);
      const rememberable = request.rememberable !== false;
      const answer = (await askLine(io, rememberable ? 'Allow? [y]es once / [a]lways / [N]o ' : 'Allow? [y]es once / [N]o ', signal)).trim().toLowerCase();
      if (rememberable && (answer === 'a' || answer === 'always')) return { decision: 'always' };
      if (answer === 'y' || answer === 'yes') return { decision: 'once' };
      return { decision: 'deny', reason: signal?.aborted ? 'the user stopped the turn' : 'the user said no' };
    },
  };
}

/** What would let a refused question through next time: the flag naming its scope, or that it always asks. */
function howToAllow(request: ApprovalRequest): string {
  if (request.rememberable === false) return 'it always asks, so only a run on a terminal can allow it';
  const scopes = request.scope.split('\n').filter((s) => s !== '');
  if (scopes.length === 0) return 'no flag allows it; run on a terminal to answer';
  return `rerun with ${scopes.map((s) => `${FLAG[request.kind]} ${shellQuote(s)}`).join(' ')} to allow it`;
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

export { shellQuote };
