import type { LineIndex } from './lineIndex';
import { Level, indentWidth, lineKey } from './lineKeys';
import type { HunkLine } from './patchModel';
import { inferReindent, NO_SHIFT, type Reindent } from './reindent';
import { editDistance, lineSimilarity } from './similarity';

/** A place where a hunk's old lines match the file, and how. */
export interface Candidate {
  start: number;
  reindent: Reindent;
  /** Context lines accepted as similar rather than equal: [index in old side, file line]. */
  similarLines: Array<[number, number]>;
  /** Total edit distance of the similar lines to the file's. */
  distance: number;
  /** Context lines' leading space was read as part of the line (the model dropped their prefix). */
  spaceWasContent?: boolean;
}

/** How alike a context line must be to the file's line to count as the model's slightly wrong copy. */
const SIMILAR_ENOUGH = 0.66;
/** Past this many occurrences a line says little about where a hunk is; the fuzzy search skips it. */
const COMMON_LINE = 500;

/** The texts an old line may have in the file: itself, and with its space if that may be content. */
function variants(line: HunkLine): string[] {
  return line.spaceMayBeContent ? [line.text, ` ${line.text}`] : [line.text];
}

/** Every start where the old lines match at `level` (indentation level: only as a consistently shifted block). */
export function findAtLevel(index: LineIndex, old: readonly HunkLine[], added: readonly HunkLine[], level: Level): Candidate[] {
  const found: Candidate[] = [];
  for (const start of matchingStarts(index, old, level)) {
    // Levels below Indentation compare indentation too, so the lines already sit at the file's indentation.
    const shift = level === Level.Indentation ? blockShift(index, old, start, () => true, added) : { reindent: NO_SHIFT };
    if (shift) found.push({ start, ...shift, similarLines: [], distance: 0 });
  }
  return found;
}

/**
 * Every start where the old lines match once all whitespace is ignored (indentation, trailing and
 * inner spaces), whether or not one shift maps the hunk's indentation onto the file's: Codex's fully
 * trimmed match. The added lines are indented line by line once a place is chosen (`indentAddedLines`).
 */
export function findIgnoringWhitespace(index: LineIndex, old: readonly HunkLine[]): Candidate[] {
  return matchingStarts(index, old, Level.Indentation).map((start) => ({ start, reindent: NO_SHIFT, similarLines: [], distance: 0 }));
}

/** The starts, ascending, where every old line's key at `level` equals the file line's. */
function matchingStarts(index: LineIndex, old: readonly HunkLine[], level: Level): number[] {
  const k = old.length;
  const keys = old.map((line) => [...new Set(variants(line).map((v) => lineKey(v, level)))]);
  let rarest = -1;
  let rarestCount = Infinity;
  for (let i = 0; i < k; i++) {
    const count = keys[i].reduce((sum, key) => sum + index.occurrences(key, level).length, 0);
    if (count < rarestCount) {
      rarest = i;
      rarestCount = count;
      if (count === 0) return [];
    }
  }
  const starts = new Set<number>();
  for (const key of keys[rarest]) {
    for (const at of index.occurrences(key, level)) {
      const start = at - rarest;
      if (start >= 0 && start + k <= index.length) starts.add(start);
    }
  }
  const matching: number[] = [];
  for (const start of [...starts].sort((a, b) => a - b)) {
    let matches = true;
    for (let i = 0; i < k && matches; i++) matches = keys[i].includes(index.key(start + i, level));
    if (matches) matching.push(start);
  }
  return matching;
}

/**
 * Starts where every deleted line matches (ignoring indentation and look-alikes) and a few context
 * lines are only similar: the model's slightly wrong copy of a line. Bounded: candidates come from
 * where the hunk's distinctive lines occur, never from a scan of the whole file per hunk, and every
 * place that could qualify is considered, so ambiguity is never hidden by a cut-off.
 */
