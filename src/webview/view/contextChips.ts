// The context the next message will carry, as chips above the prompt. Clicking a chip leaves that item out
// (clicking again brings it back); the ids left out go with the message.
import type { ContextReportView } from '../../protocol/messages';
import { h, icon } from '../dom';
import { formatPercent, formatTokens } from '../format';

export class ContextChips {
  readonly element: HTMLElement;
  private readonly excluded = new Set<string>();
  private report: ContextReportView | undefined;

  constructor(private readonly doc: Document) {
    this.element = h(doc, 'div', { id: 'context-chips', role: 'group', 'aria-label': 'Context for the next message', hidden: true });
    this.element.addEventListener('click', (event) => {
      const chip = (event.target as Element).closest?.('[data-context-id]');
      const id = chip?.getAttribute('data-context-id');
      if (!id) return;
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
    const included = items.filter((item) => !this.excluded.has(item.id)).reduce((sum, item) => sum + item.tokens, 0);
    const chips = items.map((item) => {
      const out = this.excluded.has(item.id);
      return h(
        this.doc,
        'button',
        {
          type: 'button',
          class: `chip${out ? ' excluded' : ''}`,
          'data-context-id': item.id,
          'aria-pressed': out ? 'false' : 'true',
          'aria-label': out ? `Add ${item.label} back to the context` : `Remove ${item.label} from the context`,
          title: `${item.label} · ${formatTokens(item.tokens)} tokens${item.truncated ? ' (cut)' : ''}`,
        },
        h(this.doc, 'span', { class: 'chip-label' }, item.label),
        h(this.doc, 'span', { class: 'chip-tokens' }, formatTokens(item.tokens)),
        icon(this.doc, out ? 'add' : 'close'),
      );
    });
    const total = h(this.doc, 'span', { class: 'chips-total' }, `${formatTokens(included)} tokens · ${formatPercent(included, this.report.budgetTokens)}`);
    this.element.replaceChildren(...chips, total);
  }
}
