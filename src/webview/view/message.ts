// One message of the transcript. A question shows as typed, with its attachments, what was sent with it
// and an Edit button; an answer shows its reasoning, then its text and steps (tool calls, approvals,
// subagents, edits) in the order they happened, then its footer (usage, copy, regenerate, undo/redo of the
// turn's edits). Parts most messages lack are created on first use; streamed updates touch only the part
// they concern.
import type { ApprovalView, ContextReportView, EditView, ErrorView, MessageView, SideRequestView, SubagentView, ToolCallView, UsageFigures } from '../../protocol/messages';
import { h, icon, iconButton, textButton } from '../dom';
import { formatUsage } from '../format';
import { MarkdownView } from '../render/streaming';
import { renderApprovalCard } from './approvalCard';
import { renderContextReport } from './contextReport';
import { renderEditCard } from './editCard';
import { MessageFlow, type PlacedStep } from './messageFlow';
import { renderSideRequest } from './sideRequest';
import { SubagentCard } from './subagentCard';
import { ToolCard } from './toolCard';
import { CommandCard } from './commandCard';
import { renderUserMessage } from './userMessage';

const errorActions: Record<NonNullable<ErrorView['actions']>[number], [string, string, string]> = {
  retry: ['Retry', 'retry', 'refresh'],
  setKey: ['Set API key', 'set-key', 'key'],
  openSettings: ['Open settings', 'open-settings', 'gear'],
};

export class MessageElement {
  readonly element: HTMLElement;
  private readonly flow: MessageFlow | null = null;
  private reasoning: { details: HTMLDetailsElement; label: HTMLElement; view: MarkdownView } | null = null;
  private readonly toolCards = new Map<string, ToolCard | CommandCard>();
  private readonly editCards = new Map<string, HTMLElement>();
  private readonly sideCards = new Map<string, HTMLElement>();
  private readonly approvalCards = new Map<string, HTMLElement>();
  private readonly subagentCards = new Map<string, SubagentCard>();
  /** The group of subagent cards of each delegate call, by call id. */
  private readonly subagentGroups = new Map<string, HTMLElement>();
  private errorElement: HTMLElement | null = null;
  private error: ErrorView | undefined;
  private contextElement: HTMLElement | null = null;
  private readonly footer: HTMLElement;
  private readonly usageElement: HTMLElement;
  private readonly actions: HTMLElement;
  private alternatives: string[];
  private shownAlternative = 0;
  private alternativesElement: HTMLElement | null = null;
  private status: MessageView['status'];
  private canUndo: boolean;
  private canRedo: boolean;
  /** The newest answer of the conversation: the one "Regenerate" applies to. */
  private latest = false;

  constructor(private readonly doc: Document, private readonly message: MessageView) {
    const role = message.role;
    this.status = message.status;
    this.canUndo = message.canUndo === true;
    this.canRedo = message.canRedo === true;
    this.element = h(doc, 'article', {
      class: `message ${role}`,
      'data-message-id': message.id,
      'data-turn-id': message.turnId,
      'aria-label': role === 'user' ? 'Your message' : 'Assistant message',
    });
    this.usageElement = h(doc, 'span', { class: 'usage' });
    this.actions = h(doc, 'span', { class: 'message-actions' });
    this.footer = h(doc, 'div', { class: 'message-footer' }, this.usageElement, this.actions);
    this.alternatives = message.alternatives ? [...message.alternatives] : [];

    if (role === 'user') {
      this.element.append(...renderUserMessage(doc, message), this.footer);
      this.actions.append(iconButton(doc, 'edit', 'Edit and resend', 'edit-message'));
      if (message.context) this.setContext(message.context);
      return;
    }

    if (message.reasoning) this.appendReasoning(message.reasoning);
    this.flow = new MessageFlow(doc);
    this.element.append(this.flow.element, this.footer);
    if (this.alternatives.length > 1) this.renderAlternatives();
    const shown = this.alternatives.length > 1 ? this.alternatives[0] : message.text;
    this.flow.build(shown, this.initialSteps(message), message.status === 'streaming');
    this.setStatus(message.status, message.error);
    if (message.usage) this.setUsage(message.usage);
  }

  get id(): string {
    return this.message.id;
  }

  get role(): MessageView['role'] {
    return this.message.role;
  }

