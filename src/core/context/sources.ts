import type { Diagnostic } from '../workspace';
import { formatOutline } from './outline';
import { filterDiff, type SecretFilter } from '../trust/secretFiles';
import type { ContextSource, ContextSourceKind } from './types';

type FileKind = Extract<ContextSourceKind, 'active_file' | 'open_file' | 'mentioned_file' | 'read_file'>;

/** A whole file. Every role shares the id `file:PATH`, so the packer sees one file, not three. */
export function fileSource(kind: FileKind, path: string, text: string, extra: Pick<ContextSource, 'focus' | 'priority'> = {}): ContextSource {
  return { id: fileId(path), kind, label: path, path, text, ...extra };
}

export function fileId(path: string): string {
  return `file:${path}`;
}

/** A file the gatherer refused to read (secret, excluded, unreadable): listed for the user, never sent. */
export function withheldSource(kind: ContextSourceKind, path: string, reason: string): ContextSource {
  return { id: kind === 'mentioned_folder' ? `folder:${path}` : fileId(path), kind, label: path, path, text: '', withheld: reason };
}

/** The selected lines (1-based, inclusive) of the active file. */
export function selectionSource(path: string, text: string, startLine: number, endLine: number): ContextSource {
  return { id: 'selection', kind: 'selection', label: `Selection ${path}:${startLine}-${endLine}`, path, text, focus: { startLine, endLine } };
}

const SEVERITY_RANK: Record<Diagnostic['severity'], number> = { error: 0, warning: 1, info: 2, hint: 3 };

/** Errors and warnings of the files involved, most severe first; undefined when there are none. */
export function diagnosticsSource(diagnostics: readonly Diagnostic[]): ContextSource | undefined {
  const shown = diagnostics
    .filter((d) => d.severity === 'error' || d.severity === 'warning')
    .sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || a.line - b.line);
  if (shown.length === 0) return undefined;
  const lines = shown.map((d) => {
    const origin = [d.source, d.code].filter(Boolean).join(' ');
    return `${d.path}:${d.line}:${d.column} ${d.severity}: ${d.message.replace(/\s*\n\s*/g, ' ')}${origin ? ` (${origin})` : ''}`;
  });
  const errors = shown.filter((d) => d.severity === 'error').length;
  return { id: 'diagnostics', kind: 'diagnostics', label: `Problems (${errors} errors, ${shown.length - errors} warnings)`, text: `${lines.join('\n')}\n` };
}

/** The working-tree diff (`@changes`), without the sections of secret or excluded files. */
export function changesSource(diff: string, filter: SecretFilter): ContextSource {
  const { text, withheld } = filterDiff(diff, filter);
  const note = withheld.length > 0 ? `(changes to ${withheld.join(', ')} left out: secret or excluded files)\n` : '';
  const body = text.trim() === '' ? '(no uncommitted changes)\n' : text;
  return { id: 'changes', kind: 'git_diff', label: 'Uncommitted changes (git diff)', text: note + body };
}

/** The workspace tree, one line per folder. */
export function outlineSource(files: readonly string[], stoppedAt?: number): ContextSource {
  const count = stoppedAt ? `${files.length}+` : `${files.length}`;
  return { id: 'outline', kind: 'outline', label: `Workspace outline (${count} files)`, text: formatOutline(files, { stoppedAt }) };
}

/** A mentioned folder: the list of its files (their contents come as separate sources). */
export function folderSource(path: string, files: readonly string[]): ContextSource {
  return { id: `folder:${path}`, kind: 'mentioned_folder', label: `${path}/`, path, text: `${files.join('\n')}\n` };
}

// o200k_base averages 3-5 bytes a token in code and prose; 10 makes "surely enough to fill the budget".
const BYTES_PER_TOKEN_CEILING = 10;

/**
 * Which files of a mentioned folder are worth reading for a budget: smallest first (the packer's order
 * among equals) until they surely fill it; reading the rest would be wasted.
 */
