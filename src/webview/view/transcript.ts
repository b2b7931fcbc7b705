// The list of messages. Each host update goes to the one message it names; earlier messages are never
// re-rendered. Clicks inside are handled once here (code-block buttons, edit review, links...).
import type { HostToWebview, MessageView, WebviewMessage } from '../../protocol/messages';
import { h } from '../dom';
import { codeOf } from '../render/codeBlock';
import { MessageElement } from './message';

/** Distance from the bottom (px) within which the view keeps following new text. */
const followSlack = 48;

export class Transcript {
  readonly element: HTMLElement;
  private readonly messages = new Map<string, MessageElement>();
  private following = true;
  private scrollQueued = false;

  constructor(private readonly doc: Document, private readonly post: (message: WebviewMessage) => void) {
    this.element = h(doc, 'div', { id: 'transcript', role: 'log', 'aria-live': 'off', 'aria-label': 'Conversation', tabindex: 0 });
    this.element.addEventListener('click', (event) => this.onClick(event));
    // Middle-click would open links in a new webview tab: treat it like a click.
    this.element.addEventListener('auxclick', (event) => this.onClick(event));
    this.element.addEventListener('scroll', () => {
      const { scrollTop, scrollHeight, clientHeight } = this.element;
      this.following = scrollHeight - scrollTop - clientHeight <= followSlack;
    });
  }

  get size(): number {
    return this.messages.size;
  }

  /** Replaces every message (on load or on switching conversation), scrolled to the end or to `scrollTop`. */
  reset(messages: readonly MessageView[], scrollTop?: number): void {
    this.messages.clear();
    const fragment = this.doc.createDocumentFragment();
    for (const message of messages) fragment.append(this.create(message).element);
    this.element.replaceChildren(fragment);
    this.following = scrollTop === undefined;
    this.scrollToEnd(scrollTop);
  }

  start(message: MessageView): void {
    const existing = this.messages.get(message.id);
    const created = this.create(message);
    if (existing) existing.element.replaceWith(created.element);
    else this.element.append(created.element);
    this.changed();
  }

  textDelta({ messageId, delta, resultIndex }: HostToWebview['textDelta']): void {
    this.messages.get(messageId)?.appendText(delta, resultIndex);
    this.changed();
  }

  reasoningDelta({ messageId, delta }: HostToWebview['reasoningDelta']): void {
    this.messages.get(messageId)?.appendReasoning(delta);
    this.changed();
  }

  toolCall({ messageId, call }: HostToWebview['toolCall']): void {
    this.messages.get(messageId)?.setToolCall(call);
    this.changed();
  }

  toolCallDelta({ messageId, callId, delta }: HostToWebview['toolCallDelta']): void {
    this.messages.get(messageId)?.appendToolArguments(callId, delta);
  }

  edit({ messageId, edit }: HostToWebview['edit']): void {
    this.messages.get(messageId)?.setEdit(edit);
    this.changed();
  }

  approval({ messageId, approval }: HostToWebview['approval']): void {
    this.messages.get(messageId)?.setApproval(approval);
    this.changed();
  }

  subagent({ messageId, subagent }: HostToWebview['subagent']): void {
    this.messages.get(messageId)?.setSubagent(subagent);
    this.changed();
  }

  usage({ messageId, usage }: HostToWebview['usage']): void {
    this.messages.get(messageId)?.setUsage(usage);
  }

  context({ messageId, report }: HostToWebview['context']): void {
    this.messages.get(messageId)?.setContext(report);
  }

  end({ messageId, status, error }: HostToWebview['messageEnd']): void {
    this.messages.get(messageId)?.setStatus(status, error);
    this.changed();
  }

  private create(message: MessageView): MessageElement {
    const element = new MessageElement(this.doc, message);
    this.messages.set(message.id, element);
    return element;
  }

  /** Keeps the newest text in view, at most once per frame, unless the user scrolled up to read. */
  private changed(): void {
    if (this.following) this.scrollToEnd();
  }

  private scrollToEnd(scrollTop?: number): void {
    if (this.scrollQueued) return;
    this.scrollQueued = true;
    const win = this.doc.defaultView;
    const run = () => {
      this.scrollQueued = false;
      this.element.scrollTop = scrollTop ?? this.element.scrollHeight;
    };
    if (win?.requestAnimationFrame) win.requestAnimationFrame(run);
    else setTimeout(run, 16);
  }

  private onClick(event: MouseEvent): void {
    const target = event.target as Element | null;
    if (!target?.closest) return;
    const link = target.closest('a');
    if (link) {
      // Links never navigate the webview: the host opens them, with VS Code's own confirmation.
      event.preventDefault();
      const href = link.getAttribute('href');
      if (href && event.type === 'click') this.post({ type: 'openLink', href });
      return;
    }
    if (event.type !== 'click') return;
    const button = target.closest('[data-action]');
    if (!button) return;
    const action = button.getAttribute('data-action');
    const message = button.closest('.message');
    const messageId = message?.getAttribute('data-message-id') ?? '';
    const editId = button.closest('.edit-card')?.getAttribute('data-edit-id') ?? '';
    const path = button.getAttribute('data-path') ?? undefined;
    const codeBlock = button.closest('.code-block');
    // Buttons inside a <summary> would also fold the card.
    event.preventDefault();
    switch (action) {
      case 'copy-code':
        if (codeBlock) this.post({ type: 'copyCode', code: codeOf(codeBlock).code });
        this.flash(button, 'Copied');
        break;
      case 'insert-code':
        if (codeBlock) this.post({ type: 'insertCode', code: codeOf(codeBlock).code });
        break;
      case 'apply-code':
        if (codeBlock) this.post({ type: 'applyCode', ...codeOf(codeBlock) });
        break;
      case 'accept-edit':
        this.post({ type: 'acceptEdit', editId });
        break;
      case 'reject-edit':
        this.post({ type: 'rejectEdit', editId });
        break;
      case 'approve-once':
      case 'approve-always':
      case 'deny-approval': {
        const id = button.closest('.approval-card')?.getAttribute('data-approval-id');
        const decision = action === 'approve-once' ? 'once' : action === 'approve-always' ? 'always' : 'deny';
        if (id) this.post({ type: 'answerApproval', id, decision });
        break;
      }
      case 'show-diff':
        this.post({ type: 'showDiff', editId, ...(path ? { path } : {}) });
        break;
      case 'open-file':
        if (path) this.post({ type: 'openFile', path });
        break;
      case 'undo-turn': {
        const turnId = message?.getAttribute('data-turn-id');
        if (turnId) this.post({ type: 'undoTurn', turnId });
        break;
      }
      case 'retry':
        this.post({ type: 'retry', messageId });
        break;
      case 'set-key':
        this.post({ type: 'setKey' });
        break;
      case 'open-settings':
        this.post({ type: 'openSettings' });
        break;
      case 'pick-alternative': {
        const index = Number(button.getAttribute('data-index'));
        this.messages.get(messageId)?.showAlternative(index);
        this.post({ type: 'pickAlternative', messageId, index });
        break;
      }
    }
  }

  /** Briefly shows feedback in a button's tooltip and accessible name. */
  private flash(button: Element, text: string): void {
    const label = button.getAttribute('aria-label');
    if (!label || label === text) return;
    button.setAttribute('aria-label', text);
    button.setAttribute('title', text);
    setTimeout(() => {
      button.setAttribute('aria-label', label);
      button.setAttribute('title', label);
    }, 1200);
  }
}
