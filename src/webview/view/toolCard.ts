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
    this.call = { ...call };
    this.element.setAttribute('data-status', call.status);
    this.title.textContent = describeCall(call.name, readArguments(call.args));
    this.summary.textContent = call.summary ?? '';
    const [iconName, label] = statusIcon[call.status];
    this.status.className = `tool-status codicon codicon-${iconName}`;
    this.status.setAttribute('role', 'img');
    this.status.setAttribute('aria-label', label);
    this.bodyStale = true;
    this.renderBody();
  }

  appendArguments(delta: string): void {
    this.call.args += delta;
    // Paths come first in the arguments; re-reading a long patch on every delta would cost more than it shows.
    if (this.call.args.length < 4096) this.title.textContent = describeCall(this.call.name, readArguments(this.call.args));
    this.bodyStale = true;
    this.renderBody();
  }

  private renderBody(): void {
    if (!this.bodyStale || !this.element.open) return;
    this.bodyStale = false;
    const args = readArguments(this.call.args);
    const parts: Node[] = [];
    if (this.call.name === 'apply_patch' && typeof args.patch === 'string') parts.push(renderDiff(this.doc, args.patch));
    else if (this.call.args.trim()) parts.push(h(this.doc, 'pre', { class: 'tool-args' }, prettyJson(this.call.args)));
    if (this.call.output) parts.push(h(this.doc, 'pre', { class: 'tool-output' }, this.call.output));
    this.body.replaceChildren(...parts);
  }
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