export function findSimilar(index: LineIndex, old: readonly HunkLine[], added: readonly HunkLine[]): Candidate[] {
  const k = old.length;
  const allowed = Math.floor(k / 3);
  if (allowed === 0) return [];
  const keys = old.map((line) => lineKey(line.text, Level.Indentation));
  const nonBlank = keys.filter((key) => key !== '').length;
  const needed = Math.max(2, Math.ceil(nonBlank * 0.6));
  const found: Candidate[] = [];
  for (const start of similarStarts(index, keys, allowed)) {
    const similarLines: Array<[number, number]> = [];
    let matchedNonBlank = 0;
    let ok = true;
    for (let i = 0; i < k && ok; i++) {
      const fileKey = index.key(start + i, Level.Indentation);
      if (fileKey === keys[i]) {
        if (fileKey !== '') matchedNonBlank++;
        continue;
      }
      ok = old[i].op === 'context' && similarLines.length < allowed && keys[i] !== '' && fileKey !== '' && lineSimilarity(fileKey, keys[i], SIMILAR_ENOUGH) >= SIMILAR_ENOUGH;
      if (ok) similarLines.push([i, start + i]);
    }
    if (!ok || similarLines.length === 0 || matchedNonBlank < needed) continue;
    // A similar line's indentation usually still tells how the block is shifted; if it disagrees, the rest decide.
    const exact = new Set(similarLines.map(([i]) => i));
    const shift = blockShift(index, old, start, () => true, added) ?? blockShift(index, old, start, (i) => !exact.has(i), added);
    const distance = similarLines.reduce((sum, [i, line]) => sum + editDistance(keys[i], index.key(line, Level.Indentation)), 0);
    if (shift) found.push({ start, ...shift, similarLines, distance });
  }
  return found;
}

/**
 * Every start where enough of the hunk's distinctive lines sit: a place with at most `allowed` lines
 * differing matches all but `allowed` of them. Lines too common to say anything are not counted, and
 * when too few distinctive lines remain, no start is proposed (no scan of the whole file).
 */
function similarStarts(index: LineIndex, keys: readonly string[], allowed: number): number[] {
  const votes = new Map<number, number>();
  let distinctive = 0;
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] === '') continue;
    const at = index.occurrences(keys[i], Level.Indentation);
    if (at.length > COMMON_LINE) continue;
    distinctive++;
    for (const line of at) {
      const start = line - i;
      if (start >= 0 && start + keys.length <= index.length) votes.set(start, (votes.get(start) ?? 0) + 1);
    }
  }
  const needed = distinctive - allowed;
  if (needed < 1) return [];
  return [...votes.entries()].filter(([, count]) => count >= needed).map(([start]) => start).sort((x, y) => x - y);
}

/**
 * The shift that maps the hunk's indentation onto the file at `start`. A context line's leading space
 * is its prefix, or, if the model dropped prefixes, the line's own first character. A reading that
 * matches the file's indentation exactly wins (the first one first), then the only consistent one.
 * When both are consistent but shift the added lines differently, the first stands unless some line of
 * the hunk did lose its prefix; then the one putting added lines on the file's indentation grid wins,
 * and if that does not decide, the place is rejected. Only lines for which `counts(i)` holds take part.
 */
function blockShift(
  index: LineIndex,
  old: readonly HunkLine[],
  start: number,
  counts: (i: number) => boolean,
  added: readonly HunkLine[],
): { reindent: Reindent; spaceWasContent?: boolean } | undefined {
  const spaceLed = (line: HunkLine) => line.op === 'context' && !line.unprefixed && line.text !== '';
  const reading = (spaceIsContent: boolean) =>
    inferReindent(
      old.flatMap((line, i) => (counts(i) ? [[spaceIsContent && spaceLed(line) ? ` ${line.text}` : line.text, index.lines[start + i]] as const] : [])),
    );
  const asPrefix = reading(false);
  const asContent = old.some(spaceLed) ? reading(true) : undefined;
  if (asPrefix?.identity) return { reindent: asPrefix };
  if (asContent?.identity) return { reindent: asContent, spaceWasContent: true };
  if (!asPrefix) return asContent ? { reindent: asContent, spaceWasContent: true } : undefined;
  if (!asContent || !old.some((l) => l.unprefixed) || added.every((l) => asContent.apply(l.text) === asPrefix.apply(l.text))) {
    return { reindent: asPrefix };
  }
  const unit = index.indentUnit();
  const onGrid = (r: Reindent) => added.every((l) => l.text.trim() === '' || indentWidth(r.apply(l.text)) % unit === 0);
  if (onGrid(asPrefix) === onGrid(asContent)) return undefined;
  return onGrid(asPrefix) ? { reindent: asPrefix } : { reindent: asContent, spaceWasContent: true };
}
