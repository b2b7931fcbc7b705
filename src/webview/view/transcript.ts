// The list of messages. Each host update goes to the one message it names; earlier messages are never
// re-rendered. Clicks inside are handled once here (code-block buttons, edit review, links...).
import type { HostToWebview, MessageView, WebviewMessage } from '../../protocol/messages';
import { h } from '../dom';
import { codeOf } from '../render/codeBlock';
import { MessageElement } from './message';

/** Distance from the bottom (px) within which the view keeps following new text. */
const followSlack = 48;
/** Characters of the newest messages rendered at once on opening a conversation: a few screens' worth. */
const firstScreenChars = 6000;
/** Older messages rendered per idle moment after that. */
const olderPerBatch = 10;

export class Transcript {
  readonly element: HTMLElement;
  private readonly messages = new Map<string, MessageElement>();
  private following = true;
  private scrollQueued = false;
  /** Older messages of the conversation not rendered yet (oldest first), and their pending render. */
  private older: MessageView[] = [];
  private olderTimer: ReturnType<typeof setTimeout> | undefined;

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
    return this.messages.size + this.older.length;
  }

  /**
   * Replaces every message (on load or on switching conversation), scrolled to the end or to `scrollTop`.
   * Opened at its end, a long conversation shows its newest messages first and renders the older ones
   * above them in idle moments; restoring a position needs them all first.
   */
  reset(messages: readonly MessageView[], scrollTop?: number): void {
    this.messages.clear();
    clearTimeout(this.olderTimer);
    let first = 0;
    if (scrollTop === undefined) {
      first = messages.length;
      for (let chars = 0; first > 0 && chars < firstScreenChars; ) chars += messages[--first].text.length + 200;
    }
    this.older = messages.slice(0, first);
    const fragment = this.doc.createDocumentFragment();
    for (const message of messages.slice(first)) fragment.append(this.create(message).element);
    this.element.replaceChildren(fragment);
    this.following = scrollTop === undefined;
    this.scrollToEnd(scrollTop);
    this.scheduleOlder();
  }

  /** The message with this id, rendering the older messages first if it is one of them. */
  private find(id: string): MessageElement | undefined {
    if (!this.messages.has(id) && this.older.some((message) => message.id === id)) this.renderOlder(this.older.length);
    return this.messages.get(id);
  }

  private scheduleOlder(): void {
    if (!this.older.length) return;
    const win = this.doc.defaultView as (Window & { requestIdleCallback?: (run: () => void, options: { timeout: number }) => number }) | null;
    const run = () => this.renderOlder(olderPerBatch);
    // After the first frame, when the page is idle (or within 200 ms at the latest).
    if (win?.requestIdleCallback) win.requestIdleCallback(run, { timeout: 200 });
    else this.olderTimer = setTimeout(run, 0);
  }

  /** Renders the `count` newest of the older messages above the others, keeping what is in view in place. */
  private renderOlder(count: number): void {
    clearTimeout(this.olderTimer);
    const batch = this.older.splice(Math.max(0, this.older.length - count));
    if (!batch.length) return;
    const fragment = this.doc.createDocumentFragment();
    for (const message of batch) fragment.append(this.create(message).element);
    const fromBottom = this.element.scrollHeight - this.element.scrollTop;
    this.element.prepend(fragment);
    if (this.following) this.scrollToEnd();
    else this.element.scrollTop = this.element.scrollHeight - fromBottom;
    this.scheduleOlder();
  }

  start(message: MessageView): void {
    const existing = this.find(message.id);
    const created = this.create(message);
    if (existing) existing.element.replaceWith(created.element);
    else this.element.append(created.element);
    this.changed();
  }

  textDelta({ messageId, delta, resultIndex }: HostToWebview['textDelta']): void {
    this.find(messageId)?.appendText(delta, resultIndex);
    this.changed();
  }

  reasoningDelta({ messageId, delta }: HostToWebview['reasoningDelta']): void {
    this.find(messageId)?.appendReasoning(delta);
    this.changed();
  }

  toolCall({ messageId, call }: HostToWebview['toolCall']): void {
    this.find(messageId)?.setToolCall(call);
    this.changed();
  }

  commandOutput({ messageId, callId, text }: HostToWebview['commandOutput']): void {
    this.messages.get(messageId)?.appendCommandOutput(callId, text);
  }

  checkpoint({ messageId, checkpoint }: HostToWebview['checkpoint']): void {
    this.messages.get(messageId)?.setCheckpoint(checkpoint);
  }

  toolCallDelta({ messageId, callId, delta }: HostToWebview['toolCallDelta']): void {
    this.find(messageId)?.appendToolArguments(callId, delta);
  }

  edit({ messageId, edit }: HostToWebview['edit']): void {
    this.find(messageId)?.setEdit(edit);
    this.changed();
  }

  approval({ messageId, approval }: HostToWebview['approval']): void {
    this.find(messageId)?.setApproval(approval);
    this.changed();
  }

  subagent({ messageId, subagent }: HostToWebview['subagent']): void {
    this.find(messageId)?.setSubagent(subagent);
    this.changed();
  }

  usage({ messageId, usage }: HostToWebview['usage']): void {
    this.find(messageId)?.setUsage(usage);
  }

  context({ messageId, report }: HostToWebview['context']): void {
    this.find(messageId)?.setContext(report);
  }

  end({ messageId, status, error }: HostToWebview['messageEnd']): void {
    this.find(messageId)?.setStatus(status, error);
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
      case 'stop-command': {
        const card = button.closest('.command-card');
        const callId = card?.getAttribute('data-call-id');
        const background = card?.getAttribute('data-background');
        if (callId) this.post({ type: 'stopCommand', callId, ...(background ? { background } : {}) });
        break;
      }
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
        this.find(messageId)?.showAlternative(index);
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
