/**
 * Makes patches the way a model would, then damages them the ways models do: whitespace, indentation,
 * Unicode punctuation, wrong line numbers, a slightly wrong context line, a missing anchor, context
 * lines without their prefix, a stray blank line at a hunk's end. Used by the edit engine's property tests and its generated-corpus bench.
 */
import { structuredPatch } from 'diff';

/** A deterministic source of numbers in [0, 1). */
export type Rng = () => number;

/** mulberry32: small, fast and good enough to pick lines and perturbations reproducibly. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)];
}

/** One change to a file: remove `remove` lines at `at`, insert `insert` there. */
export interface Edit {
  at: number;
  remove: number;
  insert: string[];
}

/** The lines with the edits applied; edits that overlap an earlier one are skipped. */
export function applyEdits(lines: readonly string[], edits: readonly Edit[]): string[] {
  const sorted = [...edits].map((e) => ({ ...e, at: Math.min(e.at, lines.length) })).sort((a, b) => a.at - b.at);
  const out: string[] = [];
  let cursor = 0;
  for (const edit of sorted) {
    if (edit.at < cursor) continue;
    out.push(...lines.slice(cursor, edit.at), ...edit.insert);
    cursor = Math.min(lines.length, edit.at + edit.remove);
  }
  out.push(...lines.slice(cursor));
  return out;
}

export interface PatchHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** ' ctx', '-old', '+new' (no '\ No newline' markers). */
  lines: string[];
  anchor?: string;
}

/** The hunks a model would send for this change (3 lines of context), from the `diff` package. */
export function diffHunks(oldText: string, newText: string, context = 3): PatchHunk[] {
  const patch = structuredPatch('f', 'f', oldText, newText, undefined, undefined, { context });
  return patch.hunks.map((h) => ({
    oldStart: h.oldStart,
    oldLines: h.oldLines,
    newStart: h.newStart,
    newLines: h.newLines,
    lines: h.lines.filter((l) => !l.startsWith('\\')),
  }));
}

/**
 * The hunks a careful model sends: with just enough context (3 lines or more) that each hunk's old
 * lines occur once in the file, as the patch format asks. Undefined when no context makes that so.
 */
export function uniqueHunks(oldText: string, newText: string, fileLines: readonly string[]): PatchHunk[] | undefined {
  const trimmed = fileLines.map((l) => l.trim());
  for (const context of [3, 5, 8, 12, 20]) {
    const hunks = diffHunks(oldText, newText, context);
    if (hunks.every((h) => countOccurrences(oldSide(h).map((l) => l.trim()), trimmed) === 1)) return hunks;
  }
  return undefined;
}

/**
 * Gives each hunk an `@@` anchor: the nearest line above it that is indented less than its first line,
 * when that line is unique in the file (as the format asks of anchors).
 */
export function addAnchors(hunks: PatchHunk[], fileLines: readonly string[]): PatchHunk[] {
  const counts = new Map<string, number>();
  for (const l of fileLines) counts.set(l.trim(), (counts.get(l.trim()) ?? 0) + 1);
  return hunks.map((h) => {
    const first = h.lines.find((l) => !l.startsWith('+') && l.slice(1).trim() !== '');
    if (first === undefined) return h;
    const depth = indentWidth(first.slice(1));
    for (let i = h.oldStart - 2; i >= 0; i--) {
      const line = fileLines[i];
      if (line.trim() === '' || indentWidth(line) >= depth) continue;
      return counts.get(line.trim()) === 1 ? { ...h, anchor: line.trim() } : h;
    }
    return h;
  });
}

export function toBeginPatch(path: string, hunks: readonly PatchHunk[], options: { noPrefix?: boolean } = {}): string {
  const out = ['*** Begin Patch', `*** Update File: ${path}`];
  for (const h of hunks) {
    out.push(h.anchor ? `@@ ${h.anchor}` : '@@');
    for (const line of h.lines) out.push(options.noPrefix ? withoutPrefix(line) : line);
  }
  out.push('*** End Patch');
  return out.join('\n');
}

