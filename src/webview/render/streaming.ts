// Incremental markdown for a streaming message. The text is split into top-level blocks; blocks that no
// later text can change are "committed": rendered once and never touched again. Only the open tail is
// re-rendered, and not on every delta: between render passes new text is shown as plain text after the
// last rendered text; a pass runs when the tail has doubled since the last one, or after a blank line,
// where blocks close. Committed blocks and the final pass give exactly the DOM that rendering the whole
// text at once gives (a property test checks this for random splits).
import type { Token } from 'marked';
import { h } from '../dom';
import { lexBlocks, renderBlocks } from './markdown';

/** Elements whose last text node new plain text may follow (void elements cannot hold it). */
const voidElements = new Set(['BR', 'HR', 'IMG', 'INPUT']);
// Each pass re-renders the open blocks, so passes are spaced geometrically: their total work stays within
// a small multiple of rendering the text once (see bench/render.bench.ts).
const firstPassChars = 96;
const growthPerPass = 2;
/** Characters before a block looked at to find the blank line above it. */
const lookBehind = 256;
const closingFence = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;
const openingFence = /^ {0,3}(`{3,}|~{3,})/;

interface OpenBlock {
  start: number; // offset in the whole text
  raw: string;
  /** Rendered as a preview (code not highlighted yet): never reused as final. */
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
  /** Plain text shown after the last pass (a span.md-pending), removed by the next pass. */
  private pendingNode: HTMLElement | null = null;
  /** The open tail ends in a fenced code block that has not closed (only a fence line can end it). */
  private inOpenFence = false;

  constructor(private readonly doc: Document) {
    this.element = h(doc, 'div', { class: 'markdown' });
    this.openElement = h(doc, 'div', { class: 'md-open' });
  }

  /** The markdown received so far (line endings normalized). */
  get source(): string {
    return this.committedPieces.join('') + this.tail;
  }

  get isEmpty(): boolean {
    return this.committed === 0 && this.tail === '';
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
    const before = this.tail.length;
    this.tail += chunk;
    if (this.shouldPass(before, chunk)) this.pass(false);
    else this.showPending();
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
    this.pendingNode = null;
    this.inOpenFence = false;
    this.element.replaceChildren();
  }

  private shouldPass(before: number, chunk: string): boolean {
    const grown = this.tail.length >= this.rendered * growthPerPass;
    if (grown && this.tail.length >= firstPassChars) return true;
    const newline = chunk.lastIndexOf('\n');
    if (newline === -1) return false;
    if (!this.inOpenFence) {
      // A line ended: pass when the open blocks doubled since the last pass, or after a blank line, where
      // blocks close and can be committed.
      if (grown) return true;
      return /\n[ \t]*\n/.test(this.tail.slice(Math.max(0, this.rendered - 1)));
    }
    // Inside an open fence only a closing fence line can end the block; look at the lines just completed.
    const end = before + newline;
    const from = this.tail.lastIndexOf('\n', before - 1) + 1;
    return this.tail.slice(from, end).split('\n').some((line) => closingFence.test(line));
  }

  private pass(final: boolean): void {
    this.pendingNode?.remove();
    this.pendingNode = null;
    const tokens = lexBlocks(this.tail);
    const starts = offsets(tokens); // in the tail
    const cut = final ? tokens.length : commitPoint(this.committedEnd, this.tail, tokens, starts);

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
    if (committedElements.length) this.openElement.before(...committedElements);
    this.openElement.replaceChildren(...open.map((block) => block.element));
    if (final) this.openElement.remove();

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
  }

  /** Shows text that arrived since the last pass as plain text after the last rendered text. */
  private showPending(): void {
    if (!this.pendingNode) this.pendingNode = this.placePending();
    let pending = this.tail.slice(this.rendered);
    // Code text drops the line break it ended with when rendered; put it back so lines do not run together.
    if ((this.pendingNode.parentNode as Element | null)?.tagName === 'CODE') {
      pending = (/\n*$/.exec(this.tail.slice(0, this.rendered))?.[0] ?? '') + pending;
    }
    this.pendingNode.textContent = pending;
  }

  /** A span after the last rendered text: in the innermost last element, but not inside a token of code. */
  private placePending(): HTMLElement {
    const node = h(this.doc, 'span', { class: 'md-pending' });
    if (this.openElement.parentNode !== this.element) this.element.append(this.openElement);
    let host: Node = this.openElement;
    for (let child = lastContent(host); child && child.nodeType === 1 && !voidElements.has((child as Element).tagName); child = lastContent(host)) {
      host = child;
      if ((host as Element).tagName === 'CODE') break;
    }
    host.appendChild(node);
    return node;
  }
}

/** The last child that is an element or text with something visible in it. */
function lastContent(node: Node): Node | null {
  let child = node.lastChild;
  while (child && child.nodeType === 3 && !/\S/.test(child.nodeValue ?? '')) child = child.previousSibling;
  return child;
}

function normalizeLineEndings(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** Where each token starts in the text it was lexed from. */
function offsets(tokens: readonly Token[]): number[] {
  const starts: number[] = [];
  let at = 0;
  for (const token of tokens) {
    starts.push(at);
    at += token.raw.length;
  }
  return starts;
}

/**
 * How many tokens of the tail are final. A block is final once a later block has begun after a blank line
 * and that later block's first line is complete: before that, more text can still join them (a "2" after a
 * list may become "2. item", "***" after a paragraph may become "***x", a fence may still be a paragraph).
 * `before` is the committed text just before the tail.
 */
function commitPoint(before: string, tail: string, tokens: readonly Token[], starts: readonly number[]): number {
  for (let k = tokens.length - 1; k > 0; k--) {
    if (tokens[k].type === 'space') continue;
    const start = starts[k];
    if (tail.indexOf('\n', start) === -1) continue;
    const preceding = start >= lookBehind ? tail.slice(start - lookBehind, start) : before + tail.slice(0, start);
    if (/\n[ \t]*\n$/.test(preceding)) return k;
  }
  return 0;
}

/** True when a block is a fenced code block whose closing fence has not arrived. */
function isOpenFence(raw: string): boolean {
  const opening = openingFence.exec(raw);
  if (!opening) return false;
  const lines = raw.replace(/\n+$/, '').split('\n');
  if (lines.length < 2) return true;
  const closing = closingFence.exec(lines[lines.length - 1]);
  return !closing || closing[1][0] !== opening[1][0] || closing[1].length < opening[1].length;
}