export function folderFilesToRead(files: ReadonlyArray<{ path: string; size: number }>, budgetTokens?: number): { read: string[]; skipped: string[] } {
  if (budgetTokens === undefined) return { read: files.map((f) => f.path), skipped: [] };
  const cap = budgetTokens * BYTES_PER_TOKEN_CEILING;
  const bySize = [...files].sort((a, b) => a.size - b.size);
  const read = new Set<string>();
  let bytes = 0;
  for (const file of bySize) {
    if (bytes > cap) break;
    read.add(file.path);
    bytes += file.size;
  }
  return { read: files.filter((f) => read.has(f.path)).map((f) => f.path), skipped: files.filter((f) => !read.has(f.path)).map((f) => f.path) };
}

/** Said of folder files that were not read because the smaller ones already fill the budget. */
export const FOLDER_OVER_BUDGET = 'not read: the smaller files of the mentioned folder already fill the context budget';

/** A mentioned symbol's definition: the lines of its declaration. */
export function symbolSource(name: string, path: string, text: string, startLine: number, endLine: number): ContextSource {
  return { id: `symbol:${name}@${path}`, kind: 'mentioned_symbol', label: `${name} (${path}:${startLine})`, path, text, focus: { startLine, endLine } };
}

/**
 * Files the model read earlier in the conversation whose text changed since: the model's copy in the
 * history is stale, so the current text is offered. Unchanged ones are already in the history.
 */
export function filesReadEarlier(seen: ReadonlyMap<string, string>, current: ReadonlyMap<string, string | undefined>): ContextSource[] {
  const sources: ContextSource[] = [];
  for (const [path, text] of seen) {
    const now = current.get(path);
    if (now !== undefined && now !== text) sources.push(fileSource('read_file', path, now));
  }
  return sources;
}

/** The `@` mentions in a message (`@src/a.ts`, `@changes`, `@#Cart`), in order, without repeats; e-mail addresses are not mentions. */
export function findMentions(text: string): string[] {
  const found = [...text.matchAll(/(?:^|[\s(])@([^\s,;!?()]*[^\s,;:!?().])/g)].map((m) => m[1]);
  return [...new Set(found)];
}

/** Splits a mention typed after `@` into what it names. */
export function parseMention(raw: string): { type: 'changes' } | { type: 'symbol'; name: string } | { type: 'path'; path: string } {
  const text = raw.replace(/^@/, '').trim();
  if (text === 'changes') return { type: 'changes' };
  if (text.startsWith('symbol:')) return { type: 'symbol', name: text.slice('symbol:'.length) };
  if (text.startsWith('#')) return { type: 'symbol', name: text.slice(1) };
  return { type: 'path', path: text.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '') };
}

/** A row of the `@` completion list (the protocol's `mentionResults` item). */
export interface MentionMatch {
  label: string;
  path: string;
  kind: 'file' | 'folder' | 'symbol' | 'special';
}

/** Files, folders and `changes` matching what was typed after `@`: name prefix, then name, then path matches; shorter paths first. */
export function matchMentions(query: string, files: readonly string[], limit = 20): MentionMatch[] {
  const needle = query.replace(/^@/, '').toLowerCase();
  const rows: Array<MentionMatch & { rank: number }> = [];
  if ('changes'.startsWith(needle)) rows.push({ label: 'changes', path: 'changes', kind: 'special', rank: 0 });
  const folders = new Set<string>();
  for (const file of files) for (let i = file.indexOf('/'); i > 0; i = file.indexOf('/', i + 1)) folders.add(file.slice(0, i));
  const consider = (path: string, kind: 'file' | 'folder') => {
    const name = path.slice(path.lastIndexOf('/') + 1);
    const lower = name.toLowerCase();
    const rank = needle === '' ? 4 : lower.startsWith(needle) ? 1 : lower.includes(needle) ? 2 : path.toLowerCase().includes(needle) ? 3 : 0;
    if (rank > 0) rows.push({ label: kind === 'folder' ? `${name}/` : name, path, kind, rank });
  };
  for (const folder of folders) consider(folder, 'folder');
  for (const file of files) consider(file, 'file');
  rows.sort((a, b) => a.rank - b.rank || a.path.length - b.path.length || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return rows.slice(0, limit).map(({ label, path, kind }) => ({ label, path, kind }));
}