export function toUnified(path: string, hunks: readonly PatchHunk[]): string {
  const out = [`--- a/${path}`, `+++ b/${path}`];
  for (const h of hunks) {
    out.push(`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@${h.anchor ? ` ${h.anchor}` : ''}`);
    out.push(...h.lines);
  }
  return out.join('\n');
}

/** A context line as a model that forgets the leading space writes it (when that stays unambiguous). */
function withoutPrefix(line: string): string {
  if (!line.startsWith(' ')) return line;
  const raw = line.slice(1);
  return /^([+\-\\]|@@|\*\*\*)/.test(raw) ? line : raw;
}

export const PERTURBATIONS = ['trailing-space', 'unicode', 'indent', 'line-numbers', 'similar-line', 'no-anchor', 'no-prefix', 'crlf-patch', 'blank-edge'] as const;
export type Perturbation = (typeof PERTURBATIONS)[number];

/**
 * The damages that can be told apart from intent together. Shifting indentation and dropping every
 * ' ' prefix can produce the very text of a clean shift by one more column (space-led lines such as
 * ` * ` comment lines exist in tab-indented files too), so the two are not combined.
 */
export function distinguishable(kinds: readonly Perturbation[]): Perturbation[] {
  return kinds.filter((k) => !(k === 'no-prefix' && kinds.includes('indent')));
}

/**
 * The hunks damaged the given ways. A damage is skipped on a hunk where it would make the patch mean
 * something else: where the damaged lines exist elsewhere in the file (up to trailing spaces and
 * punctuation look-alikes, at their indentation; the hunk's own place aside), or where wrong line
 * numbers would point at another copy of the same lines. No applier could tell those from intent.
 */
export function perturb(
  hunks: readonly PatchHunk[],
  kinds: readonly Perturbation[],
  rng: Rng,
  fileLines: readonly string[],
): { hunks: PatchHunk[]; applied: Set<Perturbation> } {
  const applied = new Set<Perturbation>(kinds.filter((k) => k === 'no-prefix' || k === 'crlf-patch'));
  const damaged = hunks.map((original) => {
    let h: PatchHunk = { ...original, lines: [...original.lines] };
    let loose = false;
    for (const kind of kinds) {
      const next = perturbHunk(h, kind, rng);
      const changedText = next.lines.length !== h.lines.length || next.lines.some((l, i) => l !== h.lines[i]);
      // Once indentation is off, or a stray blank line needs dropping first, another place may fit the
      // hunk as soon as indentation is ignored: compare as the engine then would.
      loose ||= kind === 'indent' || kind === 'blank-edge';
      const compare = loose ? (l: string) => loosely(l).trim() : loosely;
      if (changedText && countOccurrences(oldSide(next).map(compare), fileLines.map(compare), original.oldStart - 1) > 0) continue;
      // Re-indenting only added lines changes what they say; nothing in the old lines shows the damage.
      if (kind === 'indent' && oldSide(next).every((l, i) => l === oldSide(h)[i])) continue;
      if (kind === 'line-numbers' && countOccurrences(oldSide(original).map((l) => l.trim()), fileLines.map((l) => l.trim())) > 1) continue;
      h = next;
      if (changedText || kind === 'line-numbers' || (kind === 'no-anchor' && original.anchor !== undefined)) applied.add(kind);
    }
    return h;
  });
  return { hunks: damaged, applied };
}