  /** The tool calls, edits and side requests of a stored message, each at the point of the text it began at. */
  private initialSteps(message: MessageView): PlacedStep[] {
    const steps: PlacedStep[] = [];
    // Messages saved before steps had offsets showed their steps first; they still do.
    const callOffsets = new Map<string, number>();
    for (const call of message.toolCalls ?? []) {
      callOffsets.set(call.callId, call.textOffset ?? 0);
      steps.push({ element: this.toolCard(call).element, offset: call.textOffset ?? 0 });
    }
    // A subagent's card goes with the delegate call that started it.
    for (const subagent of message.subagents ?? []) {
      const known = this.subagentGroups.has(subagent.callId);
      const group = this.subagentGroup(subagent.callId);
      group.append(this.subagentCard(subagent).element);
      if (!known) steps.push({ element: group, offset: callOffsets.get(subagent.callId) ?? 0 });
    }
    for (const approval of message.approvals ?? []) steps.push({ element: this.approvalCard(approval), offset: approval.textOffset ?? 0 });
    for (const edit of message.edits ?? []) steps.push({ element: this.editCard(edit), offset: edit.textOffset ?? 0 });
    for (const request of message.sideRequests ?? []) steps.push({ element: this.sideCard(request), offset: request.textOffset ?? message.text.length });
    return steps;
  }

  appendText(delta: string, resultIndex = 0): void {
    if (!this.flow) return;
    if (resultIndex > 0 || this.alternatives.length > 0) {
      if (this.alternatives.length === 0) this.alternatives.push(this.flow.source);
      const count = this.alternatives.length;
      while (this.alternatives.length <= resultIndex) this.alternatives.push('');
      this.alternatives[resultIndex] += delta;
      if (this.alternatives.length !== count) this.renderAlternatives();
      if (resultIndex !== this.shownAlternative) return;
    }
    this.flow.appendText(delta);
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
    const thinking = this.status === 'streaming' && (this.flow?.isEmpty ?? true);
    this.reasoning.label.textContent = thinking ? 'Thinking…' : 'Reasoning';
  }

  setToolCall(call: ToolCallView): void {
    const card = this.toolCards.get(call.callId);
    if (card) card.update(call);
    else this.flow?.addStep(this.toolCard(call).element);
  }

  appendToolArguments(callId: string, delta: string): void {
    this.toolCards.get(callId)?.appendArguments(delta);
  }

  /** Output a running command printed, onto its card. */
  appendCommandOutput(callId: string, text: string): void {
    const card = this.toolCards.get(callId);
    if (card instanceof CommandCard) card.appendOutput(text);
  }

  setEdit(edit: EditView): void {
    const old = this.editCards.get(edit.editId);
    const card = this.editCard(edit);
    if (old) old.replaceWith(card);
    else this.flow?.addStep(card);
  }

  /** Adds or updates the nested card of a subagent this answer delegated to. */
  setSubagent(view: SubagentView): void {
    const card = this.subagentCards.get(view.id);
    if (card) return card.update(view);
    const known = this.subagentGroups.has(view.callId);
    const group = this.subagentGroup(view.callId);
    group.append(this.subagentCard(view).element);
    if (!known) this.flow?.addStep(group);
  }

  /** Shows an approval question, or its answer, in place. */
  setApproval(approval: ApprovalView): void {
    const old = this.approvalCards.get(approval.id);
    const card = this.approvalCard(approval);
    if (old) old.replaceWith(card);
    else this.flow?.addStep(card);
  }

  setSideRequest(request: SideRequestView): void {
    const old = this.sideCards.get(request.id);
    const card = this.sideCard(request);
    if (old) old.replaceWith(card);
    else this.flow?.addStep(card);
  }

  setUsage(usage: UsageFigures): void {
    this.usageElement.textContent = formatUsage(usage);
  }

  /** What went with a question: shown under it (items, tokens, what was cut or withheld and why). */
  setContext(report: ContextReportView): void {
    const element = renderContextReport(this.doc, report);
    if (this.contextElement) this.contextElement.replaceWith(element);
    else this.footer.prepend(element);
    this.contextElement = element;
  }

