// One message of the transcript. Parts that most messages lack (reasoning, tools, edits, error, context)
// are created on first use; streamed updates touch only the part they concern.
import type { ApprovalView, ContextReportView, EditView, ErrorView, MessageView, SubagentView, ToolCallView, UsageFigures } from '../../protocol/messages';
import { h, icon, textButton } from '../dom';
import { formatUsage } from '../format';
import { MarkdownView } from '../render/streaming';
import { renderApprovalCard } from './approvalCard';
import { renderContextReport } from './contextReport';
import { editChangedFiles, renderEditCard } from './editCard';
import { SubagentCard } from './subagentCard';
import { ToolCard } from './toolCard';

const attachedImage = /^data:image\/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$/;

const errorActions: Record<NonNullable<ErrorView['actions']>[number], [string, string, string]> = {
  retry: ['Retry', 'retry', 'refresh'],
  setKey: ['Set API key', 'set-key', 'key'],
  openSettings: ['Open settings', 'open-settings', 'gear'],
};

export class MessageElement {
  readonly element: HTMLElement;
  private readonly body: MarkdownView | null;
  private reasoning: { details: HTMLDetailsElement; label: HTMLElement; view: MarkdownView } | null = null;
  private readonly toolCards = new Map<string, ToolCard>();
  private readonly editCards = new Map<string, HTMLElement>();
  private readonly approvalCards = new Map<string, HTMLElement>();
  private readonly subagentCards = new Map<string, SubagentCard>();
  private subagentsElement: HTMLElement | null = null;
  private readonly edits = new Map<string, EditView>();
  private toolsElement: HTMLElement | null = null;
  private editsElement: HTMLElement | null = null;
  private errorElement: HTMLElement | null = null;
  private contextElement: HTMLElement | null = null;
  private readonly footer: HTMLElement;
  private readonly usageElement: HTMLElement;
  private alternatives: string[];
  private shownAlternative = 0;
  private alternativesElement: HTMLElement | null = null;

  constructor(private readonly doc: Document, private readonly message: MessageView) {
    const role = message.role;
    this.element = h(doc, 'article', {
      class: `message ${role}`,
      'data-message-id': message.id,
      'data-turn-id': message.turnId,
      'aria-label': role === 'user' ? 'Your message' : 'Assistant message',
    });
    this.usageElement = h(doc, 'span', { class: 'usage' });
    this.footer = h(doc, 'div', { class: 'message-footer' }, this.usageElement);
    this.alternatives = message.alternatives ? [...message.alternatives] : [];

    if (role === 'user') {
      this.body = null;
      this.element.append(h(doc, 'div', { class: 'user-text' }, message.text));
      const images = (message.images ?? []).filter((src) => attachedImage.test(src));
      if (images.length) {
        this.element.append(h(doc, 'div', { class: 'message-images' }, ...images.map((src, i) => h(doc, 'img', { src, alt: `Attached image ${i + 1}` }))));
      }
      return;
    }

    if (message.reasoning) this.appendReasoning(message.reasoning);
    for (const call of message.toolCalls ?? []) this.setToolCall(call);
    for (const edit of message.edits ?? []) this.setEdit(edit);
    for (const approval of message.approvals ?? []) this.setApproval(approval);
    for (const subagent of message.subagents ?? []) this.setSubagent(subagent);
    this.body = new MarkdownView(doc);
    const bodyElement = h(doc, 'div', { class: 'message-body' }, this.body.element);
    this.element.append(bodyElement, this.footer);
    if (this.alternatives.length > 1) this.renderAlternatives();
    const shown = this.alternatives.length > 1 ? this.alternatives[0] : message.text;
    if (message.status === 'streaming') {
      this.body.append(shown);
    } else {
      this.body.set(shown);
    }
    this.setStatus(message.status, message.error);
    if (message.usage) this.setUsage(message.usage);
    if (message.context) this.setContext(message.context);
  }

  get id(): string {
    return this.message.id;
  }

  appendText(delta: string, resultIndex = 0): void {
    if (!this.body) return;
    if (resultIndex > 0 || this.alternatives.length > 0) {
      if (this.alternatives.length === 0) this.alternatives.push(this.body.source);
      const count = this.alternatives.length;
      while (this.alternatives.length <= resultIndex) this.alternatives.push('');
      this.alternatives[resultIndex] += delta;
      if (this.alternatives.length !== count) this.renderAlternatives();
      if (resultIndex !== this.shownAlternative) return;
    }
    this.body.append(delta);
    if (this.reasoning?.label.textContent === 'Thinking…') this.labelReasoning();
  }

  appendReasoning(delta: string): void {
    if (!this.reasoning) {
      const label = h(this.doc, 'span', { class: 'reasoning-label' }, 'Reasoning');
      const view = new MarkdownView(this.doc);
      const details = h(this.doc, 'details', { class: 'reasoning' }, h(this.doc, 'summary', {}, icon(this.doc, 'lightbulb'), label), view.element);
      this.reasoning = { details, label, view };
      this.element.prepend(details);
    }
    this.reasoning.view.append(delta);
    this.labelReasoning();
  }

  /** "Thinking…" while the model reasons and has not started its answer. */
  private labelReasoning(): void {
    if (!this.reasoning) return;
    const thinking = this.element.getAttribute('data-status') === 'streaming' && (this.body?.isEmpty ?? true);
    this.reasoning.label.textContent = thinking ? 'Thinking…' : 'Reasoning';
  }

