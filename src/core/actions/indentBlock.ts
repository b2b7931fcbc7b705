import { isBlank, leadingWhitespace } from './text';

/** A run of whole lines, both ends inclusive, 0-based. */
export interface LineSpan {
  startLine: number;
  endLine: number;
}

const TAB_WIDTH = 4;

/** Indentation width in columns (a tab advances to the next multiple of four). */
export function indentWidth(line: string): number {
  let width = 0;
  for (const ch of leadingWhitespace(line)) width = ch === '\t' ? width + TAB_WIDTH - (width % TAB_WIDTH) : width + 1;
  return width;
}

// A line that closes the block above it at the header's indentation: `}`, `});`, `end`, `</div>`, `fi`…
const CLOSER = /^\s*(?:[}\])]|end\b|fi\b|done\b|esac\b|endif\b|endfunction\b|<\/)/;
const CONTROL = /^\s*(?:}\s*)?(?:if|else|elif|for|foreach|while|do|switch|case|catch|try|finally|with|except|return|using|lock|match|loop|unless|until|select)\b/;
const DEFINITION = [
  /^\s*(?:export\s+)?(?:default\s+)?(?:async\s+)?function\b/,
  /^\s*(?:async\s+)?def\s+\w/,
  /^\s*(?:(?:public|private|protected|internal|static|final|abstract|sealed|partial|export|default|open|data|inner)\s+)*(?:class|interface|struct|enum|trait|impl|object|record|module|namespace)\b/,
  /^\s*(?:pub(?:\([^)]*\))?\s+)?(?:const\s+)?(?:async\s+)?(?:unsafe\s+)?(?:extern\s+"[^"]*"\s+)?fn\s+\w/,
  /^\s*(?:func|fun|sub|proc)\s+\S/,
  /^\s*(?:export\s+)?(?:const|let|var)\s+[\w$]+\s*(?::[^=]+)?=\s*(?:async\s+)?(?:function\b|(?:\([^)]*\)|[\w$]+)\s*(?::\s*[^=]+)?=>)/,
  // A method, or a call taking a callback: `name(args): T {`, `describe('x', () => {`.
  /^\s*(?:(?:public|private|protected|static|async|override|readonly|abstract|get|set|final|virtual|internal|export|default)\s+)*[\w$<>[\],.?\s]*?\b[\w$]+\s*(?:<[^>]*>)?\s*\(.*(?:\{|=>)\s*$/,
];

/** Whether a line opens a function, method, class or similar unit (as opposed to an if/for/while block). */
export function looksLikeDefinition(line: string): boolean {
  if (CONTROL.test(line)) return false;
  return DEFINITION.some((re) => re.test(line));
}

function nextNonBlank(lines: string[], from: number, step: 1 | -1): number {
  for (let i = from; i >= 0 && i < lines.length; i += step) if (!isBlank(lines[i])) return i;
  return -1;
}

/** Whether a line opens a block: the next non-blank line is indented deeper. */
function opensBlock(lines: string[], line: number): boolean {
  const next = nextNonBlank(lines, line + 1, 1);
  return next !== -1 && indentWidth(lines[next]) > indentWidth(lines[line]);
}

/** The nearest non-blank line above `line` indented less than `width` (its header), or -1. */
function headerAbove(lines: string[], line: number, width: number): number {
  for (let i = line - 1; i >= 0; i--) if (!isBlank(lines[i]) && indentWidth(lines[i]) < width) return i;
  return -1;
}

/** Moves a header like `} else {` or `): void {` up to the line that began the construct. */
function openingLine(lines: string[], header: number): number {
  let start = header;
  while (/^\s*[}\])]/.test(lines[start])) {
    const width = indentWidth(lines[start]);
    let above = -1;
    for (let i = start - 1; i >= 0; i--) {
      if (!isBlank(lines[i]) && indentWidth(lines[i]) <= width) {
        above = i;
        break;
      }
    }
    if (above === -1) break;
    start = above;
  }
  return start;
}

/** The first line of a construct: its opening line plus the decorators directly above it. */
function constructStart(lines: string[], header: number): number {
  let start = openingLine(lines, header);
  while (start > 0 && /^\s*@[\w$.]+/.test(lines[start - 1]) && indentWidth(lines[start - 1]) === indentWidth(lines[start])) start--;
  return start;
}

/** The text of a construct's opening, from its first line to its header, on one line (`foo(\n a,\n) {`). */
function headerText(lines: string[], header: number): string {
  const start = openingLine(lines, header);
  return lines.slice(start, header + 1).map((l, i) => (i === 0 ? l : l.trim())).join(' ');
}

/** The block a header opens: its deeper-indented body, its closing line, and `else`-like continuations. */
function blockOf(lines: string[], header: number): LineSpan {
  const width = indentWidth(lines[header]);
  let end = header;
  let i = header + 1;
  for (;;) {
    while (i < lines.length && (isBlank(lines[i]) || indentWidth(lines[i]) > width)) {
      if (!isBlank(lines[i])) end = i;
      i++;
    }
    if (i < lines.length && indentWidth(lines[i]) === width && CLOSER.test(lines[i])) {
      end = i;
      if (opensBlock(lines, i)) {
        i++;
        continue;
      }
    }
    return { startLine: constructStart(lines, header), endLine: end };
  }
}

/**
 * The block around a line found from indentation alone: the innermost enclosing unit that looks like a
 * function or class, else the innermost block, else the line itself. Undefined for an all-blank text.
 */
export function indentationBlock(lines: string[], line: number): (LineSpan & { definition: boolean }) | undefined {
  let at = Math.max(0, Math.min(line, lines.length - 1));
  if (isBlank(lines[at] ?? '')) {
    const below = nextNonBlank(lines, at, 1);
    at = below !== -1 ? below : nextNonBlank(lines, at, -1);
    if (at === -1) return undefined;
  }
  // On a decorator, the unit is what it decorates; on a closing line, the construct it closes.
  while (/^\s*@[\w$.]+/.test(lines[at]) && nextNonBlank(lines, at + 1, 1) !== -1) at = nextNonBlank(lines, at + 1, 1);
  const headers: number[] = [];
  let header = opensBlock(lines, at) ? at : headerAbove(lines, at, indentWidth(lines[at]));
  if (!opensBlock(lines, at) && CLOSER.test(lines[at])) {
    const opening = openingLine(lines, at);
    if (opening !== at && opensBlock(lines, opening)) header = opening;
  }
  while (header !== -1) {
    headers.push(header);
    const start = constructStart(lines, header);
    header = headerAbove(lines, start, indentWidth(lines[start]));
  }
  const definition = headers.find((h) => looksLikeDefinition(headerText(lines, h)));
  if (definition !== undefined) return { ...blockOf(lines, definition), definition: true };
  if (headers.length > 0) return { ...blockOf(lines, headers[0]), definition: false };
  return { startLine: at, endLine: at, definition: false };
}
