import type { Anchors } from './anchors';
import { chooseCandidate, type Choice } from './chooseCandidate';
import { findAtLevel, findIgnoringWhitespace, findSimilar, type Candidate } from './findCandidates';
import type { LineIndex } from './lineIndex';
import { LEVELS, Level, levelTolerance } from './lineKeys';
import type { Hunk, HunkLine } from './patchModel';
import { clip } from './patchText';
import { indentAddedLines, NO_SHIFT, type Reindent } from './reindent';

/** Where and how one hunk applies to the file. */
export interface Placement {
  /** 0-based first file line of the hunk's old side. */
  start: number;
  /** The hunk's lines as applied (blank context lines at its edges may have been dropped). */
  lines: HunkLine[];
  oldLength: number;
  reindent: Reindent;
  tolerances: string[];
  /** How many of its lines only approximately match the file's. */
  differing: number;
}

export type HunkFailure =
  | { kind: 'not-found'; old: HunkLine[] }
  /** `weakly`: no place matches exactly; one differs only in whitespace, another in a line's text. */
  | { kind: 'ambiguous'; starts: number[]; weakly?: boolean }
  | { kind: 'out-of-order'; starts: number[]; minStart: number }
  | { kind: 'no-context' }
  | { kind: 'anchor-missing' };

export type Location = { ok: true; placement: Placement } | { ok: false; failure: HunkFailure };

/** How a hunk was matched: a level of `LEVELS`, whitespace ignored line by line, or a similar context line. */
type Match = Level | 'whitespace' | 'similar';

/**
 * Finds the one place the hunk belongs in the current file: exact lines first, then each tolerance
 * in turn (trailing whitespace, punctuation look-alikes, a block shifted in indentation), the same
 * with stray blank lines at its edges dropped, then lines differing only in whitespace where one
 * place fits, then a slightly wrong context line. Refuses when the place is ambiguous or the match
 * is weak. `quote`: tolerances may show the file's lines.
 */
export function locateHunk(hunk: Hunk, index: LineIndex, anchors: Anchors, minStart: number, hints: readonly number[], quote = true): Location {
  const shapes = blankEdgeShapes(hunk.lines);
  if (!hunk.lines.some((l) => l.op !== 'add')) return placeInsertion(hunk, index, anchors, minStart);

  let outOfOrder: HunkFailure | undefined;
  const attempt = (lines: HunkLine[], found: Candidate[], match: Match): Location | undefined => {
    if (found.length === 0) return undefined;
    const old = lines.filter((l) => l.op !== 'add');
    const position = { minStart, hints, anchors: hunk.anchors, atEndOfFile: hunk.atEndOfFile, oldLength: old.length, similar: match === 'similar', uniqueOnly: match === 'whitespace' };
    const choice = chooseCandidate(found, position, index, anchors);
    if (choice.kind === 'out-of-order') {
      outOfOrder ??= { kind: 'out-of-order', starts: choice.starts, minStart };
      return undefined;
    }
    if (choice.kind === 'ambiguous') return { ok: false, failure: { kind: 'ambiguous', starts: choice.starts } };
    return { ok: true, placement: placement(hunk, lines, old, choice, match, index, quote) };
  };

  for (const lines of shapes) {
    const old = lines.filter((l) => l.op !== 'add');
    const added = lines.filter((l) => l.op === 'add');
    for (const level of LEVELS) {
      const result = attempt(lines, findAtLevel(index, old, added, level), level);
      if (result) return result;
    }
  }
  let unevenWhitespace: Location | undefined;
  for (let s = 0; s < shapes.length && !unevenWhitespace; s++) unevenWhitespace = attempt(shapes[s], findIgnoringWhitespace(index, shapes[s].filter((l) => l.op !== 'add')), 'whitespace');
  const similar = (lines: HunkLine[]) => attempt(lines, findSimilar(index, lines.filter((l) => l.op !== 'add'), lines.filter((l) => l.op === 'add')), 'similar');
  const whole = similar(hunk.lines);
  let edgesDropped: Location | undefined;
  for (let s = 1; s < shapes.length && !edgesDropped; s++) edgesDropped = similar(shapes[s]);
  if (unevenWhitespace) return unlessSimilarElsewhere(unevenWhitespace, [whole, edgesDropped]);
  if (whole?.ok && edgesDropped?.ok) return closerOfTwo(whole.placement, edgesDropped.placement, hunk.lines.indexOf(edgesDropped.placement.lines[0]));
  // An approximate match made unique only by a blank edge line is not unique.
  if (whole?.ok && edgesDropped && !edgesDropped.ok) return edgesDropped;
  if (whole || edgesDropped) return (whole ?? edgesDropped)!;
  return { ok: false, failure: outOfOrder ?? { kind: 'not-found', old: hunk.lines.filter((l) => l.op !== 'add') } };
}

/**
 * A place found by ignoring whitespace line by line stands only if no slightly-wrong-line match
 * points elsewhere: two weak readings that disagree are ambiguous.
 */
