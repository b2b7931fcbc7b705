// Where a code block from the chat belongs in a file. A block usually shows one rewritten function, a new
// helper beside it, or one method of a class; applying it must change those declarations and nothing
// else. Placement goes by declaration name and structure (the file's own declarations are replaced,
// members of a class merged, imports joined); a fragment with no declarations is placed by its first and
// last lines, compared the way the edit engine compares lines. When neither is certain the answer says
// why, and the caller asks the model for a patch instead of guessing.
import { Level, lineKey } from '../edits/lineKeys';
import { isMarker, languageFamily, outline, type Declaration, type DeclarationKind, type LanguageFamily } from './declarations';
import { matchIndentStyle } from './indentation';
import { detectEol, isBlank, leadingWhitespace, splitLines, trimBlankEdges } from './text';

export type SnippetPlacement =
  /** `steps` say what changed ("replaced function cartTotal"); empty when the file already holds the block. */
  | { ok: true; text: string; steps: string[] }
  | { ok: false; reason: string };

interface Splice {
  at: number;
  remove: number;
  lines: string[];
}

type Placed = { ok: true; splices: Splice[]; steps: string[] };
type Found = Placed | { ok: false; reason: string };

const KIND_WORDS: Record<DeclarationKind, string> = {
  function: 'function', class: 'class', interface: 'interface', type: 'type', enum: 'enum', variable: 'declaration',
  namespace: 'namespace', import: 'import', method: 'method', property: 'property', constructor: 'constructor',
};
const TYPE_KINDS = new Set<DeclarationKind>(['interface', 'type']);
const SPACED_KINDS = new Set<DeclarationKind>(['function', 'class', 'interface', 'enum', 'namespace', 'method', 'constructor']);

/**
 * Places `snippet` (a code block, `language` its fence language or the file's extension) in `fileText`.
 * Keeps the file's line endings, final newline and indentation style.
 */
export function placeSnippet(fileText: string, snippet: string, language?: string): SnippetPlacement {
  const eol = detectEol(fileText);
  const finalNewline = /\n$/.test(fileText);
  const file = splitLines(fileText);
  if (finalNewline) file.pop();
  // Doc-comment continuation lines (` * text`) are space-indented even in tab-indented files.
  const block = matchIndentStyle(trimBlankEdges(splitLines(snippet)), file.filter((line) => !/^\s*\*/.test(line)));
  if (block.length === 0) return { ok: false, reason: 'the code block is empty' };
  const family = languageFamily(language);
  const byName = family ? byDeclarations(file, block, family) : undefined;
  const found = byName?.ok ? byName : byAnchors(file, block);
  if (!found) {
    return { ok: false, reason: byName && !byName.ok ? byName.reason : `declarations in ${language || 'this language'} are not recognised and the block's first and last lines do not pin down one place` };
  }
  const out = applySplices(file, found.splices);
  if (!out) return { ok: false, reason: 'two parts of the block would change the same lines' };
  const text = out.join(eol) + (finalNewline ? eol : '');
  return { ok: true, text, steps: text === fileText ? [] : found.steps };
}

