import { indentOf, indentWidth } from './lineKeys';

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
