import { Level, indentWidth, lineKey } from './lineKeys';

/**
 * Where a patch's lines occur in one file, at each level of strictness. Only the keys the patch can
 * ask for are indexed, in one pass over the file per level and only for the levels a hunk needs:
 * finding a hunk costs a lookup of its rarest line plus a check of each place that line occurs.
 */
export class LineIndex {
  private readonly wanted = new Map<Level, Set<string>>();
  private readonly positions = new Map<Level, Map<string, number[]>>();
  private unit: number | undefined;
  private readonly texts: readonly string[];

  /** `texts`: every line text (context, deleted, anchor) the patch may look for. */
  constructor(
    readonly lines: readonly string[],
    texts: Iterable<string>,
  ) {
    this.texts = [...texts];
  }

  get length(): number {
    return this.lines.length;
  }

  /** The key of line `i` at a level. */
  key(i: number, level: Level): string {
    return lineKey(this.lines[i], level);
  }

  /** The 0-based lines whose key at `level` is `key`, ascending. */
  occurrences(key: string, level: Level): readonly number[] {
    let map = this.positions.get(level);
    if (!map || !map.has(key)) {
      let wanted = this.wanted.get(level);
      if (!wanted) {
        wanted = new Set();
        for (const text of this.texts) wanted.add(lineKey(text, level));
        this.wanted.set(level, wanted);
      }
      wanted.add(key); // a key the patch did not announce costs one more pass
      map = this.scan(level, wanted);
      this.positions.set(level, map);
    }
    return map.get(key)!;
  }

  /** The file's indentation step in columns (from the gcd of its indents), 2 when nothing is indented. */
  indentUnit(): number {
    if (this.unit === undefined) {
      let g = 0;
      for (const line of this.lines) {
        const w = indentWidth(line);
        // ` * ` continuation lines of block comments sit one column off the grid.
        if (w > 0 && line.trim() !== '' && !line.trimStart().startsWith('*')) g = gcd(g, w);
        if (g === 1) break;
      }
      // One depth seen (all lines at 12 columns) says little: take the usual step it is a multiple of.
      this.unit = g === 0 ? 2 : g % 4 === 0 ? 4 : g % 2 === 0 ? 2 : g;
    }
    return this.unit;
  }

  private scan(level: Level, wanted: ReadonlySet<string>): Map<string, number[]> {
    const map = new Map<string, number[]>();
    for (const key of wanted) map.set(key, []);
    const lines = this.lines;
    for (let i = 0; i < lines.length; i++) {
      const list = map.get(level === Level.Exact ? lines[i] : lineKey(lines[i], level));
      if (list) list.push(i);
    }
    return map;
  }
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