function byDeclarations(file: string[], block: string[], family: LanguageFamily): Found {
  const fileOutline = outline(file, family);
  const blockOutline = outline(block, family);
  if (blockOutline.stray.length > 0) {
    const line = blockOutline.stray[0];
    return { ok: false, reason: `line ${line + 1} of the block (${quote(block[line])}) is not part of a declaration` };
  }
  const declarations = blockOutline.declarations;
  if (declarations.length === 0) return { ok: false, reason: 'the block declares nothing by name' };
  const splices: Splice[] = [];
  const steps: string[] = [];
  const fail = (reason: string): Found => ({ ok: false, reason });

  const others = declarations.filter((d) => d.kind !== 'import');
  // For each declaration of the block, the file lines it now occupies (to put new neighbours next to it).
  const landed: Array<{ start: number; end: number; spacing: number } | undefined> = others.map(() => undefined);
  const fresh: number[] = [];
  const topSpacing = spacingOf(fileOutline.declarations, file, family === 'python' ? 2 : 1);
  for (const [k, d] of others.entries()) {
    const match = findTop(fileOutline.declarations, d);
    if (match === 'ambiguous') return fail(`the file declares ${d.name} more than once`);
    if (match) {
      const merge = (d.kind === 'class' || d.kind === 'interface') && match.kind === d.kind && needsMemberMerge(d, match);
      const done = merge ? mergeMembers(file, block, match, d, family) : replaceWith(file, block, match, d, match.indent);
      if (!done.ok) return done;
      splices.push(...done.splices);
      steps.push(...done.steps);
      landed[k] = { start: match.start, end: match.end, spacing: topSpacing };
      continue;
    }
    // A method shown on its own: the one class member of that name.
    if (d.kind === 'method' || d.kind === 'function' || d.kind === 'property') {
      const owners = fileOutline.declarations.flatMap((c) => (c.members ?? []).filter((m) => m.name === d.name && (m.kind === 'property') === (d.kind === 'property')).map((m) => ({ c, m })));
      if (owners.length > 1) return fail(`${d.name} is a member of more than one class in the file`);
      if (owners.length === 1) {
        const { c, m } = owners[0];
        const done = replaceWith(file, block, m, d, m.indent, `${c.name}.`);
        if (!done.ok) return done;
        splices.push(...done.splices);
        steps.push(...done.steps);
        landed[k] = { start: m.start, end: m.end, spacing: 1 };
        continue;
      }
    }
    if (d.kind === 'method') return fail(`${d.name} looks like a method, but no class in the file has one by that name`);
    fresh.push(k);
  }
  if (fresh.length > 0 && !landed.some(Boolean)) {
    const names = fresh.map((k) => others[k].name).join(', ');
    return fail(`nothing the block declares (${names}) is in the file yet, so where it goes is not certain`);
  }
  for (const k of fresh) {
    const d = others[k];
    const lines = reindent(block.slice(d.start, d.end + 1), d.indent, '');
    const before = findLanded(landed, k, -1);
    const after = findLanded(landed, k, 1);
    const gap = Array<string>(topSpacing).fill('');
    if (before) splices.push({ at: before.end + 1, remove: 0, lines: [...gap, ...lines] });
    else if (after) splices.push({ at: after.start, remove: 0, lines: [...lines, ...gap] });
    steps.push(`added ${KIND_WORDS[d.kind]} ${d.name}`);
  }
  const imports = mergeImports(file, block, fileOutline.declarations, declarations.filter((d) => d.kind === 'import'), family);
  splices.push(...imports.splices);
  steps.push(...imports.steps);
  return { ok: true, splices, steps };
}

/** The file's top-level declaration the block's `d` redefines: same name, same kind or at least both types or both values. */
function findTop(file: readonly Declaration[], d: Declaration): Declaration | 'ambiguous' | undefined {
  const named = file.filter((f) => f.name === d.name && f.kind !== 'import');
  for (const pool of [named.filter((f) => f.kind === d.kind), named.filter((f) => TYPE_KINDS.has(f.kind) === TYPE_KINDS.has(d.kind))]) {
    if (pool.length === 1) return pool[0];
    if (pool.length > 1) return 'ambiguous';
  }
  return undefined;
}

/** A class shown in part (a marker, or members missing) is merged member by member; a whole one replaces the file's. */
function needsMemberMerge(block: Declaration, file: Declaration): boolean {
  if (block.partial) return true;
  const names = new Set((block.members ?? []).map(memberKey));
  return (file.members ?? []).some((m) => !names.has(memberKey(m)));
}

function memberKey(m: Declaration): string {
  return `${m.isStatic ? 'static ' : ''}${m.name}`;
}

function replaceWith(file: string[], block: string[], target: Declaration, d: Declaration, indent: string, owner = ''): Found {
  // Without a doc comment of its own the block keeps the file's.
  const from = d.start === d.header ? target.header : target.start;
  const lines = reindent(block.slice(d.start, d.end + 1), d.indent, indent);
  const old = file.slice(from, target.end + 1);
  if (sameLines(old, lines)) return { ok: true, splices: [], steps: [] };
  return { ok: true, splices: [{ at: from, remove: old.length, lines }], steps: [`replaced ${KIND_WORDS[target.kind]} ${owner}${target.name}`] };
}

