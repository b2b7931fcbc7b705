// "@" completion in the prompt: the word after "@" goes to the host as a query; its answer is listed
// under the prompt and picked with the arrow keys and Enter/Tab (or a click).
import type { HostToWebview, WebviewMessage } from '../../protocol/messages';
import { h, icon } from '../dom';

type MentionItem = HostToWebview['mentionResults']['items'][number];

const kindIcon: Record<MentionItem['kind'], string> = { file: 'file', folder: 'folder', symbol: 'symbol-method', special: 'sparkle' };

/** The "@query" just before the caret, or undefined. */
export function mentionAt(text: string, caret: number): { start: number; query: string } | undefined {
  const match = /(?:^|\s)@([^\s@]*)$/.exec(text.slice(0, caret));
  if (!match) return undefined;
  return { start: caret - match[1].length - 1, query: match[1] };
}

/** The "/query" of a slash command: only at the very start of the prompt, before any space. */
export function slashCommandAt(text: string, caret: number): { start: number; query: string } | undefined {
  const match = /^\/([^\s/]*)$/.exec(text.slice(0, caret));
  return match ? { start: 0, query: match[1] } : undefined;
}

/** What makes a picker a mention picker (`@`, the default) or a slash-command picker (`/`). */
export interface PickerTrigger {
  character: string;
  find: (text: string, caret: number) => { start: number; query: string } | undefined;
  query: (requestId: number, query: string) => WebviewMessage;
  id: string;
  label: string;
}

const MENTION_TRIGGER: PickerTrigger = {
  character: '@',
  find: mentionAt,
  query: (requestId, query) => ({ type: 'mentionQuery', requestId, query }),
  id: 'mention',
  label: 'Mention suggestions',
};

/** Slash commands (MCP prompts) at the start of the prompt. */
export const SLASH_TRIGGER: PickerTrigger = {
  character: '/',
  find: slashCommandAt,
  query: (requestId, query) => ({ type: 'slashQuery', requestId, query }),
  id: 'slash',
  label: 'Slash commands',
};

export class MentionPicker {
  readonly element: HTMLUListElement;
  private requestId = 0;
  private active: { start: number; query: string } | undefined;
  private items: MentionItem[] = [];
  private selected = 0;

  constructor(
    private readonly doc: Document,
    private readonly input: HTMLTextAreaElement,
    private readonly post: (message: WebviewMessage) => void,
    private readonly changed: () => void,
    private readonly trigger: PickerTrigger = MENTION_TRIGGER,
  ) {
    this.element = h(doc, 'ul', { id: `${trigger.id}-list`, class: 'mention-list', role: 'listbox', 'aria-label': trigger.label, hidden: true });
    this.element.addEventListener('mousedown', (event) => {
      // Keep focus in the prompt; pick on mousedown so the textarea never blurs.
      const option = (event.target as Element).closest?.('[data-index]');
      if (!option) return;
      event.preventDefault();
      this.accept(Number(option.getAttribute('data-index')));
    });
  }

  get open(): boolean {
    return !this.element.hidden;
  }

  /** Call after each edit of the prompt. */
  update(): void {
    const found = this.trigger.find(this.input.value, this.input.selectionStart ?? this.input.value.length);
    if (!found) {
      this.close();
      return;
    }
    if (this.active && found.query === this.active.query && found.start === this.active.start) return;
    this.active = found;
    this.requestId++;
    this.post(this.trigger.query(this.requestId, found.query));
  }

  showResults({ requestId, items }: HostToWebview['mentionResults']): void {
    if (requestId !== this.requestId || !this.active) return; // an answer to an older query
    this.items = items.slice(0, 50);
    this.selected = 0;
    if (!this.items.length) {
      this.element.hidden = true;
      return;
    }
    this.render();
    this.element.hidden = false;
  }

  /** Handles a key while the list is open; true when the key was used. */
  handleKey(event: KeyboardEvent): boolean {
    if (!this.open) return false;
    switch (event.key) {
      case 'ArrowDown':
        this.move(1);
        return true;
      case 'ArrowUp':
        this.move(-1);
        return true;
      case 'Enter':
      case 'Tab':
        this.accept(this.selected);
        return true;
      case 'Escape':
        this.close();
        return true;
      default:
        return false;
    }
  }

  close(): void {
    this.active = undefined;
    this.items = [];
    this.element.hidden = true;
    this.input.removeAttribute('aria-activedescendant');
  }

  private move(step: number): void {
    this.selected = (this.selected + step + this.items.length) % this.items.length;
    this.render();
  }

  private accept(index: number): void {
    const item = this.items[index];
    const active = this.active;
    if (!item || !active) return;
    const caret = active.start + 1 + active.query.length;
    const inserted = `${this.trigger.character}${item.path || item.label} `;
    this.input.value = this.input.value.slice(0, active.start) + inserted + this.input.value.slice(caret);
    const at = active.start + inserted.length;
    this.input.setSelectionRange(at, at);
    this.close();
    this.changed();
  }

  private render(): void {
    this.element.replaceChildren(
      ...this.items.map((item, i) =>
        h(
          this.doc,
          'li',
          { id: `${this.trigger.id}-${i}`, role: 'option', 'data-index': i, 'aria-selected': i === this.selected ? 'true' : 'false', class: i === this.selected ? 'selected' : undefined },
          icon(this.doc, kindIcon[item.kind] ?? 'file'),
          h(this.doc, 'span', { class: 'mention-label' }, item.label),
          item.path && item.path !== item.label ? h(this.doc, 'span', { class: 'mention-path' }, item.path) : null,
        ),
      ),
    );
    this.input.setAttribute('aria-activedescendant', `${this.trigger.id}-${this.selected}`);
  }
}
