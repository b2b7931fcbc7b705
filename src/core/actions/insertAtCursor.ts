// "Insert at cursor" for a code block: a one-line snippet goes in as typed; a block of lines lands on lines
// of its own, at the cursor's indentation, so no code is glued to what was before or after the cursor.
import { isBlank, leadingWhitespace, splitLines } from './text';

/** The text around the insertion point on its line(s): before the cursor (or selection start) and after it (or the selection end). */
export interface InsertionPoint {
  before: string;
  after: string;
  /** The document's line break. */
  eol: '\n' | '\r\n';
}

/** The text to put at the cursor (replacing the selection) so that `code` keeps its line structure. */
export function insertionText(code: string, at: InsertionPoint): string {
  const lines = splitLines(code);
  while (lines.length > 1 && isBlank(lines[lines.length - 1])) lines.pop();
  if (lines.length === 1) return lines[0];
  const base = commonIndent(lines);
  const lineIndent = leadingWhitespace(at.before + at.after);
  const cursorOnIndent = at.before.trim() === '';
  // Where the block starts: at the cursor when only indentation precedes it, else on a new line.
  const indent = cursorOnIndent ? at.before : lineIndent;
  const body = lines.map((line, i) => {
    if (isBlank(line)) return '';
    const text = line.slice(base.length);
    return i === 0 && cursorOnIndent ? text : indent + text;
  });
  let text = body.join(at.eol);
  if (!cursorOnIndent) text = at.eol + text;
  if (at.after.trim() !== '') text += at.eol + (cursorOnIndent ? at.before : lineIndent);
  return text;
}

function commonIndent(lines: readonly string[]): string {
  let common: string | undefined;
  for (const line of lines) {
    if (isBlank(line)) continue;
    const indent = leadingWhitespace(line);
    if (common === undefined || !indent.startsWith(common)) {
      let n = 0;
      while (common !== undefined && n < common.length && n < indent.length && common[n] === indent[n]) n++;
      common = common === undefined ? indent : common.slice(0, n);
    }
  }
  return common ?? '';
}
