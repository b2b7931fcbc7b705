import type { TokenCounter } from './tokens';

export interface CutResult {
  text: string;
  /** Exact token count of `text`. */
  tokens: number;
  truncated: boolean;
  /** What was left out, for the report (e.g. "lines 201-812 of 812 left out"). */
  note?: string;
}

/** Below this many tokens a cut source is more noise than help; it is omitted instead. */
export const MIN_USEFUL_TOKENS = 48;

// Assumed when choosing how many lines to keep above a focus: code averages 3-4 characters a token.
const CHARS_PER_TOKEN_GUESS = 4;
// Share of a cut window spent on lines above the focus, so the model sees what leads into it.
const LEAD_SHARE = 0.25;

/**
 * Makes `text` fit in `limit` tokens by keeping whole lines (around `focus` when given) and putting a
 * visible marker where lines were left out. Undefined when not even a useful piece fits.
 */
export function cutToFit(text: string, limit: number, counter: TokenCounter, focus?: { startLine: number; endLine: number }): CutResult | undefined {
  // A text far longer than the limit in characters cannot fit: skip counting it and go straight to cutting.
  if (!clearlyOver(text, limit)) {
    const whole = counter.countWithin(text, limit);
    if (whole !== undefined) return { text, tokens: whole, truncated: false };
  }
  if (limit < MIN_USEFUL_TOKENS) return undefined;

  const totalLines = countLines(text);
  const first = focus ? windowStart(text, focus.startLine - 1, limit) : 0;
  const top = first > 0 ? marker(1, first, totalLines) : '';
  // The bottom marker's size is not known until the cut is; the widest one it could be is reserved.
  const widest = Math.max(counter.count(marker(totalLines, totalLines, totalLines)), counter.count(marker(totalLines, totalLines, totalLines, true)));
  const reserve = counter.count(top) + widest + 4;
  const body = text.slice(offsetOfLine(text, first));
  const room = limit - reserve;
  if (room < MIN_USEFUL_TOKENS / 2) return undefined;

  const lead = counter.leadingText(body, room);
  if (lead === undefined && first === 0) {
    // It fitted after all (only possible when `clearlyOver` guessed wrong).
    const whole = counter.countWithin(text, limit);
    if (whole !== undefined) return { text, tokens: whole, truncated: false };
  }
  let kept = lead === undefined ? body : lead.slice(0, lead.lastIndexOf('\n') + 1);
  let midLine = false;
  if (kept === '' && lead) {
    // One line longer than the whole room (minified code): keep its start rather than nothing.
    kept = `${lead.replace(/\uFFFD$/, '')}\n`;
    midLine = true;
  }

  for (;;) {
    const keptLines = countLines(kept);
    const last = first + keptLines; // 1-based number of the last kept line
    const bottom = last < totalLines || midLine ? marker(midLine ? last : last + 1, totalLines, totalLines, midLine) : '';
    const assembled = top + ensureNewline(kept) + bottom;
    const tokens = counter.count(assembled);
    if (tokens <= limit) {
      return { text: assembled, tokens, truncated: true, note: describeCut(first, last, totalLines, midLine) };
    }
    // BPE merges across the cut can add a token or two: give back a line and count again.
    const trimmed = kept.slice(0, kept.lastIndexOf('\n', kept.length - 2) + 1);
    if (trimmed === '' || trimmed === kept) return undefined;
    kept = trimmed;
  }
}

/**
 * True when `text` surely has more than `limit` tokens: o200k_base tokens of code and prose average 3-5
 * characters; past 10 characters a token the guess is only ever wrong for text like long runs of spaces,
 * and then only costs a recount.
 */
export function clearlyOver(text: string, limit: number): boolean {
  return text.length > limit * CHARS_PER_TOKEN_CEILING;
}

const CHARS_PER_TOKEN_CEILING = 10;

/** Number of lines in `text` (a final newline does not start another line). */
export function countLines(text: string): number {
  if (text === '') return 0;
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < text.length - 1; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

function offsetOfLine(text: string, line: number): number {
  let offset = 0;
  for (let i = 0; i < line; i++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return offset;
}

// The 0-based line to start a window at, so the focus has some lines of lead-in above it.
function windowStart(text: string, focusLine: number, limit: number): number {
  const focusOffset = offsetOfLine(text, focusLine);
  const leadChars = limit * LEAD_SHARE * CHARS_PER_TOKEN_GUESS;
  let line = focusLine;
  let offset = focusOffset;
  while (line > 0) {
    const previous = offset < 2 ? 0 : text.lastIndexOf('\n', offset - 2) + 1;
    if (focusOffset - previous > leadChars) break;
    offset = previous;
    line--;
  }
  return line;
}

function marker(from: number, to: number, total: number, midLine = false): string {
  const what = midLine
    ? `the rest of line ${from}${to > from ? ` and lines ${from + 1}-${to}` : ''}`
    : `lines ${from}-${to} of ${total}`;
  return `[... ${what} left out to fit the context budget ...]\n`;
}

function describeCut(first: number, last: number, total: number, midLine: boolean): string {
  const parts: string[] = [];
  if (first > 0) parts.push(`lines 1-${first}`);
  if (midLine) parts.push(`the rest of line ${last}`);
  if (last < total) parts.push(`lines ${last + 1}-${total}`);
  return `${parts.join(', ')} of ${total} left out`;
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
