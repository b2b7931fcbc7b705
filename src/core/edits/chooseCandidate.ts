import type { Anchors } from './anchors';
import type { Candidate } from './findCandidates';
import type { LineIndex } from './lineIndex';

/** What is known about where a hunk goes besides its lines. */
export interface HunkPosition {
  /** First line the hunk may start at: hunks apply in order and do not overlap. */
  minStart: number;
  /**
   * 0-based lines the header's line number points at: as written, and adjusted by how far earlier hunks
   * were off. They must agree on a place to decide anything.
   */
  hints: readonly number[];
  anchors: readonly string[];
  atEndOfFile: boolean;
  oldLength: number;
  /** The candidates come from the similar-line search. */
  similar: boolean;
  /**
   * The candidates match only when whitespace is ignored, not as one shifted block: taken only where
   * one place fits (its `@@` anchor may pick it), never by the header's line number.
   */
  uniqueOnly?: boolean;
}

export type Choice =
  | { kind: 'placed'; candidate: Candidate; notes: string[] }
  /** Several places fit equally well: refused, a wrong edit is worse than none. */
  | { kind: 'ambiguous'; starts: number[] }
  /** The lines only occur before the end of the previous hunk. */
  | { kind: 'out-of-order'; starts: number[] };

/**
 * Picks the one place a careful person would apply the hunk: after the previous hunk, at the end of
 * the file when it says so, under the next occurrence of its `@@` anchor, then nearest its header's
 * line number (only when clearly nearer). Anything still tied is ambiguous.
 */
export function chooseCandidate(found: readonly Candidate[], position: HunkPosition, index: LineIndex, anchors: Anchors): Choice {
  const notes: string[] = [];
  let pool = found.filter((c) => c.start >= position.minStart);
  if (pool.length === 0) return { kind: 'out-of-order', starts: found.map((c) => c.start) };
  if (position.atEndOfFile) {
    const atEnd = pool.filter((c) => onlyBlankAfter(index, c.start + position.oldLength));
    if (atEnd.length > 0) pool = atEnd;
    else notes.push("its lines are not at the end of the file as '*** End of File' said; placed where they are");
  }
  const anchored = position.anchors.length > 0 ? byAnchors(pool, position.anchors, anchors, position.minStart) : [];
  // A match that already tolerates wrong lines is not narrowed by anchors or line numbers, only by one
  // place clearly differing least: fewer differing lines, or the same number much closer to the file's.
  if (position.similar && pool.length > 1) {
    const differing = (c: Candidate) => c.similarLines.length;
    const [best, next] = [...pool].sort((a, b) => differing(a) - differing(b) || a.distance - b.distance);
    const fewer = differing(best) < differing(next) && best.distance <= next.distance;
    const closer = differing(best) === differing(next) && next.distance >= 2 * best.distance && next.distance - best.distance >= 3;
    if (fewer || closer) {
      notes.push(`its lines fit ${pool.length} places only approximately; chose the one that differs least`);
      return { kind: 'placed', candidate: best, notes };
    }
    return { kind: 'ambiguous', starts: pool.map((c) => c.start) };
  }
  if (position.uniqueOnly && pool.length > 1) {
    return anchored.length === 1 ? { kind: 'placed', candidate: anchored[0], notes } : { kind: 'ambiguous', starts: pool.map((c) => c.start) };
  }
  if (pool.length === 1) {
    if (position.anchors.length > 0 && anchored.length === 0) {
      notes.push(`'@@ ${position.anchors.join(' / ')}' was not found above its lines; placed by the lines alone`);
    }
    return { kind: 'placed', candidate: pool[0], notes };
  }
  if (anchored.length === 1) return { kind: 'placed', candidate: anchored[0], notes };
  if (anchored.length > 1) pool = anchored;
  const byHint = position.hints.map((hint) => nearest(pool, hint));
  if (byHint.length > 0 && byHint.every((c) => c !== undefined && c === byHint[0])) {
    notes.push(`its lines occur ${pool.length} times; chose the one nearest the header's line number`);
    return { kind: 'placed', candidate: byHint[0]!, notes };
  }
  return { kind: 'ambiguous', starts: pool.map((c) => c.start) };
}

/**
 * Candidates the anchor points at, read as the format defines it: the next occurrence of the anchor
 * from the previous hunk on (or the one whose block still encloses it), then the hunk's lines inside
 * that anchor's block, or the first after it when the anchor line opens no indented block.
 */
function byAnchors(pool: readonly Candidate[], anchorTexts: readonly string[], anchors: Anchors, minStart: number): Candidate[] {
  for (const line of anchors.chainEnds(anchorTexts)) {
    const end = anchors.blockEnd(line);
    if (line < minStart && (end === undefined || end < minStart)) continue;
    const picked = end !== undefined ? pool.filter((c) => c.start >= line && c.start <= end) : pool.filter((c) => c.start >= line).slice(0, 1);
    if (picked.length > 0) return picked;
  }
  return [];
}

/** The candidate clearly nearest a line: at most half as far as any other. */
function nearest(pool: readonly Candidate[], hint: number): Candidate | undefined {
  const byDistance = [...pool].sort((a, b) => Math.abs(a.start - hint) - Math.abs(b.start - hint));
  const best = Math.abs(byDistance[0].start - hint);
  const next = Math.abs(byDistance[1].start - hint);
  return best * 2 < next ? byDistance[0] : undefined;
}

function onlyBlankAfter(index: LineIndex, from: number): boolean {
  for (let i = from; i < index.length; i++) if (index.lines[i].trim() !== '') return false;
  return true;
}
