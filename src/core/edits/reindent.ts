import { indentOf, indentWidth } from './lineKeys';
import type { HunkLine } from './patchModel';

/**
 * How a hunk written at the wrong indentation maps onto the file: the same shift for every line
 * (or a consistent change of indent unit, e.g. 2 spaces in the patch for 4 in the file, or spaces for tabs).
 * Added lines get the same shift so they land at the indentation the file uses there.
 */
export interface Reindent {
  readonly identity: boolean;
  /** The added line re-indented for the file. */
  apply(line: string): string;
  describe(): string;
}

/** The shift of a hunk already at the file's indentation. */
export const NO_SHIFT: Reindent = { identity: true, apply: (line) => line, describe: () => 'no change' };

/**
 * The single shift that maps every patch line's indentation to its matched file line's, or undefined
 * when the lines are indented inconsistently (then they are not the same block). Blank lines are ignored.
 */
export function inferReindent(pairs: ReadonlyArray<readonly [patchLine: string, fileLine: string]>): Reindent | undefined {
  const indents = pairs
    .filter(([p, f]) => p.trim() !== '' && f.trim() !== '')
    .map(([p, f]) => [indentOf(p), indentOf(f)] as const);
  if (indents.every(([p, f]) => p === f)) return NO_SHIFT;
  const added = commonPrefixShift(indents);
  if (added !== undefined) return prefixShift(added, '');
  const removed = commonPrefixShift(indents.map(([p, f]) => [f, p] as const));
  const byWidth = widthShiftFor(indents);
  if (removed !== undefined) return prefixShift('', removed, byWidth);
  return byWidth;
}

function widthShiftFor(indents: ReadonlyArray<readonly [string, string]>): Reindent | undefined {
  const fileUsesTabs = indents.some(([, f]) => f.includes('\t'));
  const [p0, f0] = indents[0];
  for (const tab of [4, 2, 8]) {
    // The same shift for every line, counted in columns (this also turns spaces into tabs or back).
    const offset = width(f0, tab) - width(p0, tab);
    if (indents.every(([p, f]) => width(f, tab) === width(p, tab) + offset)) return widthShift(tab, 1, offset, fileUsesTabs);
    // A different indent unit (2 spaces for 4): every indent scaled, seen on at least two depths.
    const depths = new Set(indents.map(([p]) => width(p, tab)).filter((w) => w > 0));
    if (depths.size < 2) continue;
    for (const ratio of [2, 0.5]) {
      if (indents.every(([p, f]) => width(f, tab) === ratio * width(p, tab))) return widthShift(tab, ratio, 0, fileUsesTabs);
    }
  }
  return undefined;
}

/** The string P with `file = P + patch` for every pair, if there is one. */
function commonPrefixShift(indents: ReadonlyArray<readonly [string, string]>): string | undefined {
  let shift: string | undefined;
  for (const [p, f] of indents) {
    if (!f.endsWith(p)) return undefined;
    const extra = f.slice(0, f.length - p.length);
    if (shift === undefined) shift = extra;
    else if (shift !== extra) return undefined;
  }
  return shift;
}

function prefixShift(add: string, remove: string, fallback?: Reindent): Reindent {
  return {
    identity: false,
    apply(line) {
      if (line.trim() === '') return line;
      if (remove !== '' && !line.startsWith(remove)) return fallback ? fallback.apply(line) : line;
      return add + line.slice(remove.length);
    },
    describe: () => (add !== '' ? `indented ${describeIndent(add)} deeper` : `indented ${describeIndent(remove)} shallower`),
  };
}

function widthShift(tab: number, ratio: number, offset: number, tabs: boolean): Reindent {
  return {
    identity: false,
    apply(line) {
      if (line.trim() === '') return line;
      const indent = indentOf(line);
      const target = Math.max(0, Math.round(ratio * width(indent, tab) + offset));
      const rendered = tabs ? '\t'.repeat(Math.floor(target / tab)) + ' '.repeat(target % tab) : ' '.repeat(target);
      return rendered + line.slice(indent.length);
    },
    describe: () => {
      const parts: string[] = [];
      if (ratio !== 1) parts.push(`indent unit scaled ×${ratio}`);
      if (offset !== 0) parts.push(`shifted ${offset > 0 ? '+' : ''}${offset} columns`);
      parts.push(tabs ? 'tabs' : 'spaces');
      return parts.join(', ');
    },
  };
}

const width = indentWidth;

function describeIndent(indent: string): string {
  const tabs = [...indent].filter((c) => c === '\t').length;
  const spaces = indent.length - tabs;
  return [tabs ? `${tabs} tab${tabs > 1 ? 's' : ''}` : '', spaces ? `${spaces} space${spaces > 1 ? 's' : ''}` : ''].filter(Boolean).join(' and ');
}

