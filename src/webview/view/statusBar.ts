// Conversation totals (tokens, cost) and the one context meter: how much of what a request can carry the
// last request to the model used.
import type { UsageFigures } from '../../protocol/messages';
import { h } from '../dom';
import { formatPercent, formatTokens, formatUsage } from '../format';

export class StatusBar {
  readonly element: HTMLElement;
  private readonly totals: HTMLElement;
  private readonly meter: HTMLElement;
  private readonly fill: HTMLElement;
  private readonly fillLabel: HTMLElement;

  constructor(doc: Document) {
    this.totals = h(doc, 'span', { id: 'usage-totals', title: 'Tokens and cost of this conversation' });
    this.fill = h(doc, 'span', { class: 'meter-fill' });
    this.fillLabel = h(doc, 'span', { class: 'meter-label' });
    this.meter = h(doc, 'span', { id: 'context-fill', role: 'meter', 'aria-label': 'Input tokens of the last request', 'aria-valuemin': 0, hidden: true }, h(doc, 'span', { class: 'meter-track' }, this.fill), this.fillLabel);
    this.element = h(doc, 'div', { id: 'status' }, this.totals, this.meter);
  }

  setTotals(totals: UsageFigures): void {
    const any = totals.inputTokens + totals.outputTokens > 0;
    this.totals.textContent = any ? `Σ ${formatUsage(totals)}` : '';
  }

  /** `tokens`: input of the last request; `limit`: what one request may carry. */
  setContext(tokens: number, limit: number): void {
    this.meter.hidden = tokens <= 0;
    const ratio = limit > 0 ? Math.min(1, tokens / limit) : 0;
    // The CSP forbids style attributes; setting the property through CSSOM is allowed.
    this.fill.style.width = `${(ratio * 100).toFixed(1)}%`;
    this.meter.classList.toggle('high', ratio >= 0.8);
    this.meter.setAttribute('aria-valuemax', String(limit));
    this.meter.setAttribute('aria-valuenow', String(tokens));
    const text = `${formatTokens(tokens)} of ${formatTokens(limit)} input tokens (${formatPercent(tokens, limit)})`;
    this.meter.setAttribute('aria-valuetext', text);
    this.meter.title = `Last request: ${text}. Older turns are shortened when a request would not fit.`;
    this.fillLabel.textContent = `${formatTokens(tokens)}/${formatTokens(limit)}`;
  }
}
