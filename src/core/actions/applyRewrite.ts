import type { ErrorInfo } from '../errors';
import type { OffsetRange } from './text';

/** The document and range as they were when the action was requested. */
export interface RangeSnapshot {
  text: string;
  range: OffsetRange;
}

export type LocateResult = { ok: true; range: OffsetRange; moved: boolean } | { ok: false; error: ErrorInfo };

export type RewriteResult =
  | { ok: true; text: string; /** the span replaced, in the current text */ replaced: OffsetRange; /** the new code's span in the result */ inserted: OffsetRange }
  | { ok: false; error: ErrorInfo };

const CONTEXT = 2000;
const MAX_CANDIDATES = 1000;

function commonSuffix(a: string, b: string, cap: number): number {
  let n = 0;
  while (n < cap && n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

function commonPrefix(a: string, b: string, from: number, cap: number): number {
  let n = 0;
  while (n < cap && n < a.length && from + n < b.length && a[n] === b[from + n]) n++;
  return n;
}

function stale(message: string): LocateResult {
  return { ok: false, error: { kind: 'tool', message } };
}

/**
 * Finds the snapshot's range in the current text. Unchanged documents keep the offsets; otherwise the
 * range's original text is searched for, and an occurrence qualifies when the text on at least one side
 * of it is exactly as it was (an edit elsewhere leaves one side intact). Refuses when the text is gone,
 * or when several places qualify and not exactly one of them has both sides intact.
 */
export function locateRange(current: string, snapshot: RangeSnapshot): LocateResult {
  const { start, end } = snapshot.range;
  if (current === snapshot.text) return { ok: true, range: { start, end }, moved: false };
  const target = snapshot.text.slice(start, end);
  const before = snapshot.text.slice(Math.max(0, start - CONTEXT), start);
  const after = snapshot.text.slice(end, end + CONTEXT);
  if (target === '') {
    // An insertion point has no text of its own to find again; guessing could put code in the wrong place.
    return stale('The document changed since the request and the insertion point cannot be found reliably; nothing was applied. Run the action again.');
  }
  const candidates: number[] = [];
  for (let i = current.indexOf(target); i !== -1 && candidates.length < MAX_CANDIDATES; i = current.indexOf(target, i + 1)) candidates.push(i);
  if (candidates.length === 0) {
    return stale('The code this change was written for has been edited since the request, so the change was not applied. Run the action again on the current code.');
  }
  // Context that reaches the document's start (or end) must reach it in the current text too.
  const beforeIsWholePrefix = start <= CONTEXT;
  const afterIsWholeSuffix = end + CONTEXT >= snapshot.text.length;
  const scored = candidates.map((at) => {
    const matchedBefore = commonSuffix(before, current.slice(Math.max(0, at - CONTEXT), at), CONTEXT);
    const matchedAfter = commonPrefix(after, current, at + target.length, CONTEXT);
    const beforeIntact = matchedBefore === before.length && (!beforeIsWholePrefix || at === before.length);
    const afterIntact = matchedAfter === after.length && (!afterIsWholeSuffix || current.length - at - target.length === after.length);
    // Where the document changed only on one side of the range, the true place keeps the other side intact.
    return { at, oneSideIntact: beforeIntact || afterIntact, bothIntact: beforeIntact && afterIntact };
  });
  const plausible = scored.filter((c) => c.oneSideIntact);
  if (plausible.length === 0) {
    return stale('The document changed around the selected code since the request, so it is unclear where the change belongs; it was not applied. Run the action again.');
  }
  const exact = plausible.filter((c) => c.bothIntact);
  const chosen = plausible.length === 1 ? plausible[0] : exact.length === 1 ? exact[0] : undefined;
  if (!chosen) {
    return stale(`The document changed since the request and the selected code now appears in ${plausible.length} places that could be the original, so the change was not applied. Run the action again.`);
  }
  const at = chosen.at;
  return { ok: true, range: { start: at, end: at + target.length }, moved: at !== start };
}

/**
 * Replaces exactly the snapshot's range in the current text with `replacement`, re-locating the range
 * if the document changed, and verifies that nothing outside the range differs from the current text.
 */
export function applyRangeRewrite(current: string, snapshot: RangeSnapshot, replacement: string): RewriteResult {
  const located = locateRange(current, snapshot);
  if (!located.ok) return located;
  const { start, end } = located.range;
  const text = current.slice(0, start) + replacement + current.slice(end);
  const outsideUnchanged =
    text.length === current.length - (end - start) + replacement.length &&
    text.startsWith(current.slice(0, start)) &&
    text.endsWith(current.slice(end)) &&
    text.slice(start, start + replacement.length) === replacement;
  if (!outsideUnchanged) {
    return { ok: false, error: { kind: 'tool', message: 'Internal check failed: the rewrite would have changed text outside the selected range; nothing was applied.' } };
  }
  return { ok: true, text, replaced: { start, end }, inserted: { start, end: start + replacement.length } };
}
