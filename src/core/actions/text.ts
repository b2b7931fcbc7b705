/** A place in a document as the editor counts it: 0-based line, 0-based character within the line. */
export interface TextPosition {
  line: number;
  character: number;
}

/** A span of a document as character offsets, `start` inclusive, `end` exclusive. */
export interface OffsetRange {
  start: number;
  end: number;
}

/** Offsets at which each line begins; a line ends before its `\n` (and before a `\r` right ahead of it). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** End offset of a line's content, excluding its line break. */
export function lineEnd(text: string, starts: number[], line: number): number {
  const next = line + 1 < starts.length ? starts[line + 1] - 1 : text.length;
  return next > starts[line] && text[next - 1] === '\r' && line + 1 < starts.length ? next - 1 : next;
}

/** Offset of a position, clamped into the document the way the editor clamps it. */
export function offsetAt(text: string, position: TextPosition, starts = lineStarts(text)): number {
  if (position.line < 0) return 0;
  if (position.line >= starts.length) return text.length;
  const start = starts[position.line];
  return Math.min(start + Math.max(0, position.character), lineEnd(text, starts, position.line));
}

/** Position of an offset. */
export function positionAt(text: string, offset: number, starts = lineStarts(text)): TextPosition {
  const clamped = Math.max(0, Math.min(offset, text.length));
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= clamped) low = mid;
    else high = mid - 1;
  }
  return { line: low, character: clamped - starts[low] };
}

/** The document's dominant line break. */
export function detectEol(text: string): '\n' | '\r\n' {
  const crlf = text.split('\r\n').length - 1;
  const lf = text.split('\n').length - 1 - crlf;
  return crlf > lf ? '\r\n' : '\n';
}

/** The leading spaces and tabs of a line. */
export function leadingWhitespace(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}

/** Whether a line has nothing but whitespace. */
export function isBlank(line: string): boolean {
  return line.trim() === '';
}

/** Splits into lines without their line breaks (a trailing `\r` is dropped too). */
export function splitLines(text: string): string[] {
  return text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

/** The lines without blank lines at either end. */
export function trimBlankEdges(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && isBlank(lines[start])) start++;
  while (end > start && isBlank(lines[end - 1])) end--;
  return lines.slice(start, end);
}