/** A line as the patch has it and as the file has it. */
interface Pair {
  patch: string;
  file: string;
}

/**
 * The hunk's lines with each added line indented for the file, for a hunk whose old lines are indented
 * unevenly (no single shift fits them): an added line takes the indentation of the file line it
 * replaces (a deleted line of its own change that the patch indents the same, else the one at its
 * rank), moved by as many columns as the patch indents it deeper or shallower than that line. A pure
 * insertion is indented from the unchanged line before or after it in the same way (when both are
 * indented like it in the patch, the deeper in the file: the inside of the block). `fileLine(i)` is
 * the file's text of the hunk's i-th old line. Linear in the hunk's length.
 */
export function indentAddedLines(lines: readonly HunkLine[], fileLine: (oldIndex: number) => string): HunkLine[] {
  const pairs: Array<Pair | undefined> = [];
  let n = 0;
  for (const line of lines) {
    if (line.op === 'add') pairs.push(undefined);
    else {
      const file = fileLine(n++);
      pairs.push(line.text.trim() !== '' && file.trim() !== '' ? { patch: line.text, file } : undefined);
    }
  }
  // The first non-blank context line from each position on, for insertions.
  const nextContext: Array<Pair | undefined> = new Array(lines.length + 1).fill(undefined);
  for (let q = lines.length - 1; q >= 0; q--) nextContext[q] = lines[q].op === 'context' ? (pairs[q] ?? nextContext[q + 1]) : nextContext[q + 1];
  const out = [...lines];
  let before: Pair | undefined;
  for (let p = 0; p < lines.length; ) {
    if (lines[p].op === 'context') {
      before = pairs[p] ?? before;
      p++;
      continue;
    }
    let end = p;
    while (end < lines.length && lines[end].op !== 'context') end++;
    const after = nextContext[end];
    const deleted = new ReplacedLines(pairs.slice(p, end).filter((pair): pair is Pair => pair !== undefined));
    let rank = 0;
    for (let q = p; q < end; q++) {
      const line = lines[q];
      if (line.op !== 'add' || line.text.trim() === '') continue;
      const ref = deleted.for(line.text, rank++) ?? besideInsertion(line.text, before, after);
      if (ref) out[q] = { ...line, text: indentLike(line.text, ref) };
    }
    p = end;
  }
  return out;
}

/** The deleted lines of one change, found by how the patch indents them. */
class ReplacedLines {
  private readonly byWidth = new Map<number, number[]>();

  constructor(private readonly deleted: readonly Pair[]) {
    deleted.forEach((pair, i) => {
      const w = width(pair.patch);
      const at = this.byWidth.get(w) ?? [];
      at.push(i);
      this.byWidth.set(w, at);
    });
  }

  /** The one the patch indents like `text`, nearest its rank among the added lines; else the one at its rank. */
  for(text: string, rank: number): Pair | undefined {
    if (this.deleted.length === 0) return undefined;
    const same = this.byWidth.get(width(text));
    if (!same) return this.deleted[Math.min(rank, this.deleted.length - 1)];
    let lo = 0;
    let hi = same.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (same[mid] < rank) lo = mid + 1;
      else hi = mid;
    }
    const nearest = lo > 0 && rank - same[lo - 1] <= same[lo] - rank ? same[lo - 1] : same[lo];
    return this.deleted[nearest];
  }
}

/** For a pure insertion: the neighbour the patch indents alike (the deeper in the file), else the one before. */
function besideInsertion(text: string, before?: Pair, after?: Pair): Pair | undefined {
  const neighbours = [before, after].filter((pair): pair is Pair => pair !== undefined);
  const same = neighbours.filter((pair) => width(pair.patch) === width(text));
  if (same.length > 0) return same.reduce((a, b) => (width(b.file) > width(a.file) ? b : a));
  return neighbours[0];
}

/** `text` indented where the file has `ref`, plus the columns the patch puts between them. */
function indentLike(text: string, ref: Pair): string {
  const body = text.slice(indentOf(text).length);
  const fileIndent = indentOf(ref.file);
  if (indentOf(text) === indentOf(ref.patch)) return fileIndent + body;
  const target = Math.max(0, width(ref.file) + width(text) - width(ref.patch));
  const TAB = 4;
  const rendered = fileIndent.includes('\t') ? '\t'.repeat(Math.floor(target / TAB)) + ' '.repeat(target % TAB) : ' '.repeat(target);
  return rendered + body;
}
