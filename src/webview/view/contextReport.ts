// What context a turn carried: each item with its tokens, and which were cut or left out.
import type { ContextReportView } from '../../protocol/messages';
import { h } from '../dom';
import { formatPercent, formatTokens } from '../format';

export function contextSummary(report: ContextReportView): string {
  const items = report.items.length === 1 ? '1 item' : `${report.items.length} items`;
  return `Context · ${items} · ${formatTokens(report.totalTokens)} tokens (${formatPercent(report.totalTokens, report.budgetTokens)} of ${formatTokens(report.budgetTokens)})`;
}

export function renderContextReport(doc: Document, report: ContextReportView): HTMLDetailsElement {
  const rows = report.items.map((item) =>
    h(
      doc,
      'li',
      { class: 'context-item', 'data-context-id': item.id },
      h(doc, 'span', { class: 'context-kind' }, item.kind),
      h(doc, 'span', { class: 'context-label', title: item.label }, item.label),
      h(doc, 'span', { class: 'context-tokens' }, formatTokens(item.tokens)),
      item.truncated ? h(doc, 'span', { class: 'badge cut', title: 'Shortened to fit the budget' }, 'cut') : null,
      item.omitted ? h(doc, 'span', { class: 'badge omitted', title: item.omitted }, 'left out') : null,
    ),
  );
  return h(doc, 'details', { class: 'context-report' }, h(doc, 'summary', {}, contextSummary(report)), h(doc, 'ul', {}, ...rows));
}