function mergeMembers(file: string[], block: string[], target: Declaration, d: Declaration, family: LanguageFamily): Found {
  if (d.strayMembers?.length) {
    const line = d.strayMembers[0];
    return { ok: false, reason: `line ${line + 1} of the block (${quote(block[line])}) is not part of a member of ${d.name}` };
  }
  const splices: Splice[] = [];
  const steps: string[] = [];
  const fileMembers = target.members ?? [];
  const blockMembers = d.members ?? [];
  if (!sameLines([file[target.header]], [reindent([block[d.header]], d.indent, target.indent)[0]]) && opensBody(file[target.header], family) && opensBody(block[d.header], family)) {
    splices.push({ at: target.header, remove: 1, lines: reindent([block[d.header]], d.indent, target.indent) });
    steps.push(`changed the declaration line of ${d.name}`);
  }
  const memberIndent = fileMembers[0]?.indent ?? target.indent + (blockMembers[0]?.indent ?? '  ').slice(d.indent.length);
  const landed: Array<{ start: number; end: number; spacing: number } | undefined> = blockMembers.map(() => undefined);
  const fresh: number[] = [];
  for (const [k, m] of blockMembers.entries()) {
    const matches = fileMembers.filter((f) => memberKey(f) === memberKey(m));
    if (matches.length > 1) return { ok: false, reason: `${d.name} has more than one member named ${m.name}` };
    if (matches.length === 1) {
      const done = replaceWith(file, block, matches[0], m, matches[0].indent, `${d.name}.`);
      if (!done.ok) return done;
      splices.push(...done.splices);
      steps.push(...done.steps);
      landed[k] = { start: matches[0].start, end: matches[0].end, spacing: SPACED_KINDS.has(m.kind) ? 1 : 0 };
    } else fresh.push(k);
  }
  for (const k of fresh) {
    const m = blockMembers[k];
    const lines = reindent(block.slice(m.start, m.end + 1), m.indent, memberIndent);
    const gap = Array<string>(SPACED_KINDS.has(m.kind) ? 1 : 0).fill('');
    const before = findLanded(landed, k, -1);
    const after = findLanded(landed, k, 1);
    if (before) splices.push({ at: before.end + 1, remove: 0, lines: [...gap, ...lines] });
    else if (after) splices.push({ at: after.start, remove: 0, lines: [...lines, ...gap] });
    else if (family === 'brace') {
      // Before the closing brace of the class (its last line).
      const last = fileMembers[fileMembers.length - 1];
      splices.push(last ? { at: last.end + 1, remove: 0, lines: [...gap, ...lines] } : { at: target.end, remove: 0, lines });
    } else splices.push({ at: target.end + 1, remove: 0, lines: [...gap, ...lines] });
    steps.push(`added ${KIND_WORDS[m.kind]} ${d.name}.${m.name}`);
  }
  return { ok: true, splices, steps };
}

