import type { FilePatch, Hunk, HunkLine, ParseResult, PatchSyntaxError } from './patchModel';
import { cleanPath, clip, closesFence, opensFence } from './patchText';

const FILE_HEADER = /^\*\*\* (Add|Update|Delete) File:(.*)$/;
const MOVE_TO = /^\*\*\* Move to:(.*)$/;
/** What a line inside a hunk starts with: a prefix, an `@@` header, or `\\ No newline`. */
const HUNK_LINE = /^([ +\-]|@@|\\ )/;
const UNIFIED_HEADER = /^@@+ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@+(.*)$/;

/** Whether a line starts the `*** Begin Patch` format. */
export function startsBeginPatch(line: string): boolean {
  return line.trim() === '*** Begin Patch' || FILE_HEADER.test(line.trim());
}

class SyntaxFailure extends Error {
  constructor(readonly detail: PatchSyntaxError) {
    super(detail.message);
  }
}

function fail(index: number, message: string): never {
  throw new SyntaxFailure({ line: index + 1, message });
}

/**
 * Parses the `*** Begin Patch` format from line `start` (0-based): Add/Delete/Update File sections,
 * `*** Move to:`, `@@` anchors (several in a row nest), `*** End of File`. Tolerates a missing
 * Begin or End line, a Markdown fence around the patch, and context lines missing their leading space.
 */
export function parseBeginPatch(lines: string[], start: number): ParseResult {
  const notes: string[] = [];
  if (opensFence(lines, start)) notes.push('read the patch out of a Markdown code fence');
  let i = start;
  if (lines[i].trim() === '*** Begin Patch') i++;
  else notes.push("the patch had no '*** Begin Patch' line");
  const files: FilePatch[] = [];
  let ended = false;
  try {
    while (i < lines.length) {
      const line = lines[i];
      const trimmed = line.trim();
      if (endsPatch(lines, i)) {
        ended = true;
        // A second patch in the same text is read too rather than silently dropped.
        const next = lines.findIndex((l, j) => j > i && l.trim() === '*** Begin Patch');
        if (next < 0) break;
        i = next + 1;
        continue;
      }
      if (closesFence(lines, i)) break;
      if (trimmed === '' || trimmed === '*** Begin Patch') {
        i++;
        continue;
      }
      const header = FILE_HEADER.exec(trimmed);
      if (!header) {
        fail(i, `expected '*** Add File: <path>', '*** Update File: <path>', '*** Delete File: <path>' or '*** End Patch', found "${clip(line)}"`);
      }
      const path = cleanPath(header[2]);
      if (path === '') fail(i, `expected a file path after '*** ${header[1]} File:'`);
      const headerIndex = i;
      i++;
      const bodyEnd = sectionEnd(lines, i);
      if (header[1] === 'Add') files.push({ kind: 'add', path, ...addedLines(lines, i, bodyEnd), patchLine: headerIndex + 1 });
      else if (header[1] === 'Delete') {
        checkDeleteBody(lines, i, bodyEnd);
        files.push({ kind: 'delete', path, patchLine: headerIndex + 1 });
      } else files.push(updateSection(lines, headerIndex, i, bodyEnd, path));
      i = bodyEnd;
    }
  } catch (err) {
    if (err instanceof SyntaxFailure) return { ok: false, error: err.detail };
    throw err;
  }
  if (!ended) notes.push("the patch had no '*** End Patch' line");
  if (files.length === 0) {
    return { ok: false, error: { line: start + 1, message: "the patch names no file: expected '*** Update File: <path>', '*** Add File: <path>' or '*** Delete File: <path>'" } };
  }
  return { ok: true, patch: { format: 'begin-patch', files, notes } };
}

/**
 * Whether line `i` is the `*** End Patch` marker. Written flush left it always is; with whitespace
 * before it (models indent it, other appliers trim it) it is unless hunk lines follow, since then it
 * is a context line of a file that contains the text `*** End Patch`.
 */
function endsPatch(lines: string[], i: number): boolean {
  if (lines[i].trim() !== '*** End Patch') return false;
  if (!/^\s/.test(lines[i])) return true;
  for (let j = i + 1; j < lines.length; j++) {
    const next = lines[j];
    if (next.trim() === '') continue;
    return !HUNK_LINE.test(next) || next.trim() === '*** Begin Patch' || FILE_HEADER.test(next.trim());
  }
  return true;
}

function sectionEnd(lines: string[], from: number): number {
  let i = from;
  while (i < lines.length && !endsPatch(lines, i) && !FILE_HEADER.test(lines[i]) && !closesFence(lines, i)) i++;
  return i;
}

