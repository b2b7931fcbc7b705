import type { FilePatch, Hunk, HunkLine, ParseResult, PatchSyntaxError } from './patchModel';
import { cleanPath, clip, closesFence, opensFence } from './patchText';

const HUNK_HEADER = /^@@+ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@+(.*)$/;
const DEV_NULL = '/dev/null';

/** Whether line `i` starts a unified diff (`diff --git`, or `---` followed by `+++`). */
export function startsUnifiedDiff(lines: string[], i: number): boolean {
  return lines[i].startsWith('diff --git ') || (lines[i].startsWith('--- ') && (lines[i + 1] ?? '').startsWith('+++ '));
}

class SyntaxFailure extends Error {
  constructor(readonly detail: PatchSyntaxError) {
    super(detail.message);
  }
}

function fail(index: number, message: string): never {
  throw new SyntaxFailure({ line: index + 1, message });
}

interface FileHeader {
  oldPath?: string;
  newPath?: string;
  isNew: boolean;
  isDeleted: boolean;
  index: number;
}

/**
 * Parses a unified diff (several files, `/dev/null` for added and deleted files, git's extended
 * headers and renames) from line `start`. Hunk header counts are only hints: models miscount.
 */
export function parseUnifiedDiff(lines: string[], start: number): ParseResult {
  const notes: string[] = [];
  if (opensFence(lines, start)) notes.push('read the patch out of a Markdown code fence');
  const files: FilePatch[] = [];
  let i = start;
  try {
    while (i < lines.length) {
      if (closesFence(lines, i)) break;
      if (!startsUnifiedDiff(lines, i)) {
        // Text between files (prose, `index` lines) is skipped, but never a hunk without its file.
        if (lines[i].startsWith('@@')) fail(i, `expected a file header ('--- a/path' then '+++ b/path') before "${clip(lines[i])}"`);
        i++;
        continue;
      }
      const header: FileHeader = { isNew: false, isDeleted: false, index: i };
      i = readFileHeader(lines, i, header);
      const hunks: Hunk[] = [];
      let finalNewline = true;
      while (i < lines.length && lines[i].startsWith('@@')) {
        const read = readHunk(lines, i);
        hunks.push(read.hunk);
        if (read.noFinalNewline) finalNewline = false;
        i = read.next;
      }
      files.push(toFilePatch(header, hunks, finalNewline));
    }
  } catch (err) {
    if (err instanceof SyntaxFailure) return { ok: false, error: err.detail };
    throw err;
  }
  if (files.length === 0) {
    return { ok: false, error: { line: start + 1, message: "expected a unified diff file header: '--- a/path' then '+++ b/path'" } };
  }
  return { ok: true, patch: { format: 'unified', files, notes } };
}

