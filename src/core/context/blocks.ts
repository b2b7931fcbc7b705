import type { ContextSource, ContextSourceKind } from './types';

/** Default rank of each kind: higher is packed first. */
export const PRIORITY: Record<ContextSourceKind, number> = {
  selection: 100,
  active_file: 90,
  diagnostics: 88,
  mentioned_file: 85,
  mentioned_symbol: 85,
  mentioned_folder: 80,
  git_diff: 70,
  terminal_output: 75,
  read_file: 60,
  open_file: 50,
  outline: 30,
  instructions: 95,
  mcp_resource: 85,
};

/** The most of the context budget one source of a kind takes before lower-priority sources get theirs. */
export const SHARE: Record<ContextSourceKind, number> = {
  selection: 1,
  active_file: 0.5,
  diagnostics: 0.15,
  mentioned_file: 0.5,
  mentioned_symbol: 0.25,
  mentioned_folder: 0.1,
  git_diff: 0.3,
  terminal_output: 0.15,
  read_file: 0.25,
  open_file: 0.25,
  outline: 0.1,
  instructions: 0.15,
  mcp_resource: 0.5,
};

/**
 * Order of blocks, in the stable items and in the volatile text alike: what changes least comes first,
 * so an edit invalidates as little of the cached prefix as possible, and the selection comes last,
 * right before the question.
 */
export const ORDER: Record<ContextSourceKind, number> = {
  instructions: -1,
  mcp_resource: 4.5,
  outline: 0,
  read_file: 1,
  open_file: 2,
  mentioned_folder: 3,
  mentioned_symbol: 4,
  mentioned_file: 5,
  active_file: 6,
  git_diff: 7,
  terminal_output: 7.5,
  diagnostics: 8,
  selection: 9,
};

/** Kinds that may go in the stable items; the others always go in the volatile text. */
export const STABLE_KINDS: ReadonlySet<ContextSourceKind> = new Set(['instructions', 'mcp_resource', 'outline', 'read_file', 'open_file', 'mentioned_folder', 'mentioned_symbol', 'mentioned_file', 'active_file']);

/** Kinds describing the moment (where the cursor is, what is broken now): sent with every message. */
export const ALWAYS_FRESH: ReadonlySet<ContextSourceKind> = new Set(['selection', 'diagnostics']);

const TAGS: Record<ContextSourceKind, string> = {
  selection: 'selection',
  active_file: 'file',
  open_file: 'file',
  mentioned_file: 'file',
  read_file: 'file',
  mentioned_folder: 'folder',
  mentioned_symbol: 'symbol',
  diagnostics: 'diagnostics',
  git_diff: 'changes',
  terminal_output: 'terminal',
  outline: 'workspace-outline',
  instructions: 'project-instructions',
  mcp_resource: 'resource',
};

/** The opening tag without its `>`: how a block is recognised in the history. */
export function blockMarker(source: ContextSource): string {
  const attrs: string[] = [];
  if (source.path !== undefined) attrs.push(`path="${escapeAttr(source.path)}"`);
  if (source.focus && (source.kind === 'selection' || source.kind === 'mentioned_symbol')) {
    attrs.push(`lines="${source.focus.startLine}-${source.focus.endLine}"`);
  }
  return `<${TAGS[source.kind]}${attrs.map((a) => ` ${a}`).join('')}`;
}

/** The line before and after a source's content. */
export function blockFrame(source: ContextSource, status?: string): { head: string; tail: string } {
  const note = status ? ` status="${escapeAttr(status)}"` : '';
  return { head: `${blockMarker(source)}${note}>\n`, tail: `</${TAGS[source.kind]}>\n` };
}

/** One line naming what the user is looking at; stable blocks carry no roles, so a switch of editor changes only this. */
export function editorLine(sources: readonly ContextSource[]): string {
  const active = sources.find((s) => s.kind === 'active_file');
  const selection = sources.find((s) => s.kind === 'selection');
  const open = sources.filter((s) => s.kind === 'open_file' && s.path !== undefined).map((s) => s.path!);
  if (!active && !selection && open.length === 0) return '';
  const attrs: string[] = [];
  if (active?.path) attrs.push(`active="${escapeAttr(active.path)}"`);
  if (active?.focus) attrs.push(`cursor="${active.focus.startLine}"`);
  if (selection?.focus) attrs.push(`selection="${selection.focus.startLine}-${selection.focus.endLine}"`);
  if (open.length > 0) attrs.push(`open="${escapeAttr(open.slice(0, 20).join(', '))}${open.length > 20 ? ', ...' : ''}"`);
  return `<editor ${attrs.join(' ')}/>\n`;
}

function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
