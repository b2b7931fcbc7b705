import type { LineIndex } from './lineIndex';
import { Level, lineKey } from './lineKeys';
import type { HunkFailure } from './locateHunk';
import type { Hunk, HunkLine } from './patchModel';
import { clip } from './patchText';

const SHOWN_LINES = 6;
const COMMON_LINE = 200;

/** Why a hunk was refused, in words the model can act on: what was looked for and what is there. */
export function describeFailure(failure: HunkFailure, index: LineIndex, hunk: Hunk): string {
  switch (failure.kind) {
    case 'not-found':
      return notFound(failure.old, index);
    case 'ambiguous':
      return (
        `its lines match ${failure.starts.length} places equally well (${listLines(failure.starts)}). ` +
        `Add an '@@ <line above the change>' anchor (e.g. the enclosing function or class line) or more unchanged lines around the change so they match one place.`
      );
    case 'out-of-order':
      return (
        `its lines occur only at ${listLines(failure.starts)}, which is not after the previous hunk (it ended at line ${failure.minStart}). ` +
        'Send hunks in file order, each after the one before it and not overlapping; merge hunks that touch the same lines.'
      );
    case 'no-context':
      return "it only adds lines and has no unchanged lines to place them by. Include 2-3 unchanged lines around the insertion (or end it with '*** End of File' to append).";
    case 'anchor-missing':
      return `it only adds lines and its anchor '@@ ${clip(hunk.anchors.join(' / '))}' is not in the file after the previous hunk. Include 2-3 unchanged lines around the insertion.`;
  }
}

function listLines(starts: number[]): string {
  const shown = starts.slice(0, 5).map((s) => s + 1);
  return `line${starts.length > 1 ? 's' : ''} ${shown.join(', ')}${starts.length > shown.length ? ', …' : ''}`;
}

/** The place that shares most lines with the hunk, shown with its first difference. */
function notFound(old: HunkLine[], index: LineIndex): string {
  const keys = old.map((l) => lineKey(l.text, Level.Indentation));
  const votes = new Map<number, number>();
  keys.forEach((key, i) => {
    if (key === '') return;
    const at = index.occurrences(key, Level.Indentation);
    if (at.length > COMMON_LINE) return;
    for (const line of at) votes.set(line - i, (votes.get(line - i) ?? 0) + 1);
  });
  const missingDelete = old.find((l, i) => l.op === 'delete' && keys[i] !== '' && index.occurrences(keys[i], Level.Indentation).length === 0);
  const why = missingDelete
    ? `the line to remove "${clip(missingDelete.text.trim())}" is not in the file`
    : 'its lines are not in the file in that order';
  let best: number | undefined;
  let bestVotes = 0;
  for (const [start, count] of votes) {
    if (count > bestVotes || (count === bestVotes && best !== undefined && start < best)) {
      best = start;
      bestVotes = count;
    }
  }
  if (best === undefined) return `${why}, and none of its lines occur in the file. Read the file again and copy the lines to change exactly.`;
  const from = Math.max(0, best);
  const to = Math.min(index.length, from + Math.min(old.length, SHOWN_LINES));
  const shown: string[] = [];
  for (let i = from; i < to; i++) shown.push(`  ${i + 1}| ${clip(index.lines[i], 100)}`);
  let difference: string | undefined;
  let agreeing = 0;
  for (let i = 0; i < old.length; i++) {
    const fileLine = best + i;
    if (fileLine < 0 || fileLine >= index.length) continue;
    if (index.key(fileLine, Level.Indentation) === keys[i]) agreeing++;
    else difference ??= `The first difference is at line ${fileLine + 1}: the patch has "${clip(old[i].text.trim())}", the file has "${clip(index.lines[fileLine].trim())}".`;
  }
  return [
    `${why}. The closest text is at line ${from + 1} (${agreeing} of ${old.length} lines agree):`,
    ...shown,
    ...(difference ? [difference] : []),
    'Read the file again around there and resend the hunk with its current lines.',
  ].join('\n');
}