  setToolCall(call: ToolCallView): void {
    const card = this.toolCards.get(call.callId);
    if (card) {
      card.update(call);
      return;
    }
    const created = new ToolCard(this.doc, call);
    this.toolCards.set(call.callId, created);
    this.toolsElement ??= this.insertPart(h(this.doc, 'div', { class: 'tool-calls' }), ['edits', 'alternatives', 'message-body']);
    this.toolsElement.append(created.element);
  }

  appendToolArguments(callId: string, delta: string): void {
    this.toolCards.get(callId)?.appendArguments(delta);
  }

  /** Adds or updates the nested card of a subagent this answer delegated to. */
  setSubagent(view: SubagentView): void {
    const card = this.subagentCards.get(view.id);
    if (card) return card.update(view);
    const created = new SubagentCard(this.doc, view);
    this.subagentCards.set(view.id, created);
    this.subagentsElement ??= this.insertPart(h(this.doc, 'div', { class: 'subagents', role: 'group', 'aria-label': 'Subagents' }), ['edits', 'alternatives', 'message-body']);
    this.subagentsElement.append(created.element);
  }

  setEdit(edit: EditView): void {
    this.edits.set(edit.editId, edit);
    const card = renderEditCard(this.doc, edit);
    const old = this.editCards.get(edit.editId);
    if (old) old.replaceWith(card);
    else {
      this.editsElement ??= this.insertPart(h(this.doc, 'div', { class: 'edits' }), ['alternatives', 'message-body']);
      this.editsElement.append(card);
    }
    this.editCards.set(edit.editId, card);
    this.renderUndo();
  }

  /** Shows an approval question, or its answer, in place. */
  setApproval(approval: ApprovalView): void {
    const card = renderApprovalCard(this.doc, approval);
    const old = this.approvalCards.get(approval.id);
    if (old) old.replaceWith(card);
    else this.insertPart(card, ['edits', 'alternatives', 'message-body']);
    this.approvalCards.set(approval.id, card);
  }

  setUsage(usage: UsageFigures): void {
    this.usageElement.textContent = formatUsage(usage);
  }

  setContext(report: ContextReportView): void {
    const element = renderContextReport(this.doc, report);
    if (this.contextElement) this.contextElement.replaceWith(element);
    else this.footer.before(element);
    this.contextElement = element;
  }

  setStatus(status: MessageView['status'], error?: ErrorView): void {
    this.element.setAttribute('data-status', status);
    if (status !== 'streaming') {
      this.body?.finish();
      this.reasoning?.view.finish();
    }
    this.labelReasoning();
    this.errorElement?.remove();
    this.errorElement = null;
    if (error) {
      this.errorElement = this.renderError(error);
      this.footer.before(this.errorElement);
    } else if (status === 'stopped' || status === 'incomplete') {
      const note = status === 'stopped' ? 'Stopped.' : 'The answer was cut short.';
      this.errorElement = h(this.doc, 'p', { class: 'message-note' }, note);
      this.footer.before(this.errorElement);
    }
  }

  /** Shows result `index` of several alternatives. */
  showAlternative(index: number): void {
    if (!this.body || index < 0 || index >= this.alternatives.length) return;
    this.shownAlternative = index;
    this.body.set(this.alternatives[index]);
    this.renderAlternatives();
  }

  private renderError(error: ErrorView): HTMLElement {
    const buttons = (error.actions ?? []).map((action) => {
      const [label, name, iconName] = errorActions[action];
      return textButton(this.doc, label, name, iconName, { 'aria-label': label });
    });
    return h(
      this.doc,
      'div',
      { class: 'message-error', role: 'alert', 'data-kind': error.kind },
      icon(this.doc, 'error'),
      h(this.doc, 'span', { class: 'error-text' }, error.message),
      buttons.length ? h(this.doc, 'span', { class: 'error-actions' }, ...buttons) : null,
    );
  }

  private renderUndo(): void {
    const existing = this.footer.querySelector('[data-action="undo-turn"]');
    const show = Boolean(this.message.turnId) && [...this.edits.values()].some(editChangedFiles);
    if (show && !existing) this.footer.append(textButton(this.doc, 'Undo this turn', 'undo-turn', 'discard', { 'aria-label': 'Undo this turn' }));
    if (!show) existing?.remove();
  }

  private renderAlternatives(): void {
    const buttons = this.alternatives.map((_, i) =>
      h(this.doc, 'button', {
        type: 'button',
        class: 'alternative',
        'data-action': 'pick-alternative',
        'data-index': i,
        'aria-label': `Alternative ${i + 1}`,
        'aria-pressed': i === this.shownAlternative ? 'true' : 'false',
      }, String(i + 1)),
    );
    if (!this.alternativesElement) {
      this.alternativesElement = this.insertPart(h(this.doc, 'div', { class: 'alternatives', role: 'group', 'aria-label': 'Alternatives' }), ['message-body']);
    }
    this.alternativesElement.replaceChildren(h(this.doc, 'span', { class: 'alternatives-label' }, 'Alternatives'), ...buttons);
  }

  /** Puts a part before the first child with one of the classes `before` (or last when there is none). */
  private insertPart(part: HTMLElement, before: string[]): HTMLElement {
    const anchor = Array.from(this.element.children).find((child) => before.some((name) => child.classList.contains(name)));
    if (anchor) anchor.before(part);
    else this.element.append(part);
    return part;
  }
}
