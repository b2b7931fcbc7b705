// A tool call as a compact card: an icon, what it did in a few words, its status; expanding shows the
// arguments (a coloured diff for patches) and the result.
import type { ToolCallView } from '../../protocol/messages';
import { h, icon } from '../dom';
import { renderDiff } from '../render/diff';

const tools: Record<string, { icon: string; verb: string; arg?: string }> = {
  read_file: { icon: 'file', verb: 'Read', arg: 'path' },
  list_files: { icon: 'list-tree', verb: 'List', arg: 'path' },
  search_text: { icon: 'search', verb: 'Search', arg: 'query' },
  apply_patch: { icon: 'diff', verb: 'Patch' },
  write_file: { icon: 'new-file', verb: 'Write', arg: 'path' },
  get_diagnostics: { icon: 'warning', verb: 'Diagnostics', arg: 'path' },
  delegate: { icon: 'hubot', verb: 'Delegate' },
};

const statusIcon: Record<ToolCallView['status'], [string, string]> = {
  running: ['loading codicon-modifier-spin', 'Running'],
  done: ['check', 'Done'],
  error: ['error', 'Failed'],
};

/** String fields of tool arguments that may still be streaming (incomplete JSON). */
export function readArguments(args: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(args);
    if (parsed && typeof parsed === 'object') return parsed as Record<string, unknown>;
  } catch {
    // Still streaming: pick out the complete "name": "value" pairs.
  }
  const fields: Record<string, unknown> = {};
  for (const match of args.matchAll(/"(\w+)"\s*:\s*"((?:[^"\\]|\\.)*)"/g)) {
    try {
      fields[match[1]] = JSON.parse(`"${match[2]}"`);
    } catch {
      fields[match[1]] = match[2];
    }
  }
  return fields;
}

/** The files a "*** Begin Patch" text touches. */
function patchedFiles(patch: string): string[] {
  return [...patch.matchAll(/^\*\*\* (?:Update|Add|Delete) File: (.+)$/gm)].map((m) => m[1].trim());
}

/** A few words saying what the call does: "Read src/a.ts", "Search \"foo\"", "Patch a.ts, b.ts". */
export function describeCall(name: string, args: Record<string, unknown>): string {
  const tool = tools[name];
  if (name === 'delegate' && Array.isArray(args.tasks)) return `Delegate ${args.tasks.length} task${args.tasks.length === 1 ? '' : 's'}`;
  if (name === 'apply_patch') {
    const files = typeof args.patch === 'string' ? patchedFiles(args.patch) : [];
    return files.length ? `Patch ${files.join(', ')}` : 'Patch';
  }
  const value = tool?.arg ? args[tool.arg] : Object.values(args).find((v) => typeof v === 'string');
  const shown = typeof value === 'string' ? (tool?.arg === 'query' ? `"${value}"` : value) : '';
  const verb = tool?.verb ?? name;
  if (name === 'get_diagnostics' || name === 'list_files') return `${verb} ${shown || 'workspace'}`;
  return shown ? `${verb} ${shown}` : verb;
}

/** Tools that change files: when one fails, its card opens so the failure shows as plainly as an edit card. */
const editingTools = new Set(['apply_patch', 'write_file']);
/** Lines of a result list shown before "… more". */
const listLimit = 50;

export class ToolCard {
  readonly element: HTMLDetailsElement;
  private readonly title: HTMLElement;
  private readonly summary: HTMLElement;
  private readonly status: HTMLElement;
  private readonly body: HTMLElement;
  private call: ToolCallView;
  private bodyStale = true;

  constructor(private readonly doc: Document, call: ToolCallView) {
    this.call = { ...call };
    this.title = h(doc, 'span', { class: 'tool-title' });
    this.summary = h(doc, 'span', { class: 'tool-summary' });
    this.status = h(doc, 'span', { class: 'tool-status' });
    this.body = h(doc, 'div', { class: 'tool-body' });
    this.element = h(
      doc,
      'details',
      { class: 'tool-card', 'data-call-id': call.callId, 'data-tool': call.name },
      h(doc, 'summary', {}, icon(doc, tools[call.name]?.icon ?? 'tools'), this.title, this.summary, this.status),
      this.body,
    );
    // The body (a diff can be long) is built only when someone looks at it.
    this.element.addEventListener('toggle', () => this.renderBody());
    this.update(call);
  }

  update(call: ToolCallView): void {
    const failedNow = call.status === 'error' && this.call.status !== 'error';
    this.call = { ...call };
    this.element.setAttribute('data-status', call.status);
    this.renderTitle();
    // "read src/a.ts (5 lines)" under a title that already names the file: "5 lines".
    const summary = call.name === 'read_file' ? (call.summary ?? '').replace(/^read \S+ \((.+)\)$/, '$1') : (call.summary ?? '');
    this.summary.textContent = summary;
    this.summary.title = call.summary ?? '';
    const [iconName, label] = statusIcon[call.status];
    this.status.className = `tool-status codicon codicon-${iconName}`;
    this.status.setAttribute('role', 'img');
    this.status.setAttribute('aria-label', label);
    if (failedNow && editingTools.has(call.name)) this.element.open = true;
    this.bodyStale = true;
    this.renderBody();
  }

