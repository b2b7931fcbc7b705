import { RANGE_END_MARKER, RANGE_START_MARKER } from './markers';
import { lineStarts, positionAt, type OffsetRange } from './text';

type O200k = typeof import('gpt-tokenizer/cjs/encoding/o200k_base');
let o200k: O200k | undefined;
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

/** Counts o200k_base tokens; text is data here, so special-token lookalikes are counted, not refused. */
export function countTextTokens(text: string): number {
  // Loaded on first use, not at import: the tables are large and activation must stay fast. `require`
  // because the package's exports only let a CommonJS require reach this entry with its types.
  o200k ??= require('gpt-tokenizer/encoding/o200k_base') as O200k;
  return o200k.countTokens(text, PLAIN_TEXT);
}

export interface FileExcerpt {
  /** The excerpt with the range marked and elided parts announced. */
  text: string;
  /** 1-based first and last line shown. */
  firstLine: number;
  lastLine: number;
  totalLines: number;
  tokens: number;
}

export interface ExcerptOptions {
  budgetTokens: number;
  /** Prefix each line with its 1-based number (`  12| `), for answers that cite lines. */
  numbered?: boolean;
  /** Mark the range's ends inside the excerpt. Default true. */
  mark?: boolean;
  countTokens?: (text: string) => number;
}

/**
 * The file around a range, trimmed to a token budget by adding whole lines alternately above and below
 * the range (which is always shown whole), with markers at the range's exact ends.
 */
export function excerptAround(text: string, range: OffsetRange, options: ExcerptOptions): FileExcerpt {
  const count = options.countTokens ?? countTextTokens;
  const starts = lineStarts(text);
  const lines = text.split('\n');
  const totalLines = lines.length;
  const first = positionAt(text, range.start, starts).line;
  const endPos = positionAt(text, range.end, starts);
  const last = endPos.character === 0 && endPos.line > first ? endPos.line - 1 : endPos.line;
  let tokens = count(lines.slice(first, last + 1).join('\n'));
  let above = first;
  let below = last;
  let canUp = above > 0;
  let canDown = below < totalLines - 1;
  // Alternate so the excerpt stays centred on the range; each side stops when its next line does not fit.
  while (canUp || canDown) {
    if (canUp) {
      const cost = count(lines[above - 1] + '\n');
      if (tokens + cost <= options.budgetTokens) {
        tokens += cost;
        above--;
        canUp = above > 0;
      } else canUp = false;
    }
    if (canDown) {
      const cost = count(lines[below + 1] + '\n');
      if (tokens + cost <= options.budgetTokens) {
        tokens += cost;
        below++;
        canDown = below < totalLines - 1;
      } else canDown = false;
    }
  }
  const sliceStart = starts[above];
  // A range that takes its last line break along ends on the next line, which then shows just the marker.
  const sliceEnd = Math.max(below + 1 < starts.length ? starts[below + 1] - 1 : text.length, range.end);
  let body = text.slice(sliceStart, sliceEnd);
  if (options.mark !== false) {
    const s = range.start - sliceStart;
    const e = range.end - sliceStart;
    body = body.slice(0, s) + RANGE_START_MARKER + body.slice(s, e) + RANGE_END_MARKER + body.slice(e);
  }
  let shown = body.replace(/\r\n/g, '\n').split('\n');
  if (options.numbered) {
    const width = String(below + 1).length;
    shown = shown.map((line, i) => `${String(above + 1 + i).padStart(width)}| ${line}`);
  }
  if (above > 0) shown.unshift(`… (${above} line${above === 1 ? '' : 's'} above not shown)`);
  if (below < totalLines - 1) shown.push(`… (${totalLines - 1 - below} line${totalLines - 1 - below === 1 ? '' : 's'} below not shown)`);
  return { text: shown.join('\n'), firstLine: above + 1, lastLine: below + 1, totalLines, tokens };
}
