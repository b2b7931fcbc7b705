// The body of an assistant message in the order things happened: text, then the tool steps the model took
// after it (tool cards, edit cards, side requests), then the text that followed, and so on. Each run of
// text is its own markdown view; a step is placed at the length the text had when it began.
import { h } from '../dom';
import { MarkdownView } from '../render/streaming';

/** A step shown between runs of text, with the text length at which it began. */
export interface PlacedStep {
  element: HTMLElement;
  offset: number;
}

export class MessageFlow {
  readonly element: HTMLElement;
  private segments: MarkdownView[] = [];
  /** The group of steps after the last text, while no text has followed it. */
  private steps: HTMLElement | null = null;

  constructor(private readonly doc: Document) {
    this.element = h(doc, 'div', { class: 'message-flow' });
  }

  /** The text of every run, in order. */
  get source(): string {
    return this.segments.map((s) => s.source).join('');
  }

  get isEmpty(): boolean {
    return this.segments.every((s) => s.isEmpty);
  }

  /** Lays out a whole message: `text` cut at each step's offset, steps in between. `open` keeps the last run streaming. */
  build(text: string, steps: readonly PlacedStep[], open: boolean): void {
    this.segments = [];
    this.steps = null;
    this.element.replaceChildren();
    let at = 0;
    for (const step of [...steps].sort((a, b) => a.offset - b.offset)) {
      const offset = Math.min(Math.max(step.offset, at), text.length);
      if (offset > at && text.slice(at, offset).trim() !== '') this.segment().set(text.slice(at, offset));
      at = offset;
      this.addStep(step.element);
    }
    const rest = text.slice(at);
    if (open) this.appendText(rest);
    else if (rest.trim() !== '' || this.segments.length === 0) this.segment().set(rest);
  }

  /** Streamed text: continues the last run, or starts a new one after steps. */
  appendText(delta: string): void {
    if (!delta) return;
    const last = this.steps === null ? this.segments[this.segments.length - 1] : undefined;
    (last ?? this.segment()).append(delta);
  }

  /** A new step after the text so far. */
  addStep(element: HTMLElement): void {
    this.steps ??= this.element.appendChild(h(this.doc, 'div', { class: 'message-steps' }));
    this.steps.append(element);
  }

  /** Replaces the last run's text (another of several alternative answers). */
  replaceLastText(text: string): void {
    (this.segments[this.segments.length - 1] ?? this.segment()).set(text);
  }

  finish(): void {
    for (const segment of this.segments) segment.finish();
  }

  private segment(): MarkdownView {
    const view = new MarkdownView(this.doc);
    this.segments.push(view);
    this.steps = null;
    this.element.append(h(this.doc, 'div', { class: 'message-body' }, view.element));
    return view;
  }
}
