// The list of messages. Each host update goes to the one message it names; earlier messages are never
// re-rendered. Clicks inside are handled once here (code-block buttons, edit review, links...).
//
// Following: while the view is at the bottom it keeps the newest text in sight. Scrolling away from the
// bottom (wheel, keys, the scroll bar, moving the focus up) pauses that and shows "Jump to latest"; coming
// back to the bottom or sending a question follows again. New text never scrolls the view by itself.
import type { HostToWebview, MessageView, SideRequestView, WebviewMessage } from '../../protocol/messages';
import { h, icon } from '../dom';
import { codeOf } from '../render/codeBlock';
import { highlightingLater } from '../render/laterHighlight';
import { MessageElement } from './message';
import { startEditing, stopEditing } from './userMessage';

/** Distance from the bottom (px) within which the view counts as at the bottom. */
const followSlack = 48;
/** `Node.DOCUMENT_POSITION_FOLLOWING`: the other node comes after this one. */
const FOLLOWING = 4;

/**
 * Characters of the newest messages rendered at once on opening a conversation: about a screen of a side bar
 * (more if they do not fill the view; the rest follows when idle). In a fresh view this first render also
 * compiles the renderer, so it is kept to what is seen.
 */
const firstScreenChars = 2000;
/** Older messages rendered per idle moment after that. */
const olderPerBatch = 10;

export class Transcript {
  /** The transcript with its "Jump to latest" button; put this in the page. */
  readonly container: HTMLElement;
  /** The scrolling list of messages. */
  readonly element: HTMLElement;
  private readonly jumpButton: HTMLButtonElement;
  private readonly messages = new Map<string, MessageElement>();
  private following = true;
  private scrollQueued = false;
  /** Older messages of the conversation not rendered yet (oldest first), and their pending render. */
  private older: MessageView[] = [];
  private olderTimer: ReturnType<typeof setTimeout> | undefined;
  /** Where our own last scroll put the view: its scroll event is not the user moving away. */
  private autoTop = -1;
  private latestAnswer: MessageElement | undefined;

  constructor(private readonly doc: Document, private readonly post: (message: WebviewMessage) => void) {
    this.element = h(doc, 'div', { id: 'transcript', role: 'log', 'aria-live': 'off', 'aria-label': 'Conversation', tabindex: 0 });
    this.jumpButton = h(doc, 'button', { id: 'jump-to-latest', type: 'button', class: 'text-button', hidden: true, title: 'Scroll to the newest message and keep following it' }, icon(doc, 'arrow-down'), 'Jump to latest');
    this.container = h(doc, 'div', { id: 'transcript-area' }, this.element, this.jumpButton);
    this.element.addEventListener('click', (event) => this.onClick(event));
    // Middle-click would open links in a new webview tab: treat it like a click.
    this.element.addEventListener('auxclick', (event) => this.onClick(event));
    this.element.addEventListener('keydown', (event) => this.onKey(event));
    this.element.addEventListener('scroll', () => this.onScroll());
    this.jumpButton.addEventListener('click', () => this.jumpToLatest());
  }

  get size(): number {
    return this.messages.size + this.older.length;
  }

  /** Whether new text is kept in sight (the user has not scrolled up to read). */
  get isFollowing(): boolean {
    return this.following;
  }

  /**
   * Replaces every message (on load or on switching conversation). `scrollTop` puts the view back where the
   * user was reading; without it, or when that was the bottom, it starts at the end and follows. Opened at its
   * end, a long conversation shows its newest messages first and renders the older ones above them in idle
   * moments; restoring a position needs them all first.
   */
  reset(messages: readonly MessageView[], scrollTop?: number): void {
    this.messages.clear();
    this.latestAnswer = undefined;
    clearTimeout(this.olderTimer);
    this.older = [...messages];
    this.element.replaceChildren();
    // What is shown first is not held up by syntax highlighting: its code is coloured after the first frame.
    highlightingLater(this.doc, () => {
      if (scrollTop !== undefined) {
        this.element.append(this.takeOlder(this.older.length));
        return;
      }
      this.element.append(this.layOutAtOnce(this.takeOlder(newestWithin(this.older, firstScreenChars))));
    });
    this.markLatest();
    this.following = scrollTop === undefined;
    this.updateJump();
    this.scrollToEnd(scrollTop);
    if (scrollTop === undefined) this.fillFirstScreen();
    this.scheduleOlder();
  }