function readFileHeader(lines: string[], start: number, header: FileHeader): number {
  let i = start;
  if (lines[i].startsWith('diff --git ')) {
    const git = /^diff --git (?:"?a\/)?(.+?)"? (?:"?b\/)(.+?)"?$/.exec(lines[i]);
    if (git) {
      header.oldPath = git[1];
      header.newPath = git[2];
    }
    i++;
    for (; i < lines.length && !lines[i].startsWith('--- ') && !lines[i].startsWith('@@') && !lines[i].startsWith('diff --git '); i++) {
      const line = lines[i];
      if (line.startsWith('new file mode')) header.isNew = true;
      else if (line.startsWith('deleted file mode')) header.isDeleted = true;
      else if (line.startsWith('rename from ')) header.oldPath = line.slice('rename from '.length);
      else if (line.startsWith('rename to ')) header.newPath = line.slice('rename to '.length);
      else if (line.startsWith('Binary files') || line.startsWith('GIT binary patch')) fail(i, 'binary patches are not supported; send text changes only');
      else if (line.trim() === '' || /^[A-Za-z]/.test(line)) continue; // index, similarity, mode lines
      else break;
    }
  }
  if (i < lines.length && lines[i].startsWith('--- ')) {
    if (!(lines[i + 1] ?? '').startsWith('+++ ')) fail(i + 1, `expected '+++ b/path' after "${clip(lines[i])}"`);
    const oldRaw = cleanPath(lines[i].slice(4));
    const newRaw = cleanPath(lines[i + 1].slice(4));
    header.isNew ||= oldRaw === DEV_NULL;
    header.isDeleted ||= newRaw === DEV_NULL;
    const gitStyle = (oldRaw.startsWith('a/') || oldRaw === DEV_NULL) && (newRaw.startsWith('b/') || newRaw === DEV_NULL);
    if (oldRaw !== DEV_NULL) header.oldPath = gitStyle ? oldRaw.slice(2) : oldRaw;
    if (newRaw !== DEV_NULL) header.newPath = gitStyle ? newRaw.slice(2) : newRaw;
    i += 2;
  }
  if (header.oldPath === undefined && header.newPath === undefined) fail(start, "expected file names: '--- a/path' then '+++ b/path'");
  return i;
}

function readHunk(lines: string[], start: number): { hunk: Hunk; next: number; noFinalNewline: boolean } {
  const header = lines[start];
  const match = HUNK_HEADER.exec(header);
  const hunk: Hunk = { anchors: [], lines: [], atEndOfFile: false, patchLine: start + 1 };
  let oldLeft = Infinity;
  let newLeft = Infinity;
  let anchor: string;
  if (match) {
    hunk.oldStart = Number(match[1]);
    hunk.oldCount = match[2] === undefined ? 1 : Number(match[2]);
    oldLeft = hunk.oldCount;
    newLeft = match[4] === undefined ? 1 : Number(match[4]);
    anchor = match[5];
  } else if (/^@@+\s*-/.test(header)) {
    fail(start, `expected a hunk header like '@@ -12,5 +12,6 @@', found "${clip(header)}"`);
  } else {
    // A bare '@@' (or '@@ anchor'): no line numbers, the lines alone place the hunk.
    anchor = header.replace(/^@@+/, '').replace(/@@+\s*$/, '');
  }
  if (anchor.trim() !== '') hunk.anchors.push(anchor.trim());
  let noFinalNewline = false;
  let i = start + 1;
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('@@') || startsUnifiedDiff(lines, i) || closesFence(lines, i)) break;
    const countsMet = oldLeft <= 0 && newLeft <= 0;
    let parsed: HunkLine;
    if (line.startsWith('\\ ')) {
      const previous = hunk.lines[hunk.lines.length - 1];
      if (previous && previous.op !== 'delete') noFinalNewline = true;
      continue;
    } else if (line.startsWith('+')) parsed = { op: 'add', text: line.slice(1) };
    else if (line.startsWith('-')) parsed = { op: 'delete', text: line.slice(1) };
    else if (line.startsWith(' ')) parsed = { op: 'context', text: line.slice(1) };
    else if (countsMet && !moreHunkLinesFollow(lines, i + 1)) break;
    else if (line === '') parsed = { op: 'context', text: '' };
    else parsed = { op: 'context', text: line, unprefixed: true };
    hunk.lines.push(parsed);
    if (parsed.op !== 'add') oldLeft--;
    if (parsed.op !== 'delete') newLeft--;
  }
  if (hunk.lines.length === 0) fail(start, `expected lines starting with ' ', '-' or '+' after "${clip(header)}"`);
  while (hunk.lines.length > 0 && isTrailingBlank(hunk.lines[hunk.lines.length - 1], oldLeft)) {
    hunk.lines.pop();
    oldLeft++;
  }
  if (hunk.lines.some((l) => l.unprefixed)) {
    for (const l of hunk.lines) if (l.op === 'context' && !l.unprefixed && l.text !== '') l.spaceMayBeContent = true;
  }
  return { hunk, next: i, noFinalNewline };
}

/** A blank line the header's counts did not ask for, at the end of a hunk: spacing, not content. */
function isTrailingBlank(line: HunkLine, oldLeft: number): boolean {
  return line.op === 'context' && line.text === '' && oldLeft < 0;
}

function moreHunkLinesFollow(lines: string[], from: number): boolean {
  for (let i = from; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('@@') || startsUnifiedDiff(lines, i)) return false;
    if (line.trim() === '') continue;
    return /^[ +-]/.test(line);
  }
  return false;
}

function toFilePatch(header: FileHeader, hunks: Hunk[], finalNewline: boolean): FilePatch {
  const patchLine = header.index + 1;
  if (header.isNew) {
    const path = header.newPath ?? header.oldPath ?? '';
    const lines: string[] = [];
    for (const hunk of hunks) {
      for (const line of hunk.lines) {
        if (line.op !== 'add' && !(line.op === 'context' && line.text === '' && line === hunk.lines[hunk.lines.length - 1])) {
          fail(hunk.patchLine - 1, `a new file (--- /dev/null) has only '+' lines; found "${clip(line.text)}" in its hunk`);
        }
        if (line.op === 'add') lines.push(line.text);
      }
    }
    return { kind: 'add', path, lines, finalNewline: finalNewline || lines.length === 0, patchLine };
  }
  const path = header.oldPath ?? header.newPath ?? '';
  if (header.isDeleted) return { kind: 'delete', path, patchLine };
  const moveTo = header.newPath !== undefined && header.newPath !== path ? header.newPath : undefined;
  if (hunks.length === 0 && moveTo === undefined) fail(header.index, `the diff of ${clip(path)} has no hunks: expected '@@ -l,n +l,n @@' and its lines`);
  return { kind: 'update', path, moveTo, hunks, patchLine };
}
