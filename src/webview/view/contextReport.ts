// What context went with a question, under it: each item with its tokens, and which were cut, already in
// the conversation, or not sent at all, with the reason in words.
import type { ContextItemView, ContextReportView } from '../../protocol/messages';
import { h } from '../dom';
import { formatTokens } from '../format';

/** "Sent with this message · 4 items · 3.2k tokens · 1 cut · 1 not sent" */
export function contextSummary(report: ContextReportView): string {
  const sent = report.items.filter(isSent);
  const parts = [`Sent with this message · ${sent.length === 1 ? '1 item' : `${sent.length} items`} · ${formatTokens(report.totalTokens)} tokens`];
  const cut = sent.filter((i) => i.truncated).length;
  const notSent = report.items.filter((i) => !isSent(i) && i.placement !== 'earlier').length;
  if (cut) parts.push(`${cut} cut`);
  if (notSent) parts.push(`${notSent} not sent`);
  return parts.join(' · ');
}

/** Sent this time (not withheld, not left out, not already in the conversation). */
export function isSent(item: ContextItemView): boolean {
  return !item.omitted && item.placement !== 'none' && item.placement !== 'earlier';
}

/** Why an item did not go, or what happened to it, in words; undefined for an item sent whole. */
export function itemNote(item: ContextItemView): string | undefined {
  if (item.omitted) return `not sent: ${item.omitted}`;
  if (item.placement === 'earlier') return 'already in the conversation, not sent again';
  if (item.truncated) return item.note ? `cut: ${item.note}` : 'cut to fit the budget';
  return item.note;
}

export function renderContextReport(doc: Document, report: ContextReportView): HTMLDetailsElement {
  const rows = report.items.map((item) => {
    const note = itemNote(item);
    return h(
      doc,
      'li',
      { class: `context-item${isSent(item) ? '' : ' not-sent'}`, 'data-context-id': item.id },
      h(doc, 'span', { class: 'context-label', title: item.label }, item.label),
      h(doc, 'span', { class: 'context-tokens' }, isSent(item) ? formatTokens(item.tokens) : '—'),
      note ? h(doc, 'span', { class: 'context-note' }, note) : null,
    );
  });
  return h(doc, 'details', { class: 'context-report' }, h(doc, 'summary', {}, contextSummary(report)), h(doc, 'ul', {}, ...rows));
}
