/** Longest symbol definition sent for a mention; a longer one is cut like any source. */
const MAX_DEFINITION_LINES = 400;

const DECLARATION = String.raw`^\s*(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:abstract\s+)?(?:async\s+)?(?:pub(?:\([^)]*\))?\s+)?(?:class|interface|type|enum|function\*?|const|let|var|def|fn|struct|trait|func|namespace|module)\s+`;

/**
 * Finds where `name` is declared in a file's text (TypeScript/JavaScript, Python, Rust, Go and alike),
 * by lines: the declaration line to the end of its braces or indented block. 1-based, inclusive.
 */
export function findDefinition(text: string, name: string): { startLine: number; endLine: number } | undefined {
  if (!/^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(name)) return undefined;
  const pattern = new RegExp(`${DECLARATION}${name.replace(/\$/g, '\\$')}(?![\\p{L}\\p{N}_$])`, 'u');
  const lines = text.split('\n');
  const start = lines.findIndex((line) => pattern.test(line));
  if (start < 0) return undefined;
  return { startLine: start + 1, endLine: blockEnd(lines, start) + 1 };
}

// Braces when the declaration opens one, otherwise indentation (Python) or the single line.
function blockEnd(lines: readonly string[], start: number): number {
  const last = Math.min(lines.length - 1, start + MAX_DEFINITION_LINES - 1);
  let depth = 0;
  let opened = false;
  for (let i = start; i <= last; i++) {
    for (const ch of lines[i]) {
      if (ch === '{') {
        depth++;
        opened = true;
      } else if (ch === '}') depth--;
    }
    if (opened && depth <= 0) return i;
    if (!opened && /[;)]\s*$/.test(lines[i]) && i === start) return i;
    if (!opened && i > start + 2) break;
  }
  if (opened) return last;
  const indent = (line: string) => line.length - line.trimStart().length;
  const base = indent(lines[start]);
  let end = start;
  for (let i = start + 1; i <= last; i++) {
    if (lines[i].trim() === '') continue;
    if (indent(lines[i]) <= base) break;
    end = i;
  }
  return end;
}