  /**
   * Short messages, or a wide view: if the first frame did not fill the view, the next one shows more. Known
   * only then: messages skip layout until a frame has found them on screen (`content-visibility: auto`).
   */
  private fillFirstScreen(): void {
    const win = this.doc.defaultView;
    if (!win?.requestAnimationFrame) return;
    const older = this.older;
    win.requestAnimationFrame(() =>
      win.requestAnimationFrame(() => {
        const { clientHeight, scrollHeight } = this.element;
        if (older !== this.older || !older.length || clientHeight === 0 || scrollHeight > clientHeight) return;
        highlightingLater(this.doc, () => this.renderOlder(newestWithin(older, firstScreenChars), true));
        // At the end in this frame already, not the next one.
        if (this.following) {
          this.element.scrollTop = this.element.scrollHeight;
          this.autoTop = this.element.scrollTop;
        }
      }),
    );
  }

  /**
   * Messages and chunks off screen skip layout (`content-visibility: auto`), sized by estimate until a frame
   * has found them on screen; the first screen is on screen, and scrolling to the end by estimates would
   * show the middle of the conversation first. So these are laid out for real until they have been shown
   * once (from then on their own size stands in when they are off screen).
   */
  private layOutAtOnce(fragment: DocumentFragment): DocumentFragment {
    const elements = Array.from(fragment.querySelectorAll<HTMLElement>('.message, .md-chunk'));
    for (const element of elements) element.style.contentVisibility = 'visible';
    const win = this.doc.defaultView;
    const restore = () => {
      for (const element of elements) {
        element.style.removeProperty('content-visibility');
        if (!element.getAttribute('style')) element.removeAttribute('style');
      }
    };
    if (win?.requestAnimationFrame) win.requestAnimationFrame(() => win.requestAnimationFrame(restore));
    return fragment;
  }