function perturbHunk(h: PatchHunk, kind: Perturbation, rng: Rng): PatchHunk {
  switch (kind) {
    case 'trailing-space':
      return mapOld(h, (text) => (rng() < 0.5 ? text + pick(rng, [' ', '  ', '\t']) : text));
    case 'unicode':
      return mapOld(h, (text) => text.replace(/"/g, (_q, offset: number) => (offset % 2 ? '\u201D' : '\u201C')).replace(/'/g, '\u2019').replace(/ - /g, ' \u2013 '));
    case 'indent':
      return shiftIndent(h, rng);
    case 'line-numbers': {
      const shift = (1 + Math.floor(rng() * 30)) * (rng() < 0.5 ? -1 : 1);
      return { ...h, oldStart: Math.max(1, h.oldStart + shift), newStart: Math.max(1, h.newStart + shift), oldLines: h.oldLines + (rng() < 0.3 ? 1 : 0) };
    }
    case 'similar-line':
      return similarLine(h, rng);
    case 'no-anchor':
      return { ...h, anchor: undefined };
    case 'blank-edge':
      // A blank line after the hunk, as models leave between sections, that the file may not have there.
      return { ...h, lines: [...h.lines, ' '], oldLines: h.oldLines + 1, newLines: h.newLines + 1 };
    case 'no-prefix':
    case 'crlf-patch':
      return h; // applied when the patch text is written
  }
}

function mapOld(h: PatchHunk, change: (text: string) => string): PatchHunk {
  return { ...h, lines: h.lines.map((l) => (l.startsWith('+') ? l : l[0] + change(l.slice(1)))) };
}

/** The whole hunk (added lines too) moved one indent unit deeper or shallower, or its tabs turned to spaces. */
function shiftIndent(h: PatchHunk, rng: Rng): PatchHunk {
  const bodies = h.lines.map((l) => l.slice(1)).filter((b) => b.trim() !== '');
  const unit = bodies.some((b) => b.startsWith('\t')) ? '\t' : '  ';
  const options: Array<(body: string) => string> = [(b) => unit + b];
  if (bodies.every((b) => b.startsWith(unit))) options.push((b) => b.slice(unit.length));
  if (unit === '\t') options.push((b) => b.replace(/^\t+/, (tabs) => '    '.repeat(tabs.length)));
  const change = pick(rng, options);
  return { ...h, lines: h.lines.map((l) => (l.slice(1).trim() === '' ? l : l[0] + change(l.slice(1)))) };
}

/** One context line (not the first or last) with one character changed, as a model misremembers it. */
function similarLine(h: PatchHunk, rng: Rng): PatchHunk {
  const oldCount = h.lines.filter((l) => !l.startsWith('+')).length;
  if (oldCount < 3) return h;
  const candidates = h.lines.map((l, i) => i).filter((i) => h.lines[i].startsWith(' ') && /[a-z]/.test(h.lines[i]) && h.lines[i].trim().length >= 12);
  if (candidates.length === 0) return h;
  const i = pick(rng, candidates);
  const line = h.lines[i];
  const letters = [...line].map((c, j) => (/[a-z]/.test(c) ? j : -1)).filter((j) => j > 0);
  const at = pick(rng, letters);
  const lines = [...h.lines];
  lines[i] = line.slice(0, at) + line[at].toUpperCase() + 'Q' + line.slice(at + 1);
  return { ...h, lines };
}

function oldSide(h: PatchHunk): string[] {
  return h.lines.filter((l) => !l.startsWith('+')).map((l) => l.slice(1));
}

/** A line up to trailing spaces, inner spacing and curly quotes or dashes; indentation kept. */
function loosely(line: string): string {
  const trimmed = line.trimEnd();
  const indent = /^[ \t]*/.exec(trimmed)![0];
  return indent + trimmed.slice(indent.length).replace(/[\u201C\u201D]/g, '"').replace(/[\u2018\u2019]/g, "'").replace(/\u2013/g, '-').replace(/\s+/g, ' ');
}

/** How many times the block occurs in the file, not counting a start at `except`. */
function countOccurrences(block: readonly string[], fileLines: readonly string[], except = -1): number {
  if (block.length === 0) return 0;
  let count = 0;
  for (let s = 0; s + block.length <= fileLines.length; s++) {
    if (s === except) continue;
    let all = true;
    for (let i = 0; i < block.length && all; i++) all = fileLines[s + i] === block[i];
    if (all) count++;
  }
  return count;
}

function indentWidth(line: string): number {
  let w = 0;
  for (const c of /^[ \t]*/.exec(line)![0]) w += c === '\t' ? 4 : 1;
  return w;
}
