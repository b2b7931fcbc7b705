import type { LineIndex } from './lineIndex';
import { Level, indentWidth, lineKey } from './lineKeys';

const CLOSER = /^\s*([}\])]|end\b|fi\b|done\b|esac\b)/;
const REOPENS = /[{([:]\s*$/;
/** Shorter anchors are too common to be found by prefix. */
const MIN_PREFIX_ANCHOR = 6;

/**
 * Finds `@@ anchor` lines in a file: the lines a hunk says it comes after (a function, class, or
 * section header), and, where the anchor opens an indented block, where that block ends.
 */
export class Anchors {
  private readonly blockEnds = new Map<number, number | undefined>();

  constructor(private readonly index: LineIndex) {}

  /** Lines where the last anchor occurs after occurrences of all the ones before it (nesting order). */
  chainEnds(anchors: readonly string[]): number[] {
    let ends: number[] = [];
    let after = -1;
    for (const anchor of anchors) {
      ends = this.lines(anchor).filter((line) => line > after);
      if (ends.length === 0) return [];
      after = ends[0];
    }
    return ends;
  }

  /** The file lines matching one anchor: by whole line (ignoring indentation), else by line start. */
  lines(anchor: string): number[] {
    const key = lineKey(anchor, Level.Indentation);
    if (key === '') return [];
    const whole = this.index.occurrences(key, Level.Indentation);
    if (whole.length > 0 || key.length < MIN_PREFIX_ANCHOR) return [...whole];
    const found: number[] = [];
    for (let i = 0; i < this.index.length; i++) if (this.index.key(i, Level.Indentation).startsWith(key)) found.push(i);
    return found;
  }

  /**
   * The last line of the block the anchor at `line` opens (the lines indented deeper than it, plus a
   * closing bracket line), or undefined when the next line is not indented deeper (not a block opener).
   */
  blockEnd(line: number): number | undefined {
    if (this.blockEnds.has(line)) return this.blockEnds.get(line);
    const lines = this.index.lines;
    const own = indentWidth(lines[line]);
    let end: number | undefined;
    let sawBody = false;
    for (let j = line + 1; j <= lines.length; j++) {
      if (j === lines.length) {
        end = sawBody ? j - 1 : undefined;
        break;
      }
      if (lines[j].trim() === '') continue;
      if (indentWidth(lines[j]) > own) {
        sawBody = true;
        continue;
      }
      // `} else {` or `) {` after a wrapped signature closes one part and opens the next.
      if (sawBody && CLOSER.test(lines[j]) && REOPENS.test(lines[j])) continue;
      end = sawBody ? (CLOSER.test(lines[j]) ? j : j - 1) : undefined;
      break;
    }
    this.blockEnds.set(line, end);
    return end;
  }
}
