// Incremental markdown for a streaming message. The text is split into top-level blocks; blocks that no
// later text can change are "committed": rendered once and never touched again (finalBlocks.ts says which).
// The open tail is rendered by passes, and not on every delta: between passes new text is shown as plain
// text after the last rendered text; a pass runs when the tail has doubled since the last one, or after a
// blank line, where blocks end. A long last block (a code fence, a table, a list) is updated in place
// instead (growingBlocks.ts), so a delta costs what it adds, not what the block holds. Committed blocks
// and the final pass give exactly the DOM that rendering the whole text at once gives, however the text
// was split (property tests check this at every split point).
import type { Token } from 'marked';
import { h } from '../dom';
import { finalCount, isOpenFence, lookBehind, offsets } from './finalBlocks';
import { startGrowing, type GrowingBlock } from './growingBlocks';
import { lexBlocks, renderBlocks } from './markdown';
import { placePending, type Pending } from './pending';

// Each pass re-renders the open blocks, so passes are spaced geometrically: their total work stays within
// a small multiple of rendering the text once (see bench/renderChromium.bench.ts).
const firstPassChars = 160;
const growthPerPass = 4;
/**
 * Committed blocks are grouped, this many to a `.md-chunk`: a browser lays out the siblings of whatever
 * changed, so a long answer as one flat list of blocks would make each delta's layout cost grow with it.
 */
export const blocksPerChunk = 32;

interface OpenBlock {
  start: number; // offset in the whole text
  raw: string;
  /** Rendered as a preview (code not highlighted yet, or grown in place): never reused as final. */
  preview: boolean;
  element: Element;
}

export class MarkdownView {
  /** The element holding the rendered message; give it to the transcript once. */
  readonly element: HTMLElement;
  private readonly openElement: HTMLElement;
  // The text is kept as the committed part (pieces, never read per delta) and the open tail. One growing
  // string would be copied whole at each delta: V8 flattens a concatenated string when it is sliced.
  private committedPieces: string[] = [];
  /** The last characters committed: what precedes the tail, for the blank-line test. */
  private committedEnd = '';
  /** Length of the committed text. */
  private committed = 0;
  private tail = '';
  private pendingCarriageReturn = false;
  /** Length of the tail the last pass rendered. */
  private rendered = 0;
  private openBlocks: OpenBlock[] = [];
  /** Plain text shown after the last pass, removed by the next pass. */
  private pending: Pending | null = null;
  /** The last open block when it is updated in place between passes. */
  private growing: GrowingBlock | null = null;
  /** Text the growing block was given, not yet added to `tail` (which would copy the tail at each delta). */
  private grown: string[] = [];
  /** The last open block could grow once its first lines are complete: pass at the next line end. */
  private passAtLineEnd = false;
  /** The open tail ends in a fenced code block that has not closed (only a fence line can end it). */
  private inOpenFence = false;
  private chunk: HTMLElement | null = null;
  private chunkBlocks = 0;

  constructor(private readonly doc: Document) {
    this.element = h(doc, 'div', { class: 'markdown' });
    this.openElement = h(doc, 'div', { class: 'md-open' });
  }

  /** The markdown received so far (line endings normalized). */
  get source(): string {
    return this.committedPieces.join('') + this.tail + this.grown.join('');
  }

  get isEmpty(): boolean {
    return this.committed === 0 && this.tail === '' && this.grown.length === 0;
  }

  /** Replaces the content with a finished text, rendered at once. */
  set(text: string): void {
    this.reset();
    this.tail = normalizeLineEndings(text);
    this.finish();
  }

  /** Adds streamed text and updates the DOM cheaply (see the file comment). */
  append(delta: string): void {
    if (!delta) return;
    let chunk = delta;
    // A CRLF split across two deltas: the CR already became "\n", so drop the LF.
    if (this.pendingCarriageReturn && chunk.startsWith('\n')) chunk = chunk.slice(1);
    this.pendingCarriageReturn = chunk.endsWith('\r');
    chunk = normalizeLineEndings(chunk);
    if (!chunk) return;
    if (this.growing) {
      this.grown.push(chunk);
      if (!this.growing.grow(chunk)) this.pass(false);
      return;
    }
    const before = this.tail.length;
    this.tail += chunk;
    if (this.shouldPass(before, chunk)) {
      this.pass(false);
    } else {
      this.showPending(chunk);
    }
  }

  /** Renders whatever is still open as final: the DOM now equals rendering the whole text at once. */
  finish(): void {
    this.pass(true);
  }

  private reset(): void {
    this.committedPieces = [];
    this.committedEnd = '';
    this.committed = 0;
    this.tail = '';
    this.pendingCarriageReturn = false;
    this.rendered = 0;
    this.openBlocks = [];
    this.pending = null;
    this.growing = null;
    this.grown = [];
    this.passAtLineEnd = false;
    this.inOpenFence = false;
    this.chunk = null;
    this.chunkBlocks = 0;
    this.element.replaceChildren();
  }

