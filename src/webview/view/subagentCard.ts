// A subagent as a nested card in the answer that delegated to it: its task, live tool activity, tokens and cost,
// and once it ends its status and report. Collapsed it shows one line: task, latest activity or status, figures.
import type { SubagentView } from '../../protocol/messages';
import { h, icon } from '../dom';
import { formatCost, formatTokens } from '../format';
import { MarkdownView } from '../render/streaming';

const STATUS: Record<SubagentView['status'], [label: string, icon: string]> = {
  running: ['Running', 'loading codicon-modifier-spin'],
  done: ['Done', 'check'],
  step_limit: ['Stopped at its step limit', 'warning'],
  token_limit: ['Stopped at its token budget', 'warning'],
  time_limit: ['Stopped at its time limit', 'warning'],
  incomplete: ['Cut short', 'warning'],
  error: ['Failed', 'error'],
  cancelled: ['Stopped', 'debug-stop'],
};

export class SubagentCard {
  readonly element: HTMLDetailsElement;
  private readonly name: HTMLElement;
  private readonly task: HTMLElement;
  private readonly latest: HTMLElement;
  private readonly figures: HTMLElement;
  private readonly status: HTMLElement;
  private readonly activity: HTMLOListElement;
  private readonly more: HTMLElement;
  private readonly reportBox: HTMLElement;
  private report: MarkdownView | null = null;
  private shownReport: string | undefined;

  constructor(private readonly doc: Document, view: SubagentView) {
    this.name = h(doc, 'span', { class: 'subagent-name' });
    this.task = h(doc, 'span', { class: 'subagent-task' });
    this.latest = h(doc, 'span', { class: 'subagent-latest' });
    this.figures = h(doc, 'span', { class: 'subagent-figures' });
    this.status = h(doc, 'span', { class: 'subagent-status' });
    this.activity = h(doc, 'ol', { class: 'subagent-activity', 'aria-label': 'Tool calls' });
    this.more = h(doc, 'p', { class: 'subagent-more', hidden: true });
    this.reportBox = h(doc, 'div', { class: 'subagent-report', hidden: true });
    this.element = h(
      doc,
      'details',
      { class: 'subagent-card', 'data-subagent-id': view.id, 'data-call-id': view.callId },
      h(doc, 'summary', {}, icon(doc, 'hubot'), this.name, this.task, this.latest, this.figures, this.status),
      h(doc, 'div', { class: 'subagent-body' }, h(doc, 'p', { class: 'subagent-full-task' }), this.more, this.activity, this.reportBox),
    );
    this.update(view);
  }

  update(view: SubagentView): void {
    const [label, iconName] = STATUS[view.status];
    this.element.setAttribute('data-status', view.status);
    this.element.setAttribute('aria-label', `Subagent ${view.index} of ${view.count}: ${label}`);
    this.name.textContent = `Subagent ${view.index}/${view.count}`;
    this.task.textContent = view.task;
    this.task.title = view.task;
    const last = view.activity[view.activity.length - 1];
    this.latest.textContent = view.status === 'running' ? (last?.text ?? 'starting…') : label;
    this.figures.textContent = figuresText(view);
    this.status.className = `subagent-status codicon codicon-${iconName}`;
    this.status.setAttribute('role', 'img');
    this.status.setAttribute('aria-label', label);
    this.element.querySelector('.subagent-full-task')!.textContent = view.task;
    const hidden = view.toolCount - view.activity.length;
    this.more.hidden = hidden <= 0;
    this.more.textContent = hidden > 0 ? `… ${hidden} earlier tool call${hidden === 1 ? '' : 's'}` : '';
    this.activity.replaceChildren(
      ...view.activity.map((a) => h(this.doc, 'li', { 'data-status': a.status }, icon(this.doc, a.status === 'running' ? 'loading codicon-modifier-spin' : a.status === 'error' ? 'error' : 'check'), a.text)),
    );
    this.showReport(view);
  }

  private showReport(view: SubagentView): void {
    const text = view.report === undefined ? undefined : view.error ? `**${view.error}**\n\n${view.report}` : view.report;
    if (text === this.shownReport) return;
    this.shownReport = text;
    this.reportBox.hidden = text === undefined;
    if (text === undefined) return;
    this.report ??= new MarkdownView(this.doc);
    this.report.set(text);
    this.reportBox.replaceChildren(h(this.doc, 'h4', {}, 'Report'), this.report.element);
  }
}

/** "12k tokens · $0.0042 · 14 s" */
function figuresText(view: SubagentView): string {
  const parts: string[] = [];
  if (view.usage) {
    parts.push(`${formatTokens(view.usage.inputTokens + view.usage.outputTokens)} tokens`);
    if (view.usage.costUsd !== undefined) parts.push(formatCost(view.usage.costUsd));
  }
  if (view.elapsedMs !== undefined) parts.push(`${Math.round(view.elapsedMs / 1000)} s`);
  return parts.join(' · ');
}
