import type { LineIndex } from './lineIndex';
import { Level, lineKey } from './lineKeys';
import type { HunkFailure } from './locateHunk';
import type { Hunk, HunkLine } from './patchModel';
import { clip } from './patchText';

const SHOWN_LINES = 6;
const COMMON_LINE = 200;

/**
 * Why a hunk was refused, in words the model can act on: what was looked for and what is there. With
 * `quote` false (a private file) it says where and how it failed without showing any line's text.
 */
export function describeFailure(failure: HunkFailure, index: LineIndex, hunk: Hunk, quote = true): string {
  switch (failure.kind) {
    case 'not-found':
      return notFound(failure.old, index, quote);
    case 'ambiguous':
      return (
        (failure.weakly
          ? `its lines match no place exactly and ${failure.starts.length} places approximately (${listLines(failure.starts)}): at one only whitespace differs, at another a line's text. `
          : `its lines match ${failure.starts.length} places equally well (${listLines(failure.starts)}). `) +
        `Add an '@@ <line above the change>' anchor (e.g. the enclosing function or class line) or more unchanged lines around the change so they match one place.`
      );
    case 'out-of-order':
      return (
        `its lines occur only at ${listLines(failure.starts)}, which is not after the previous hunk (it ended at line ${failure.minStart}). ` +
        'Send hunks in file order, each after the one before it and not overlapping; merge hunks that touch the same lines.'
      );
    case 'no-context':
      return "it only adds lines and has no unchanged lines to place them by. Include 2-3 unchanged lines around the insertion (or end it with '*** End of File' to append).";
    case 'anchor-missing': {
      const anchor = quote ? ` '@@ ${clip(hunk.anchors.join(' / '))}'` : '';
      return `it only adds lines and its anchor${anchor} is not in the file after the previous hunk. Include 2-3 unchanged lines around the insertion.`;
    }
  }
}

function listLines(starts: number[]): string {
  const shown = starts.slice(0, 5).map((s) => s + 1);
  return `line${starts.length > 1 ? 's' : ''} ${shown.join(', ')}${starts.length > shown.length ? ', …' : ''}`;
}

/** How the hunk's old lines compare with the file's from one start: the same, only whitespace apart, different, or past the file's edge. */
interface Comparison {
  same: number;
  whitespace: number;
  different: number;
  outside: number;
  /** The first line that differs in more than whitespace: [index in the old lines, file line]. */
  first?: [number, number];
}

function compareAt(old: readonly HunkLine[], keys: readonly string[], index: LineIndex, start: number): Comparison {
  const c: Comparison = { same: 0, whitespace: 0, different: 0, outside: 0 };
  for (let i = 0; i < old.length; i++) {
    const fileLine = start + i;
    if (fileLine < 0 || fileLine >= index.length) c.outside++;
    else if (index.lines[fileLine] === old[i].text) c.same++;
    else if (index.key(fileLine, Level.Indentation) === keys[i]) c.whitespace++;
    else {
      c.different++;
      c.first ??= [i, fileLine];
    }
  }
  return c;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** What the comparison found, in words: never "N of N agree" for lines that were still refused. */
function describeComparison(c: Comparison, total: number): string {
  const parts = [`${c.same} of ${total} ${total === 1 ? 'line is' : 'lines are'} the same`];
  if (c.whitespace > 0) parts.push(`${plural(c.whitespace, 'differs', 'differ')} only in whitespace`);
  if (c.different > 0) parts.push(`${plural(c.different, 'differs', 'differ')} in text`);
  if (c.outside > 0) parts.push(`${c.outside} would lie past the ${c.outside === 1 ? 'edge' : 'edges'} of the file`);
  return parts.join(', ');
}

/** The place that shares most lines with the hunk, shown with its first difference. */
function notFound(old: HunkLine[], index: LineIndex, quote: boolean): string {
  const keys = old.map((l) => lineKey(l.text, Level.Indentation));
  const votes = new Map<number, number>();
  keys.forEach((key, i) => {
    if (key === '') return;
    const at = index.occurrences(key, Level.Indentation);
    if (at.length > COMMON_LINE) return;
    for (const line of at) votes.set(line - i, (votes.get(line - i) ?? 0) + 1);
  });
  const missing = old.findIndex((l, i) => l.op === 'delete' && keys[i] !== '' && index.occurrences(keys[i], Level.Indentation).length === 0);
  const why =
    missing < 0
      ? 'its lines are not in the file in that order'
      : quote
        ? `the line to remove "${clip(old[missing].text.trim())}" is not in the file`
        : `its line to remove (line ${missing + 1} of its ${old.length} context and removed lines) is not in the file`;
  let best: number | undefined;
  let bestVotes = 0;
  for (const [start, count] of votes) {
    if (count > bestVotes || (count === bestVotes && best !== undefined && start < best)) {
      best = start;
      bestVotes = count;
    }
  }
  const privately = 'The file is private, so its lines are not shown.';
  if (best === undefined) {
    return `${why}, and none of its lines occur in the file. ${quote ? 'Read the file again and copy the lines to change exactly.' : privately}`;
  }
  const from = Math.max(0, best);
  const comparison = compareAt(old, keys, index, best);
  const where = `The closest text is at line ${from + 1} (${describeComparison(comparison, old.length)})`;
  if (!quote) {
    const first = comparison.first ? ` The first difference in text is the file's line ${comparison.first[1] + 1} (line ${comparison.first[0] + 1} of the hunk's context and removed lines).` : '';
    return `${why}. ${where}.${first} ${privately}`;
  }
  const to = Math.min(index.length, from + Math.min(old.length, SHOWN_LINES));
  const shown: string[] = [];
  for (let i = from; i < to; i++) shown.push(`  ${i + 1}| ${clip(index.lines[i], 100)}`);
  const first = comparison.first;
  const difference = first
    ? `The first difference is at line ${first[1] + 1}: the patch has "${clip(old[first[0]].text.trim())}", the file has "${clip(index.lines[first[1]].trim())}".`
    : undefined;
  return [`${why}. ${where}:`, ...shown, ...(difference ? [difference] : []), 'Read the file again around there and resend the hunk with its current lines.'].join('\n');
}
