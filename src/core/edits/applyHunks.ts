import { Anchors } from './anchors';
import { hasFinalNewline, joinLines, splitLines, type FileLines } from './fileText';
import { LineIndex } from './lineIndex';
import { locateHunk, type Placement } from './locateHunk';
import { hasChanges, type Hunk } from './patchModel';
import { describeFailure } from './refusal';

export type HunksResult = { ok: true; text: string; tolerances: string[] } | { ok: false; error: string };

/**
 * Applies a file's hunks to its current text, all or none: each hunk is placed after the previous
 * one, and the new text keeps the file's line endings, final newline and byte order mark. With
 * `quote` false, no message (refusal or tolerance) shows any of the file's lines or the hunk's.
 */
export function applyHunks(path: string, text: string, hunks: readonly Hunk[], quote = true): HunksResult {
  const applyAll = (all: readonly Hunk[]) => applyInOrder(path, text, all, quote);
  const first = applyAll(hunks);
  if (first.ok || !hunks.some((h) => h.lines.some((l) => l.text.includes('\\"')))) return first;
  // The patch may have reached us JSON-escaped once too often (\" for "): try it unescaped.
  const unescaped = hunks.map((h) => ({ ...h, lines: h.lines.map((l) => ({ ...l, text: l.text.replace(/\\"/g, '"') })) }));
  const second = applyAll(unescaped);
  if (!second.ok) return first;
  return { ...second, tolerances: [`${path}: read \\" in the patch as " (it was escaped twice)`, ...second.tolerances] };
}

function applyInOrder(path: string, text: string, hunks: readonly Hunk[], quote: boolean): HunksResult {
  const file = splitLines(text);
  const index = new LineIndex(file.lines, lookedFor(hunks));
  const anchors = new Anchors(index);
  const placements: Placement[] = [];
  const tolerances: string[] = [];
  let minStart = 0;
  let offset = 0;
  for (let n = 0; n < hunks.length; n++) {
    const hunk = hunks[n];
    const label = `${path} hunk ${n + 1}`;
    const changes = hasChanges(hunk);
    if (!changes && hunk.lines.every((l) => l.text.trim() === '')) continue;
    const hints = hunk.oldStart === undefined ? [] : [...new Set([hunk.oldStart - 1, hunk.oldStart - 1 + offset].map((h) => Math.max(0, h)))];
    const located = locateHunk(hunk, index, anchors, minStart, hints, quote);
    if (!located.ok) {
      if (!changes) {
        // Lines with nothing to change only narrow where later hunks go; unplaceable, they are dropped.
        tolerances.push(`${label}: ignored a hunk with no changes whose lines could not be placed`);
        continue;
      }
      return { ok: false, error: `${hunkName(path, n, hunks.length, hunk)} was refused: ${describeFailure(located.failure, index, hunk, quote)}` };
    }
    const placed = located.placement;
    for (const t of placed.tolerances) tolerances.push(`${label}: ${t}`);
    minStart = placed.start + placed.oldLength;
    if (hunk.oldStart !== undefined) offset = placed.start - (hunk.oldStart - 1);
    if (changes) placements.push(placed);
  }
  return { ok: true, text: joinLines(rebuild(file, placements)), tolerances };
}

/** Every text the hunks may look for in the file: old lines (with and without a leading space) and anchors. */
function* lookedFor(hunks: readonly Hunk[]): Iterable<string> {
  for (const hunk of hunks) {
    yield* hunk.anchors;
    for (const line of hunk.lines) {
      if (line.op === 'add') continue;
      yield line.text;
      yield ` ${line.text}`;
    }
  }
}

function hunkName(path: string, n: number, total: number, hunk: Hunk): string {
  return `${path}: hunk ${n + 1} of ${total} (patch line ${hunk.patchLine})`;
}

/** The file with every placed hunk applied; context lines keep the file's text, added lines get its line ending. */
function rebuild(file: FileLines, placements: readonly Placement[]): FileLines {
  const lines: string[] = [];
  const endings: string[] = [];
  let cursor = 0;
  const copyTo = (end: number) => {
    for (; cursor < end; cursor++) {
      lines.push(file.lines[cursor]);
      endings.push(file.endings[cursor]);
    }
  };
  for (const placed of placements) {
    copyTo(placed.start);
    for (const line of placed.lines) {
      if (line.op === 'context') copyTo(cursor + 1);
      else if (line.op === 'delete') cursor++;
      else {
        lines.push(placed.reindent.apply(line.text));
        endings.push(file.eol);
      }
    }
  }
  copyTo(file.lines.length);
  // Only the last line may lack a newline, and it does exactly when the original's did.
  const finalNewline = hasFinalNewline(file);
  for (let i = 0; i < endings.length; i++) {
    if (i < endings.length - 1 || finalNewline) {
      if (endings[i] === '') endings[i] = file.eol;
    } else endings[i] = '';
  }
  return { ...file, lines, endings };
}