function opensBody(line: string, family: LanguageFamily): boolean {
  return family === 'python' ? /:\s*(?:#.*)?$/.test(line) : /\{\s*$/.test(line);
}

/** The nearest placed declaration before (`step` -1) or after (+1) index `k`. */
function findLanded<T>(landed: ReadonlyArray<T | undefined>, k: number, step: -1 | 1): T | undefined {
  for (let i = k + step; i >= 0 && i < landed.length; i += step) if (landed[i]) return landed[i];
  return undefined;
}

/** Blank lines the file puts between its top-level declarations (the most common gap), or `fallback`. */
function spacingOf(declarations: readonly Declaration[], file: string[], fallback: number): number {
  const counts = new Map<number, number>();
  for (let i = 1; i < declarations.length; i++) {
    let gap = 0;
    for (let line = declarations[i].start - 1; line > declarations[i - 1].end && isBlank(file[line]); line--) gap++;
    counts.set(gap, (counts.get(gap) ?? 0) + 1);
  }
  let best = fallback;
  let seen = 0;
  for (const [gap, count] of counts) if (count > seen && gap > 0) [best, seen] = [gap, count];
  return best;
}

// ---- imports ----

function mergeImports(file: string[], block: string[], fileDeclarations: readonly Declaration[], imports: readonly Declaration[], family: LanguageFamily): { splices: Splice[]; steps: string[] } {
  const splices: Splice[] = [];
  const steps: string[] = [];
  const fileImports = fileDeclarations.filter((d) => d.kind === 'import');
  const added: string[] = [];
  for (const d of imports) {
    const lines = reindent(block.slice(d.header, d.end + 1), d.indent, '');
    if (fileImports.some((f) => sameLines(file.slice(f.header, f.end + 1), lines))) continue;
    const same = fileImports.filter((f) => f.name === d.name && f.header === f.end);
    const joined = same.length === 1 && lines.length === 1 ? joinImport(file[same[0].header], lines[0], family) : undefined;
    if (joined) {
      if (joined !== file[same[0].header]) {
        splices.push({ at: same[0].header, remove: 1, lines: [joined] });
        steps.push(`added to the import from ${d.name}`);
      }
      continue;
    }
    added.push(...lines);
    steps.push(`added the import from ${d.name}`);
  }
  if (added.length > 0) {
    const last = fileImports[fileImports.length - 1];
    const at = last ? last.end + 1 : importFloor(file, family);
    splices.push({ at, remove: 0, lines: !last && at < file.length && !isBlank(file[at]) ? [...added, ''] : added });
  }
  return { splices, steps };
}

/** `import { a } from 'm'` + `import { b } from 'm'` (or Python's `from m import a`): one line naming both. */
function joinImport(existing: string, extra: string, family: LanguageFamily): string | undefined {
  const pattern = family === 'python' ? /^(from\s+\S+\s+import\s+)(?!\()([^#]+?)\s*$/ : /^(import\s+(?:type\s+)?\{)([^}]*)(\}\s*from\s*['"][^'"]+['"];?)\s*$/;
  const a = pattern.exec(existing);
  const b = pattern.exec(extra);
  if (!a || !b) return undefined;
  const names = (m: RegExpExecArray) => m[2].split(',').map((n) => n.trim()).filter(Boolean);
  const all = [...names(a)];
  for (const name of names(b)) if (!all.includes(name)) all.push(name);
  return family === 'python' ? `${a[1]}${all.join(', ')}` : `${a[1]} ${all.join(', ')} ${a[3]}`;
}

/** Where imports go in a file that has none: after a leading comment, directive or module docstring. */
function importFloor(file: string[], family: LanguageFamily): number {
  let i = 0;
  if (family === 'python' && /^(?:[rRbBuU]?)("""|''')/.test(file[0] ?? '')) {
    const quote = /("""|''')/.exec(file[0])![1];
    i = file[0].indexOf(quote, 3 + file[0].indexOf(quote)) >= 0 ? 1 : file.findIndex((l, n) => n > 0 && l.includes(quote)) + 1;
  }
  while (i < file.length && (/^\s*(?:\/\/|#|\/\*|\*)/.test(file[i]) || /^['"]use \w+['"];?$/.test(file[i].trim()))) i++;
  return i;
}

// ---- fragments ----

/**
 * A block that declares nothing (statements from inside a function): placed where its first line is
 * found once in the file and its last line closes the region, with enough of its lines found in between.
 */
function byAnchors(file: string[], block: string[]): Placed | undefined {
  const meaningful = block.map((line, i) => i).filter((i) => !isBlank(block[i]) && !isMarker(block[i]));
  if (meaningful.length < 2 || meaningful.length !== block.filter((l) => !isBlank(l)).length) return undefined;
  const key = (line: string) => lineKey(line, Level.Indentation);
  const first = key(block[meaningful[0]]);
  const last = key(block[meaningful[meaningful.length - 1]]);
  if (first.length < 8) return undefined;
  const starts = file.map((line, i) => i).filter((i) => key(file[i]) === first);
  if (starts.length !== 1) return undefined;
  const start = starts[0];
  const window = block.length * 2 + 10;
  let end = -1;
  for (let i = start + 1; i < Math.min(file.length, start + window); i++) {
    if (key(file[i]) === last) {
      end = i;
      break;
    }
  }
  if (end < 0) return undefined;
  const region = new Set(file.slice(start, end + 1).map(key));
  const found = meaningful.filter((i) => region.has(key(block[i]))).length;
  if (found * 3 < meaningful.length) return undefined;
  const lines = reindent(block, leadingWhitespace(block[meaningful[0]]), leadingWhitespace(file[start]));
  if (sameLines(file.slice(start, end + 1), lines)) return { ok: true, splices: [], steps: [] };
  return { ok: true, splices: [{ at: start, remove: end - start + 1, lines }], steps: [`replaced lines ${start + 1}-${end + 1}`] };
}

// ---- lines ----

function applySplices(file: string[], splices: readonly Splice[]): string[] | undefined {
  const sorted = [...splices].sort((a, b) => a.at - b.at || b.remove - a.remove);
  const out: string[] = [];
  let next = 0;
  for (const splice of sorted) {
    if (splice.at < next) return undefined;
    out.push(...file.slice(next, splice.at), ...splice.lines);
    next = splice.at + splice.remove;
  }
  out.push(...file.slice(next));
  return out;
}

/** Moves lines indented under `from` to be indented under `to` (lines outside it, such as string contents, stay). */
function reindent(lines: readonly string[], from: string, to: string): string[] {
  if (from === to) return [...lines];
  return lines.map((line) => (isBlank(line) ? '' : line.startsWith(from) ? to + line.slice(from.length) : line));
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((line, i) => line.trimEnd() === b[i].trimEnd());
}

function quote(line: string): string {
  const text = line.trim();
  return `"${text.length > 50 ? `${text.slice(0, 49)}…` : text}"`;
}