  private shouldPass(before: number, chunk: string): boolean {
    const grown = this.tail.length >= this.rendered * growthPerPass;
    if (grown && this.tail.length >= firstPassChars) return true;
    const newline = chunk.lastIndexOf('\n');
    if (newline === -1) return false;
    if (this.passAtLineEnd) return true;
    // Inside an open fence only a closing fence line can end the block (an indented fence: it does not grow).
    const from = this.tail.lastIndexOf('\n', before - 1) + 1;
    if (this.inOpenFence) return /^ {0,3}(`{3,}|~{3,})[ \t]*$/m.test(this.tail.slice(from, before + newline));
    // A line ended: pass when the open blocks doubled since the last pass, or after a blank line, where
    // blocks end and can be committed.
    return grown || /\n[ \t]*\n/.test(this.tail.slice(Math.max(from - 1, this.rendered - 1)));
  }

  private pass(final: boolean): void {
    this.pending?.element.remove();
    this.pending = null;
    this.growing = null;
    if (this.grown.length) this.tail += this.grown.join('');
    this.grown = [];
    const tokens = lexBlocks(this.tail);
    const starts = offsets(tokens); // in the tail
    const cut = final ? tokens.length : finalCount(this.committedEnd, this.tail, tokens, starts);

    // Blocks are matched with the last pass's by where they start in the whole text.
    const keep = new Map(this.openBlocks.map((block) => [block.start, block]));
    const fresh: number[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const old = tokens[i].type === 'space' ? undefined : keep.get(this.committed + starts[i]);
      if (!old || old.raw !== tokens[i].raw || old.preview) fresh.push(i);
    }
    // A code block still streaming is shown without colours: highlighting it again at every pass would
    // cost more than everything else; it is highlighted once, when its closing fence arrives.
    const last = tokens[tokens.length - 1];
    const preview = !final && last?.type === 'code' && isOpenFence(last.raw) ? last : undefined;
    const rendered = renderBlocks(this.doc, fresh.map((i) => tokens[i]), preview);
    const renderedElements = Array.from(rendered.children);
    const elementOf = new Map<number, Element>();
    let next = 0;
    for (const i of fresh) if (tokens[i].type !== 'space') elementOf.set(i, renderedElements[next++]);

    const committedElements: Element[] = [];
    const open: OpenBlock[] = [];
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i].type === 'space') continue;
      const element = elementOf.get(i) ?? keep.get(this.committed + starts[i])!.element;
      if (i < cut) committedElements.push(element);
      else open.push({ start: this.committed + starts[i], raw: tokens[i].raw, element, preview: tokens[i] === preview });
    }

    if (this.openElement.parentNode !== this.element) this.element.append(this.openElement);
    this.commit(committedElements);
    this.openElement.replaceChildren(...open.map((block) => block.element));
    if (final) this.openElement.remove();

    // The last open block, which may grow in place until the next pass.
    let lastOpen = tokens.length - 1;
    while (lastOpen >= cut && tokens[lastOpen].type === 'space') lastOpen--;

    const done = cut < tokens.length ? starts[cut] : this.tail.length;
    if (done > 0) {
      const text = this.tail.slice(0, done);
      this.committedPieces.push(text);
      this.committedEnd = (this.committedEnd + text).slice(-lookBehind);
      this.committed += done;
      this.tail = this.tail.slice(done);
    }
    this.openBlocks = open;
    this.rendered = this.tail.length;
    // An unterminated fence runs to the end of the text, so it can only be the last block.
    this.inOpenFence = !final && open.length > 0 && isOpenFence(open[open.length - 1].raw);
    this.passAtLineEnd = false;
    if (!final && lastOpen >= cut) this.startGrowing(tokens[lastOpen], starts[lastOpen] - done);
  }

  /** Lets the last open block, which starts at `start` in the tail, grow in place (see growingBlocks.ts). */
  private startGrowing(token: Token, start: number): void {
    const block = this.openBlocks[this.openBlocks.length - 1];
    this.growing = startGrowing(this.doc, token, block.element, start, this.tail) ?? null;
    if (this.growing) block.preview = true;
    // A fence whose opening line is not complete yet gets another pass as soon as a line ends rather than
    // when the tail has grown enough: from then on it grows in place.
    else this.passAtLineEnd = token.type === 'code' && /^ {0,3}(`{3,}|~{3,})/.test(token.raw) && !token.raw.includes('\n');
  }

  /** Adds blocks that will not change to the message, in chunks of `blocksPerChunk`. */
  private commit(elements: readonly Element[]): void {
    for (const element of elements) {
      if (!this.chunk || this.chunkBlocks === blocksPerChunk) {
        this.chunk = h(this.doc, 'div', { class: 'md-chunk' });
        this.openElement.before(this.chunk);
        this.chunkBlocks = 0;
      }
      this.chunk.append(element);
      this.chunkBlocks++;
    }
  }

  /** Shows text that arrived since the last pass as plain text after the last rendered text. */
  private showPending(chunk: string): void {
    if (this.pending) {
      this.pending.text.appendData(chunk);
      return;
    }
    if (this.openElement.parentNode !== this.element) this.element.append(this.openElement);
    this.pending = placePending(this.doc, this.openElement);
    let text = this.tail.slice(this.rendered);
    // Code text drops the line break it ended with when rendered; put it back so lines do not run together.
    if (this.pending.inCode) text = (/\n*$/.exec(this.tail.slice(0, this.rendered))?.[0] ?? '') + text;
    this.pending.text.data = text;
  }
}

function normalizeLineEndings(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}