function addedLines(lines: string[], from: number, to: number): { lines: string[]; finalNewline: boolean } {
  const out: string[] = [];
  let blanks = 0;
  for (let i = from; i < to; i++) {
    const line = lines[i];
    if (line.trim() === '') {
      // A blank line is an added empty line only if more added lines follow (trailing blanks are spacing).
      blanks++;
      continue;
    }
    if (!line.startsWith('+')) fail(i, `every line of an added file starts with '+', found "${clip(line)}"`);
    for (; blanks > 0; blanks--) out.push('');
    out.push(line.slice(1));
  }
  return { lines: out, finalNewline: true };
}

function checkDeleteBody(lines: string[], from: number, to: number): void {
  for (let i = from; i < to; i++) {
    // Models sometimes list the deleted file's lines; that is harmless.
    if (lines[i].trim() !== '' && !lines[i].startsWith('-')) {
      fail(i, `expected nothing after '*** Delete File:' but the next file header or '*** End Patch', found "${clip(lines[i])}"`);
    }
  }
}

function updateSection(lines: string[], headerIndex: number, from: number, to: number, path: string): FilePatch {
  let i = from;
  let moveTo: string | undefined;
  const move = i < to ? MOVE_TO.exec(lines[i].trim()) : null;
  if (move) {
    moveTo = cleanPath(move[1]);
    if (moveTo === '') fail(i, "expected a file path after '*** Move to:'");
    i++;
  }
  const hunks: Hunk[] = [];
  let current: Hunk | undefined;
  const startHunk = (index: number): Hunk => {
    current = { anchors: [], lines: [], atEndOfFile: false, patchLine: index + 1 };
    hunks.push(current);
    return current;
  };
  for (; i < to; i++) {
    const line = lines[i];
    if (line.startsWith('@@')) {
      const hunk = current && current.lines.length === 0 && !current.atEndOfFile ? current : startHunk(i);
      readHunkHeader(line, hunk);
      continue;
    }
    if (line.trim() === '*** End of File') {
      if (!current) fail(i, "expected '@@' or a hunk line before '*** End of File'");
      current.atEndOfFile = true;
      current = undefined;
      continue;
    }
    if (line.startsWith('***')) {
      fail(i, `expected a hunk line (starting with ' ', '-' or '+'), '@@', '*** End of File' or a file header, found "${clip(line)}"`);
    }
    if (line.startsWith('\\ ')) continue; // "\ No newline at end of file": the file's own final newline is kept.
    const hunk = current ?? startHunk(i);
    hunk.lines.push(hunkLine(line));
  }
  const withLines = hunks.filter((h) => h.lines.length > 0);
  for (const hunk of withLines) markAmbiguousSpaces(hunk);
  if (withLines.length === 0 && moveTo === undefined) {
    fail(headerIndex, `'*** Update File: ${clip(path)}' has no changes: expected '@@' followed by lines starting with ' ', '-' or '+'`);
  }
  return { kind: 'update', path, moveTo, hunks: withLines, patchLine: headerIndex + 1 };
}

function readHunkHeader(line: string, hunk: Hunk): void {
  const unified = UNIFIED_HEADER.exec(line);
  let anchor: string;
  if (unified) {
    // A unified header inside this format: keep its line number as a hint.
    hunk.oldStart = Number(unified[1]);
    hunk.oldCount = unified[2] === undefined ? 1 : Number(unified[2]);
    anchor = unified[5];
  } else {
    anchor = line.replace(/^@@+/, '').replace(/@@+\s*$/, '');
  }
  anchor = anchor.trim();
  if (anchor !== '') hunk.anchors.push(anchor);
}

function hunkLine(line: string): HunkLine {
  switch (line[0]) {
    case '+':
      return { op: 'add', text: line.slice(1) };
    case '-':
      return { op: 'delete', text: line.slice(1) };
    case ' ':
      return { op: 'context', text: line.slice(1) };
    case undefined:
      return { op: 'context', text: '' };
    default:
      return { op: 'context', text: line, unprefixed: true };
  }
}

/** In a hunk where the model dropped context prefixes, a leading space may be the line's own. */
function markAmbiguousSpaces(hunk: Hunk): void {
  if (!hunk.lines.some((l) => l.unprefixed)) return;
  for (const line of hunk.lines) {
    if (line.op === 'context' && !line.unprefixed && line.text !== '') line.spaceMayBeContent = true;
  }
}
