import { changeDiff } from '../core/edits';
import type { EditReviewer, FileChange, ReviewDecision } from '../core/workspace';
import type { CliIO } from './io';
import { askLine, shellQuote } from './terminalApprover';

/**
 * Presents the trust policy's decision on an edit in the terminal: allowed edits go ahead; one that must ask is
 * shown as a diff with the reason and y/N on a TTY, and refused in a non-interactive run with what would allow it
 * (`--yes` for ordinary edits, `--allow-write PATH` for a sensitive path, which `--yes` never covers).
 */
export function terminalReviewer(io: CliIO): EditReviewer {
  return {
    async review(changes: FileChange[], context): Promise<ReviewDecision> {
      const verdict = context.verdict;
      if (verdict.decision === 'allow') return { approved: true };
      if (!io.stdin.isTTY) {
        const reason = verdict.sensitive
          ? `${verdict.reason}; a sensitive path needs your explicit word and this run has no terminal to ask on (--yes does not cover it; rerun with ${changes.map((c) => `--allow-write ${shellQuote(c.path)}`).join(' ')} to allow it)`
          : 'this is a non-interactive run and edits need approval (rerun with --yes to allow them)';
        return { approved: false, reason };
      }
      io.stderr.write(`\n${context.summary}\n${verdict.sensitive ? `Asks because ${verdict.reason}.\n` : ''}`);
      for (const c of changes) io.stderr.write(changeDiff(c));
      const answer = await askLine(io, 'Apply this edit? [y/N] ', context.signal);
      return /^y(es)?$/i.test(answer.trim()) ? { approved: true } : { approved: false, reason: context.signal?.aborted ? 'the user stopped the turn' : 'the user declined it' };
    },
  };
}