  /** The `count` newest of the older messages, rendered (and no longer older). */
  private takeOlder(count: number): DocumentFragment {
    const fragment = this.doc.createDocumentFragment();
    for (const message of this.older.splice(Math.max(0, this.older.length - count))) fragment.append(this.create(message).element);
    return fragment;
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
  private renderOlder(count: number, onScreen = false): void {
    clearTimeout(this.olderTimer);
    if (!this.older.length) return;
    const fragment = onScreen ? this.layOutAtOnce(this.takeOlder(count)) : this.takeOlder(count);
    const fromBottom = this.element.scrollHeight - this.element.scrollTop;
    this.element.prepend(fragment);
    this.markLatest();
    if (this.following) this.scrollToEnd();
    else this.element.scrollTop = this.element.scrollHeight - fromBottom;
    this.scheduleOlder();
  }

  start(message: MessageView): void {
    const existing = this.find(message.id);
    const created = this.create(message);
    if (existing) existing.element.replaceWith(created.element);
    else this.element.append(created.element);
    this.markLatest();
    // A question was sent: follow its answer, wherever the view was.
    if (message.role === 'user') this.following = true;
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

  toolCallDelta({ messageId, callId, delta }: HostToWebview['toolCallDelta']): void {
    this.find(messageId)?.appendToolArguments(callId, delta);
  }

  edit({ messageId, edit }: HostToWebview['edit']): void {
    this.find(messageId)?.setEdit(edit);
    this.changed();
  }

  sideRequest(messageId: string, request: SideRequestView): void {
    this.find(messageId)?.setSideRequest(request);
    this.changed();
  }

  undoState({ messageId, canUndo, canRedo }: HostToWebview['undoState']): void {
    this.find(messageId)?.setUndoState(canUndo, canRedo);
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
    this.changed();
  }

  end({ messageId, status, error }: HostToWebview['messageEnd']): void {
    this.find(messageId)?.setStatus(status, error);
    this.changed();
  }

  /** Scrolls to the newest message and follows it again. */
  jumpToLatest(): void {
    this.following = true;
    this.updateJump();
    this.scrollToEnd();
  }

  private create(message: MessageView): MessageElement {
    const element = new MessageElement(this.doc, message);
    this.messages.set(message.id, element);
    return element;
  }

  /**
   * The last answer in the transcript is the one "Regenerate" applies to: by place on the page, not by when its
   * element was made (older messages render after the newest ones, and a regenerated answer keeps its place).
   */
  private markLatest(): void {
    let latest: MessageElement | undefined;
    for (const message of this.messages.values()) {
      if (message.role !== 'assistant') continue;
      if (!latest || latest.element.compareDocumentPosition(message.element) & FOLLOWING) latest = message;
    }
    if (latest === this.latestAnswer) return;
    this.latestAnswer?.setLatest(false);
    latest?.setLatest(true);
    this.latestAnswer = latest;
  }

  private onScroll(): void {
    const { scrollTop, scrollHeight, clientHeight } = this.element;
    // Growing text fires no scroll event; a move of the view does. Ours may be reported after more text
    // arrived (so no longer at the bottom): it does not count as the user scrolling away.
    if (scrollTop === this.autoTop) {
      this.autoTop = -1;
      return;
    }
    this.following = scrollHeight - scrollTop - clientHeight <= followSlack;
    this.updateJump();
  }

  private updateJump(): void {
    this.jumpButton.hidden = this.following || this.messages.size === 0;
  }

  /** Keeps the newest text in view, at most once per frame, unless the user scrolled up to read. */
  private changed(): void {
    if (this.following) this.scrollToEnd();
    else this.updateJump();
  }

  private scrollToEnd(scrollTop?: number, settle = 3): void {
    if (this.scrollQueued) return;
    this.scrollQueued = true;
    const win = this.doc.defaultView;
    const run = () => {
      this.scrollQueued = false;
      const before = this.element.scrollHeight;
      this.element.scrollTop = scrollTop ?? before;
      this.autoTop = this.element.scrollTop;
      // Messages off screen are laid out when they come into view and may grow: settle at the real end.
      if (scrollTop === undefined && this.following && settle > 0) {
        const again = () => {
          if (this.following && this.element.scrollHeight !== before) this.scrollToEnd(undefined, settle - 1);
        };
        if (win?.requestAnimationFrame) win.requestAnimationFrame(again);
      }
    };
    if (win?.requestAnimationFrame) win.requestAnimationFrame(run);
    else setTimeout(run, 16);
  }

  private onKey(event: KeyboardEvent): void {
    const target = event.target as HTMLElement | null;
    if (!target) return;
    // The reason box of an edit card: Enter rejects with the reason.
    if (target.classList.contains('reject-reason-input') && event.key === 'Enter') {
      event.preventDefault();
      this.rejectWithReason(target);
    }
    if (target.classList.contains('edit-question')) {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.sendEdited(target);
      } else if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        const article = target.closest<HTMLElement>('.message');
        if (article) stopEditing(article);
      }
    }
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
    const message = button.closest<HTMLElement>('.message');
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
      case 'insert-terminal':
        if (codeBlock) this.post({ type: 'insertInTerminal', code: codeOf(codeBlock).code });
        break;
      case 'run-terminal':
        if (codeBlock) this.post({ type: 'runInTerminal', code: codeOf(codeBlock).code });
        break;
      case 'apply-code':
        if (codeBlock) this.post({ type: 'applyCode', ...codeOf(codeBlock), messageId });
        break;
      case 'accept-edit':
        this.post({ type: 'acceptEdit', editId });
        break;
      case 'reject-edit':
        this.post({ type: 'rejectEdit', editId });
        break;
      case 'reject-reason': {
        const form = button.closest('.edit-card')?.querySelector<HTMLElement>('.reject-reason');
        if (form) {
          form.hidden = false;
          form.querySelector('input')?.focus();
        }
        break;
      }
      case 'reject-edit-with-reason': {
        const input = button.closest('.reject-reason')?.querySelector('input');
        if (input) this.rejectWithReason(input);
        break;
      }
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
      case 'open-file': {
        const line = Number(button.getAttribute('data-line'));
        if (path) this.post({ type: 'openFile', path, ...(line > 0 ? { line } : {}) });
        break;
      }
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
      case 'redo-turn': {
        const turnId = message?.getAttribute('data-turn-id');
        if (turnId) this.post({ type: 'redoTurn', turnId });
        break;
      }
      case 'copy-answer':
        this.post({ type: 'copyAnswer', messageId });
        this.flash(button, 'Copied');
        break;
      case 'edit-message': {
        const text = message?.querySelector('.user-text')?.textContent ?? '';
        if (message) startEditing(this.doc, message, text);
        break;
      }
      case 'send-edited': {
        const box = message?.querySelector<HTMLTextAreaElement>('.edit-question');
        if (box) this.sendEdited(box);
        break;
      }
      case 'cancel-edit':
        if (message) stopEditing(message);
        break;
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

  private rejectWithReason(input: HTMLElement): void {
    const editId = input.closest('.edit-card')?.getAttribute('data-edit-id');
    const reason = (input as HTMLInputElement).value.trim();
    if (editId) this.post({ type: 'rejectEdit', editId, ...(reason ? { reason } : {}) });
  }

  private sendEdited(box: HTMLElement): void {
    const article = box.closest<HTMLElement>('.message');
    const messageId = article?.getAttribute('data-message-id');
    const text = (box as HTMLTextAreaElement).value;
    if (!article || !messageId || text.trim() === '') return;
    stopEditing(article);
    this.post({ type: 'editMessage', messageId, text });
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

/** How many of the newest `messages` hold about `chars` characters (at least one). */
function newestWithin(messages: readonly MessageView[], chars: number): number {
  let count = 0;
  for (let total = 0; count < messages.length && total < chars; ) total += messages[messages.length - ++count].text.length + 200;
  return count;
}