function unlessSimilarElsewhere(found: Location, similar: ReadonlyArray<Location | undefined>): Location {
  if (!found.ok) return found;
  const at = found.placement.start;
  const elsewhere = similar.flatMap((s) => (s === undefined ? [] : s.ok ? [s.placement.start] : s.failure.kind === 'ambiguous' ? s.failure.starts : [])).filter((start) => start !== at);
  if (elsewhere.length === 0) return found;
  return { ok: false, failure: { kind: 'ambiguous', starts: [...new Set([at, ...elsewhere])].sort((a, b) => a - b), weakly: true } };
}

function placement(hunk: Hunk, lines: HunkLine[], old: HunkLine[], choice: Extract<Choice, { kind: 'placed' }>, match: Match, index: LineIndex, quote: boolean): Placement {
  const { candidate } = choice;
  const tolerances: string[] = [];
  if (match === 'similar') {
    for (const [i, fileLine] of candidate.similarLines) {
      tolerances.push(
        quote
          ? `context line "${clip(old[i].text.trim(), 60)}" differs from the file's line ${fileLine + 1} "${clip(index.lines[fileLine].trim(), 60)}"; kept the file's line`
          : `its context line ${i + 1} differs from the file's line ${fileLine + 1}; kept the file's line`,
      );
    }
  } else if (match === 'whitespace') {
    tolerances.push("its lines differ from the file's only in whitespace (indentation not shifted evenly, or spacing) and fit one place; kept the file's lines and indented the added ones like the lines they replace");
  } else if (candidate.spaceWasContent) {
    tolerances.push("read the leading space of context lines as part of the line (their ' ' prefix was missing)");
  } else if (!candidate.reindent.identity) {
    tolerances.push(`its lines are indented differently from the file's; re-indented them as a block (${candidate.reindent.describe()})`);
  } else {
    const words = levelTolerance(match);
    if (words) tolerances.push(words);
  }
  const dropped = hunk.lines.length - lines.length;
  if (dropped > 0) tolerances.push(`dropped ${dropped} blank context line${dropped > 1 ? 's' : ''} at its edges that the file does not have there`);
  if (hunk.lines.some((l) => l.unprefixed)) tolerances.push("read context lines that lacked their leading ' '");
  if (hunk.oldStart !== undefined && Math.abs(hunk.oldStart - 1 - candidate.start) > 0) {
    tolerances.push(`its header said line ${hunk.oldStart}; its lines are at line ${candidate.start + 1}`);
  }
  tolerances.push(...choice.notes);
  // No one shift fits the whole hunk: each added line is indented like the file line it replaces.
  const applied = match === 'whitespace' ? indentAddedLines(lines, (i) => index.lines[candidate.start + i]) : lines;
  return { start: candidate.start, lines: applied, oldLength: old.length, reindent: candidate.reindent, tolerances, differing: candidate.similarLines.length };
}

/**
 * The same hunk placed approximately twice, with and without its blank edge lines: the place that
 * differs in fewer lines wins; the same place, the whole hunk; a tie between two places is ambiguous.
 */
function closerOfTwo(whole: Placement, edgesDropped: Placement, leadingDropped: number): Location {
  if (edgesDropped.differing < whole.differing) return { ok: true, placement: edgesDropped };
  if (edgesDropped.differing > whole.differing || whole.start + leadingDropped === edgesDropped.start) return { ok: true, placement: whole };
  return { ok: false, failure: { kind: 'ambiguous', starts: [whole.start, edgesDropped.start] } };
}

/**
 * A hunk that only adds lines: placed by `*** End of File` or its anchor. A header's line number alone
 * is not trusted (models miscount), so an insertion with no context into a non-empty file is refused.
 */
function placeInsertion(hunk: Hunk, index: LineIndex, anchors: Anchors, minStart: number): Location {
  const at = (start: number): Location => ({
    ok: true,
    placement: { start, lines: hunk.lines, oldLength: 0, reindent: NO_SHIFT, tolerances: [], differing: 0 },
  });
  if (hunk.atEndOfFile) return at(index.length);
  if (hunk.anchors.length > 0) {
    const ends = anchors.chainEnds(hunk.anchors).filter((line) => line + 1 >= minStart);
    if (ends.length === 1) return at(ends[0] + 1);
    if (ends.length === 0) return { ok: false, failure: { kind: 'anchor-missing' } };
    return { ok: false, failure: { kind: 'ambiguous', starts: ends.map((e) => e + 1) } };
  }
  if (index.length === 0) return at(0);
  return { ok: false, failure: { kind: 'no-context' } };
}

/**
 * The hunk's lines, then the same with blank context lines dropped from its edges, fewest first and
 * trailing ones before leading ones (models add blank lines between sections); never all its old lines.
 */
function blankEdgeShapes(lines: HunkLine[]): HunkLine[][] {
  let leading = 0;
  while (leading < lines.length && isBlankContext(lines[leading])) leading++;
  let trailing = 0;
  while (trailing < lines.length - leading && isBlankContext(lines[lines.length - 1 - trailing])) trailing++;
  const shapes = [lines];
  for (let dropped = 1; dropped <= leading + trailing; dropped++) {
    for (let end = Math.min(dropped, trailing); end >= Math.max(0, dropped - leading); end--) {
      const shape = lines.slice(dropped - end, lines.length - end);
      if (shape.some((l) => l.op !== 'add')) shapes.push(shape);
    }
  }
  return shapes;
}

function isBlankContext(line: HunkLine): boolean {
  return line.op === 'context' && line.text.trim() === '';
}
