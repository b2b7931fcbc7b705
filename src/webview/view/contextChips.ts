// What the next message will carry, as chips above the prompt: each item with its tokens; an item that will
// not go (a secret file, no room) says so and why instead of showing "0". Clicking a chip leaves that item
// out (clicking again brings it back); the ids left out go with the message. Once the message is sent the
// chips clear: what went is then shown under the question.
import type { ContextReportView } from '../../protocol/messages';
import { h, icon } from '../dom';
import { formatTokens } from '../format';
import { isSent, itemNote } from './contextReport';

export class ContextChips {
  readonly element: HTMLElement;
  private readonly excluded = new Set<string>();
  private report: ContextReportView | undefined;

  constructor(private readonly doc: Document) {
    this.element = h(doc, 'div', { id: 'context-chips', role: 'group', 'aria-label': 'Context for the next message', hidden: true });
    this.element.addEventListener('click', (event) => {
      const chip = (event.target as Element).closest?.('[data-context-id]');
      const id = chip?.getAttribute('data-context-id');
      if (!id || chip?.hasAttribute('disabled')) return;
      if (this.excluded.has(id)) this.excluded.delete(id);
      else this.excluded.add(id);
      this.render();
    });
  }

  show(report: ContextReportView): void {
    this.report = report;
    const ids = new Set(report.items.map((item) => item.id));
    for (const id of this.excluded) if (!ids.has(id)) this.excluded.delete(id);
    this.render();
  }

  /** Forgets the preview (the message was sent, or the conversation changed). */
  clear(): void {
    this.report = undefined;
    this.excluded.clear();
    this.render();
  }

  /** Ids the user removed, emptying the choice for the next message. */
  takeExcluded(): string[] {
    const ids = [...this.excluded];
    this.excluded.clear();
    this.render();
    return ids;
  }

  private render(): void {
    const items = this.report?.items ?? [];
    this.element.hidden = items.length === 0;
    if (!this.report || !items.length) {
      this.element.replaceChildren();
      return;
    }
    const going = items.filter((item) => isSent(item) && !this.excluded.has(item.id));
    const chips = items.map((item) => {
      const sent = isSent(item);
      const out = this.excluded.has(item.id);
      const note = itemNote(item);
      const label = !sent ? `${item.label}, ${note}` : out ? `Add ${item.label} back to the context` : `Remove ${item.label} from the context`;
      return h(
        this.doc,
        'button',
        {
          type: 'button',
          class: `chip${out ? ' excluded' : ''}${sent ? '' : ' not-sent'}`,
          'data-context-id': item.id,
          'aria-pressed': sent ? (out ? 'false' : 'true') : undefined,
          disabled: !sent,
          'aria-label': label,
          title: `${item.label} · ${sent ? `${formatTokens(item.tokens)} tokens` : ''}${note ? ` ${note}` : ''}`.trim(),
        },
        h(this.doc, 'span', { class: 'chip-label' }, item.label),
        h(this.doc, 'span', { class: 'chip-tokens' }, sent ? formatTokens(item.tokens) : item.placement === 'earlier' ? 'sent earlier' : 'not sent'),
        sent ? icon(this.doc, out ? 'add' : 'close') : icon(this.doc, 'info'),
      );
    });
    const total = going.reduce((sum, item) => sum + item.tokens, 0);
    const summary = h(this.doc, 'span', { class: 'chips-total' }, `With your next message: ${going.length === 1 ? '1 item' : `${going.length} items`} · ${formatTokens(total)} tokens`);
    this.element.replaceChildren(summary, ...chips);
  }
}
