// The conversation list: open one, rename it in place, delete it (a second click confirms; webviews
// have no confirm dialog).
import type { ConversationSummary, WebviewMessage } from '../../protocol/messages';
import { h, iconButton } from '../dom';

const confirmWindowMs = 4000;

export class ConversationList {
  readonly element: HTMLElement;
  private readonly list: HTMLUListElement;
  private items: ConversationSummary[] = [];
  private activeId = '';

  constructor(private readonly doc: Document, private readonly post: (message: WebviewMessage) => void) {
    this.list = h(doc, 'ul', { class: 'conversation-items' });
    this.element = h(doc, 'section', { id: 'conversations', 'aria-label': 'Conversations', hidden: true }, h(doc, 'h2', {}, 'Conversations'), this.list);
    this.list.addEventListener('click', (event) => this.onClick(event));
  }

  get open(): boolean {
    return !this.element.hidden;
  }

  toggle(open = !this.open): void {
    this.element.hidden = !open;
    if (open) this.post({ type: 'listConversations' });
  }

  show(items: ConversationSummary[], activeId: string): void {
    this.items = [...items].sort((a, b) => b.updatedAt - a.updatedAt);
    this.activeId = activeId;
    this.render();
  }

  private render(): void {
    if (!this.items.length) {
      this.list.replaceChildren(h(this.doc, 'li', { class: 'empty' }, 'No conversations yet.'));
      return;
    }
    this.list.replaceChildren(
      ...this.items.map((item) =>
        h(
          this.doc,
          'li',
          { class: 'conversation', 'data-id': item.id, 'aria-current': item.id === this.activeId ? 'true' : undefined },
          h(
            this.doc,
            'button',
            { type: 'button', class: 'conversation-open', 'data-action': 'open', title: item.title },
            h(this.doc, 'span', { class: 'conversation-title' }, item.title || 'Untitled'),
            h(this.doc, 'span', { class: 'conversation-meta' }, `${describeDate(item.updatedAt)} · ${item.messageCount} messages`),
          ),
          iconButton(this.doc, 'edit', 'Rename conversation', 'rename'),
          iconButton(this.doc, 'trash', 'Delete conversation', 'delete'),
        ),
      ),
    );
  }

  private onClick(event: MouseEvent): void {
    const button = (event.target as Element).closest?.('[data-action]');
    const row = button?.closest('[data-id]');
    const id = row?.getAttribute('data-id');
    if (!button || !row || !id) return;
    switch (button.getAttribute('data-action')) {
      case 'open':
        this.post({ type: 'openConversation', id });
        this.toggle(false);
        break;
      case 'rename':
        this.startRename(row, id);
        break;
      case 'delete':
        if (button.classList.contains('confirming')) {
          this.post({ type: 'deleteConversation', id });
          return;
        }
        button.classList.add('confirming');
        button.setAttribute('aria-label', 'Click again to delete');
        button.setAttribute('title', 'Click again to delete');
        setTimeout(() => {
          button.classList.remove('confirming');
          button.setAttribute('aria-label', 'Delete conversation');
          button.setAttribute('title', 'Delete conversation');
        }, confirmWindowMs);
        break;
    }
  }

  private startRename(row: Element, id: string): void {
    const current = this.items.find((item) => item.id === id)?.title ?? '';
    const input = h(this.doc, 'input', { type: 'text', class: 'rename-input', 'aria-label': 'New conversation title' });
    input.value = current;
    const openButton = row.querySelector('.conversation-open');
    openButton?.replaceWith(input);
    input.focus();
    input.select();
    let done = false;
    const finish = (save: boolean) => {
      if (done) return;
      done = true;
      const title = input.value.trim();
      if (save && title && title !== current) this.post({ type: 'renameConversation', id, title });
      if (openButton) input.replaceWith(openButton);
    };
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') finish(true);
      else if (event.key === 'Escape') finish(false);
    });
    input.addEventListener('blur', () => finish(true));
  }
}

function describeDate(time: number): string {
  const date = new Date(time);
  const today = new Date();
  return date.toDateString() === today.toDateString()
    ? date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}
