/** Line-level helpers shared by the two patch parsers. */

/** The patch's lines without carriage returns (a patch pasted with CRLF parses like one with LF). */
export function patchLines(text: string): string[] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  return body.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

const FENCE = /^\s*(```|~~~)/;

/** Whether the patch starting at `start` sits inside a Markdown fence (```diff ... ```). */
export function opensFence(lines: string[], start: number): boolean {
  for (let i = start - 1; i >= 0; i--) {
    if (lines[i].trim() === '') continue;
    return FENCE.test(lines[i]);
  }
  return false;
}

/**
 * Whether line `i` (a ``` at the start of the line) closes the fence around the patch: only when
 * nothing patch-like follows, so a ``` line of an edited Markdown file never cuts a hunk short.
 */
export function closesFence(lines: string[], i: number): boolean {
  if (!/^(```|~~~)\s*$/.test(lines[i])) return false;
  for (let j = i + 1; j < lines.length; j++) {
    if (/^([+\- ]|@@|\*\*\* |diff --git )/.test(lines[j])) return false;
  }
  return true;
}

/**
 * A path as the model wrote it, made workspace-relative where that is unambiguous: quotes, a trailing
 * timestamp (after a tab) and leading `./` go. Absolute paths stay absolute; the workspace refuses escapes.
 */
export function cleanPath(raw: string): string {
  let p = raw.split('\t')[0].trim();
  if (p.length >= 2 && ((p.startsWith('"') && p.endsWith('"')) || (p.startsWith("'") && p.endsWith("'")) || (p.startsWith('`') && p.endsWith('`')))) {
    p = p.slice(1, -1);
  }
  while (p.startsWith('./')) p = p.slice(2);
  return p;
}

/**
 * A path normalised by its spelling alone: `./` and doubled slashes dropped, `dir/..` resolved (a
 * leading `..` stays for the workspace to refuse), so `a.txt`, `./a.txt` and `sub/../a.txt` are one file.
 */
export function lexicalPath(path: string): string {
  const absolute = path.startsWith('/');
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else if (part !== '..' || !absolute) parts.push(part);
  }
  const joined = parts.join('/');
  return absolute ? `/${joined}` : joined === '' ? '.' : joined;
}

/** Shortens a line for an error message. */
export function clip(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
