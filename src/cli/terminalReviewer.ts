import * as readline from 'node:readline';
import { changeDiff } from '../core/edits';
import type { EditReviewer, FileChange, ReviewDecision } from '../core/workspace';
import type { CliIO } from './io';

/**
 * Reviews edits on the terminal: `--yes` approves, a TTY asks y/N after showing the diff, and a
 * non-interactive run refuses so nothing is written without the user's say.
 */
export function terminalReviewer(io: CliIO, autoApprove: boolean): EditReviewer {
  return {
    async review(changes: FileChange[], context): Promise<ReviewDecision> {
      if (autoApprove) return { approved: true };
      if (!io.stdin.isTTY) {
        return { approved: false, reason: 'this is a non-interactive run and edits need approval (rerun with --yes to allow them)' };
      }
      io.stderr.write(`\n${context.summary}\n`);
      for (const c of changes) io.stderr.write(changeDiff(c));
      const answer = await ask(io, 'Apply this edit? [y/N] ', context.signal);
      return /^y(es)?$/i.test(answer.trim()) ? { approved: true } : { approved: false, reason: 'the user declined it' };
    },
  };
}


function ask(io: CliIO, question: string, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: io.stdin, output: io.stderr, terminal: true });
    const done = (answer: string) => {
      rl.close();
      resolve(answer);
    };
    signal?.addEventListener('abort', () => done(''), { once: true });
    rl.question(question, done);
  });
}