  appendArguments(delta: string): void {
    this.call.args += delta;
    // Paths come first in the arguments; re-reading a long patch on every delta would cost more than it shows.
    if (this.call.args.length < 4096) this.renderTitle();
    this.bodyStale = true;
    this.renderBody();
  }

  /** "Read src/a.ts" with the path as a link that opens the file. */
  private renderTitle(): void {
    const args = readArguments(this.call.args);
    const text = describeCall(this.call.name, args);
    const path = typeof args.path === 'string' && (this.call.name === 'read_file' || this.call.name === 'write_file') ? args.path : undefined;
    if (!path || !text.endsWith(path)) {
      this.title.textContent = text;
      return;
    }
    const line = this.call.name === 'read_file' && typeof args.start_line === 'number' ? args.start_line : undefined;
    this.title.replaceChildren(text.slice(0, text.length - path.length), fileLink(this.doc, path, line));
  }

  private renderBody(): void {
    if (!this.bodyStale || !this.element.open) return;
    this.bodyStale = false;
    const args = readArguments(this.call.args);
    const output = this.call.output ?? '';
    const parts: Node[] = [];
    if (this.call.status === 'error' && output) parts.push(h(this.doc, 'p', { class: 'tool-error', role: 'alert' }, icon(this.doc, 'error'), firstLines(output, 6)));
    const readable = this.call.status === 'error' ? [] : readableResult(this.doc, this.call.name, args, output);
    if (this.call.name === 'apply_patch' && typeof args.patch === 'string') parts.push(renderDiff(this.doc, args.patch));
    else if (this.call.name === 'write_file' && typeof args.content === 'string') parts.push(renderDiff(this.doc, args.content.replace(/\n$/, '').split('\n').map((l) => `+${l}`).join('\n')));
    else if (readable.length > 0) parts.push(...readable);
    else {
      // A tool without a readable form (from an extension or an MCP server): its arguments and result as sent.
      if (this.call.args.trim()) parts.push(h(this.doc, 'pre', { class: 'tool-args' }, prettyJson(this.call.args)));
      if (output && this.call.status !== 'error') parts.push(h(this.doc, 'pre', { class: 'tool-output' }, output));
    }
    this.body.replaceChildren(...parts);
  }
}

/** The result of a known tool as people read it: file links and result lists instead of raw text. */
function readableResult(doc: Document, name: string, args: Record<string, unknown>, output: string): Node[] {
  const lines = output.split('\n').filter((line) => line.trim() !== '');
  switch (name) {
    case 'read_file': {
      const path = typeof args.path === 'string' ? args.path : '';
      const numbered = lines.filter((line) => /^\s*\d+\| /.test(line));
      const first = numbered.length ? Number.parseInt(numbered[0], 10) : undefined;
      const last = numbered.length ? Number.parseInt(numbered[numbered.length - 1], 10) : undefined;
      const range = first !== undefined && last !== undefined ? ` lines ${first}–${last}` : '';
      return path ? [h(doc, 'p', { class: 'tool-result' }, 'Read ', fileLink(doc, path, first), range)] : [];
    }
    case 'search_text':
      return [resultList(doc, lines, /^(.+?):(\d+): ?(.*)$/)];
    case 'get_diagnostics':
      return [resultList(doc, lines, /^(.+?):(\d+):\d+: ?(.*)$/)];
    case 'list_files':
      return [resultList(doc, lines, /^(.+)$/)];
    default:
      return [];
  }
}

/** A list of `path:line: text` results; each path opens the file at its line. */
function resultList(doc: Document, lines: readonly string[], pattern: RegExp): HTMLElement {
  const items = lines.slice(0, listLimit).map((line) => {
    const match = pattern.exec(line);
    if (!match || /^(?:\(|No |…)/.test(line)) return h(doc, 'li', { class: 'muted' }, line);
    if (match[1].endsWith('/')) return h(doc, 'li', { class: 'folder' }, line);
    const [, path, lineNumber, text] = match;
    const at = lineNumber === undefined ? undefined : Number(lineNumber);
    return h(doc, 'li', {}, fileLink(doc, path.trim(), at, at === undefined ? path.trim() : `${path.trim()}:${at}`), text ? h(doc, 'span', { class: 'result-text' }, ` ${text}`) : null);
  });
  if (lines.length > listLimit) items.push(h(doc, 'li', { class: 'muted' }, `… ${lines.length - listLimit} more`));
  return h(doc, 'ul', { class: 'tool-results' }, ...items);
}

function fileLink(doc: Document, path: string, line?: number, label = path): HTMLButtonElement {
  return h(doc, 'button', { type: 'button', class: 'link-button file-link', 'data-action': 'open-file', 'data-path': path, 'data-line': line, title: `Open ${path}${line ? ` at line ${line}` : ''}` }, label);
}

function firstLines(text: string, count: number): string {
  const lines = text.split('\n');
  return lines.length <= count ? text : `${lines.slice(0, count).join('\n')}\n…`;
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