  setStatus(status: MessageView['status'], error?: ErrorView): void {
    this.status = status;
    this.error = error;
    this.element.setAttribute('data-status', status);
    if (status !== 'streaming') {
      this.flow?.finish();
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
    this.renderActions();
  }

  /** Whether the host can undo / redo this turn's edits now. */
  setUndoState(canUndo: boolean, canRedo: boolean): void {
    this.canUndo = canUndo;
    this.canRedo = canRedo;
    this.renderActions();
  }

  /** Marks the newest answer (only it can be regenerated). */
  setLatest(latest: boolean): void {
    if (this.latest === latest) return;
    this.latest = latest;
    this.renderActions();
  }

  /** Shows result `index` of several alternatives. */
  showAlternative(index: number): void {
    if (!this.flow || index < 0 || index >= this.alternatives.length) return;
    this.shownAlternative = index;
    this.flow.replaceLastText(this.alternatives[index]);
    this.renderAlternatives();
  }

  private toolCard(call: ToolCallView): ToolCard | CommandCard {
    const card = call.name === 'run_command' ? new CommandCard(this.doc, call) : new ToolCard(this.doc, call);
    this.toolCards.set(call.callId, card);
    return card;
  }

  private editCard(edit: EditView): HTMLElement {
    const card = renderEditCard(this.doc, edit);
    this.editCards.set(edit.editId, card);
    return card;
  }

  private subagentGroup(callId: string): HTMLElement {
    let group = this.subagentGroups.get(callId);
    if (!group) {
      group = h(this.doc, 'div', { class: 'subagents', role: 'group', 'aria-label': 'Subagents', 'data-call-id': callId });
      this.subagentGroups.set(callId, group);
    }
    return group;
  }

  private subagentCard(view: SubagentView): SubagentCard {
    const card = new SubagentCard(this.doc, view);
    this.subagentCards.set(view.id, card);
    return card;
  }

  private approvalCard(approval: ApprovalView): HTMLElement {
    const card = renderApprovalCard(this.doc, approval);
    this.approvalCards.set(approval.id, card);
    return card;
  }

  private sideCard(request: SideRequestView): HTMLElement {
    const card = renderSideRequest(this.doc, request);
    this.sideCards.set(request.id, card);
    return card;
  }

  /** The answer's footer buttons: copy it, regenerate it (the newest only), undo or redo its edits. */
  private renderActions(): void {
    if (this.message.role !== 'assistant') return;
    const buttons: HTMLElement[] = [];
    if (this.status !== 'streaming') {
      buttons.push(iconButton(this.doc, 'copy', 'Copy answer', 'copy-answer'));
      const retryShown = this.error?.actions?.includes('retry') ?? false;
      if (this.latest && !retryShown) buttons.push(iconButton(this.doc, 'refresh', 'Regenerate', 'retry'));
    }
    if (this.message.turnId && this.canUndo) buttons.push(textButton(this.doc, 'Undo this turn', 'undo-turn', 'discard', { 'aria-label': 'Undo this turn' }));
    if (this.message.turnId && this.canRedo) buttons.push(textButton(this.doc, 'Redo', 'redo-turn', 'redo', { 'aria-label': 'Redo this turn' }));
    this.actions.replaceChildren(...buttons);
  }

  private renderError(error: ErrorView): HTMLElement {
    const buttons = (error.actions ?? []).map((action) => {
      const [label, name, iconName] = errorActions[action];
      const button = textButton(this.doc, label, name, iconName, { 'aria-label': label });
      if (action === 'retry' && error.retryAfterMs) countDown(this.doc, button, error.retryAfterMs);
      return button;
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
      this.alternativesElement = h(this.doc, 'div', { class: 'alternatives', role: 'group', 'aria-label': 'Alternatives' });
      this.flow?.element.before(this.alternativesElement);
    }
    this.alternativesElement.replaceChildren(h(this.doc, 'span', { class: 'alternatives-label' }, 'Alternatives'), ...buttons);
  }
}

/** A Retry button held back while the service asked to wait: "Retry in 23 s", counting down each second. */
function countDown(doc: Document, button: HTMLButtonElement, waitMs: number): void {
  const win = doc.defaultView;
  const label = button.lastChild;
  if (!win || !label) return;
  const until = Date.now() + waitMs;
  const tick = (): boolean => {
    const left = Math.ceil((until - Date.now()) / 1000);
    button.disabled = left > 0;
    label.textContent = left > 0 ? `Retry in ${left} s` : 'Retry';
    button.setAttribute('aria-label', label.textContent);
    return left > 0;
  };
  if (!tick()) return;
  const timer = win.setInterval(() => {
    if (!tick() || !button.isConnected) win.clearInterval(timer);
  }, 1000);
}
