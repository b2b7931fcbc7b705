// Conversation totals (tokens, cost) and how full the model's context window is.
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
    this.meter = h(doc, 'span', { id: 'context-fill', role: 'meter', 'aria-label': 'Context window used', 'aria-valuemin': 0 }, h(doc, 'span', { class: 'meter-track' }, this.fill), this.fillLabel);
    this.element = h(doc, 'div', { id: 'status' }, this.totals, this.meter);
  }

  setTotals(totals: UsageFigures): void {
    const any = totals.inputTokens + totals.outputTokens > 0;
    this.totals.textContent = any ? `Σ ${formatUsage(totals)}` : '';
  }

  setContext(tokens: number, windowTokens: number): void {
    const ratio = windowTokens > 0 ? Math.min(1, tokens / windowTokens) : 0;
    // The CSP forbids style attributes; setting the property through CSSOM is allowed.
    this.fill.style.width = `${(ratio * 100).toFixed(1)}%`;
    this.meter.classList.toggle('high', ratio >= 0.8);
    this.meter.setAttribute('aria-valuemax', String(windowTokens));
    this.meter.setAttribute('aria-valuenow', String(tokens));
    const text = `${formatTokens(tokens)} / ${formatTokens(windowTokens)} (${formatPercent(tokens, windowTokens)})`;
    this.meter.setAttribute('aria-valuetext', text);
    this.meter.title = `Context: ${text}`;
    this.fillLabel.textContent = formatPercent(tokens, windowTokens);
  }
}
