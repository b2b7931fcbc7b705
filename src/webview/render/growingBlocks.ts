// The last open block of a streaming message, updated in place so that a delta costs what it adds rather
// than what the block already holds: a code fence gains text, a table gains rows, a list gains items. Each
// keeps the few characters it needs (the line or list item being written) and never reads the whole text
// again. This is a preview: the next full pass over the tail (when the block may have ended, or at the end
// of the answer) renders the block as rendering the whole text at once does: highlighted, a list loose or
// tight as a whole.
import type { Token, Tokens } from 'marked';
import { h } from '../dom';
import { closesFence } from './finalBlocks';
import { lexBlocks, renderBlocks } from './markdown';
import { placePending, type Pending } from './pending';

export interface GrowingBlock {
  /** Shows `chunk`, the text that followed; false when the block may have ended (lex the tail again). */
  grow(chunk: string): boolean;
}

/**
 * Lines of a streaming code block per piece, and pieces per group: only the last piece and group change,
 * so a browser lays out and paints few lines and siblings whatever the block holds (see `.md-code-lines`).
 */
const linesPerPiece = 64;
const piecesPerGroup = 16;
/** Characters from which a table or list grows row by row, item by item (shorter ones are re-rendered whole). */
const growingRowsFrom = 2048;
const blankLine = /^[ \t]*$/;
const listMarker = /^( {0,3})([*+-]|\d{1,9}[.)])( *)/;

/**
 * The growing form of the tail's last block, which starts at `start` and was just rendered into
 * `element`; undefined for blocks that have none (paragraphs, quotes, headings...: short, and re-rendered
 * by the passes).
 */
export function startGrowing(doc: Document, token: Token, element: Element, start: number, tail: string): GrowingBlock | undefined {
  // A list goes on after blank lines; a fence holds them; a table is over, and so is any block followed by text.
  const last = start + token.raw.length === tail.length;
  if (token.type === 'code') return last ? GrowingFence.start(doc, token as Tokens.Code, element, tail) : undefined;
  // Rows and items are rendered one at a time, which costs more than the passes while the block is short.
  if (token.raw.length < growingRowsFrom) return undefined;
  if (token.type === 'list' && (last || /^\s*$/.test(tail.slice(start + token.raw.length)))) return GrowingList.start(doc, token as Tokens.List, element, start, tail);
  if (token.type === 'table' && last) return GrowingTable.start(doc, token as Tokens.Table, element, start, tail);
  return undefined;
}

/** The line being written, fed chunk by chunk; hands out the lines each chunk completes. */
class Lines {
  constructor(private line: string) {}

  /** The lines `chunk` completes (without their line breaks), or undefined if it completes none. */
  feed(chunk: string): string[] | undefined {
    const end = chunk.lastIndexOf('\n');
    if (end === -1) {
      this.line += chunk;
      return undefined;
    }
    const lines = (this.line + chunk.slice(0, end)).split('\n');
    this.line = chunk.slice(end + 1);
    return lines;
  }

  get current(): string {
    return this.line;
  }
}

/** The line `tail` ends with (empty after a line break). */
function lastLine(tail: string): string {
  return tail.slice(tail.lastIndexOf('\n') + 1);
}

/** An open code fence: text is appended to the code as it comes; it is highlighted once it closes. */
class GrowingFence implements GrowingBlock {
  private readonly lines: Lines;
  private piece: Text | null = null;
  private pieceLines = linesPerPiece;
  private group: HTMLElement | null = null;
  private groupPieces = piecesPerGroup;

  static start(doc: Document, token: Tokens.Code, element: Element, tail: string): GrowingFence | undefined {
    const opener = /^(`{3,}|~{3,})[^\n]*\n/.exec(token.raw);
    const code = element.querySelector('pre > code');
    // An indented fence takes the indentation off its lines: left to the passes (models rarely write one).
    if (!opener || !code) return undefined;
    // The rendered code may lack the line breaks the text so far ends with; what follows needs them back.
    const content = token.raw.slice(opener[0].length);
    if (!content.startsWith(token.text)) return undefined;
    return new GrowingFence(doc, code, opener[1], lastLine(tail), content.slice(token.text.length));
  }

  private constructor(private readonly doc: Document, private readonly code: Element, private readonly fence: string, line: string, missing: string) {
    this.lines = new Lines(line);
    // A block box, so that its pieces are blocks of their own rather than parts of one run of text.
    code.classList.add('md-growing');
    if (missing) this.append(missing);
  }

  grow(chunk: string): boolean {
    const done = this.lines.feed(chunk);
    if (done) {
      if (done.some((line) => closesFence(line, this.fence))) return false;
      this.pieceLines += done.length;
    }
    this.append(chunk);
    return true;
  }

  private append(text: string): void {
    if (!this.piece || this.pieceLines >= linesPerPiece) {
      if (this.groupPieces === piecesPerGroup) {
        this.group = this.code.appendChild(h(this.doc, 'span', { class: 'md-code-lines' }));
        this.groupPieces = 0;
      }
      this.piece = this.doc.createTextNode('');
      this.group!.append(h(this.doc, 'span', { class: 'md-code-lines' }, this.piece));
      this.groupPieces++;
      this.pieceLines = 0;
    }
    this.piece.appendData(text);
  }
}

/** An open table: each complete row line is rendered as a row and appended. */
class GrowingTable implements GrowingBlock {
  private readonly lines: Lines;
  private readonly body: Element;
  private pendingRow: { row: HTMLElement; text: Text } | null = null;

  static start(doc: Document, token: Tokens.Table, element: Element, start: number, tail: string): GrowingTable | undefined {
    const table = element.querySelector('table');
    const head = /^[^\n]*\n[^\n]*\n/.exec(token.raw);
    if (!table || !head || /\n[ \t]*\n$/.test(token.raw)) return undefined;
    const line = tail.length > start + head[0].length ? lastLine(tail) : '';
    // The unfinished last line was rendered as a row; it shows as pending text until it is complete.
    if (line) table.querySelector('tbody > tr:last-child')?.remove();
    return new GrowingTable(doc, table, head[0], token.header.length, line);
  }

  private constructor(private readonly doc: Document, table: Element, private readonly head: string, private readonly columns: number, line: string) {
    this.lines = new Lines(line);
    this.body = table.querySelector('tbody') ?? table.appendChild(doc.createElement('tbody'));
    this.showPending(line);
  }

  grow(chunk: string): boolean {
    const rows = this.lines.feed(chunk);
    if (!rows) {
      this.showPending(chunk, true);
      return true;
    }
    // A blank line, or a line that starts another block, ends the table: the head with the new rows says which.
    if (rows.some((row) => blankLine.test(row))) return false;
    const tokens = lexBlocks(this.head + rows.join('\n') + '\n');
    const table = tokens[0];
    if (table?.type !== 'table' || (table as Tokens.Table).rows.length !== rows.length || tokens.slice(1).some((t) => t.type !== 'space')) return false;
    const rendered = renderBlocks(this.doc, [table]);
    this.body.append(...Array.from(rendered.querySelectorAll('tbody > tr')));
    this.showPending(this.lines.current);
    return true;
  }

  /** The unfinished row line as plain text in a row of its own, after the rows. */
  private showPending(text: string, add = false): void {
    if (!this.pendingRow) {
      if (!text) return;
      const cell = h(this.doc, 'td', { colspan: this.columns });
      const pending = placePending(this.doc, cell);
      this.pendingRow = { row: h(this.doc, 'tr', { class: 'md-pending-row' }, cell), text: pending.text };
    }
    if (add) this.pendingRow.text.appendData(text);
    else this.pendingRow.text.data = text;
    if (this.pendingRow.row.nextSibling || this.pendingRow.row.parentNode !== this.body) this.body.append(this.pendingRow.row);
  }
}

/**
 * An open list: the item being written shows as its last pass rendered it plus plain text; once the next
 * item begins, the finished one is rendered on its own and replaces it. Only a line that is indented less
 * than the item's content can begin an item or end the list, so only such a line makes the item be lexed.
 */
class GrowingList implements GrowingBlock {
  private readonly lines: Lines;
  /** The markdown of the item being written, from its marker. */
  private item: string;
  private current: Element;
  private pending: Pending;
  private contentIndent: number;

  static start(doc: Document, token: Tokens.List, element: Element, start: number, tail: string): GrowingList | undefined {
    const list = element.querySelector('ul, ol');
    const last = token.items[token.items.length - 1];
    let itemStart = start;
    for (const item of token.items.slice(0, -1)) itemStart += item.raw.length;
    if (!list?.lastElementChild || !tail.startsWith(last.raw, itemStart)) return undefined;
    return new GrowingList(doc, list, token.ordered, tail.slice(itemStart));
  }

  private constructor(private readonly doc: Document, private readonly list: Element, private readonly ordered: boolean, item: string) {
    this.item = item;
    this.lines = new Lines(lastLine(item));
    this.current = list.lastElementChild!;
    this.pending = placePending(doc, this.current);
    this.contentIndent = contentIndent(item);
  }

  grow(chunk: string): boolean {
    this.item += chunk;
    const done = this.lines.feed(chunk);
    if (done?.some((line) => !blankLine.test(line) && indentOf(line) < this.contentIndent)) {
      const end = this.item.length - this.lines.current.length;
      const tokens = lexBlocks(this.item.slice(0, end));
      const list = tokens[0] as Tokens.List | undefined;
      if (list?.type !== 'list' || list.ordered !== this.ordered || tokens.slice(1).some((t) => t.type !== 'space')) return false;
      if (list.items.length > 1) {
        this.finishItems(list);
        return true;
      }
    }
    this.pending.text.appendData(chunk);
    return true;
  }

  /** Renders every item but the last, in place of the one that was being written. */
  private finishItems(list: Tokens.List): void {
    const done = list.items.slice(0, -1);
    const rendered = renderBlocks(this.doc, [{ ...list, items: done }]);
    this.current.replaceWith(...Array.from(rendered.querySelector('ul, ol')?.children ?? []));
    for (const item of done) this.item = this.item.slice(item.raw.length);
    this.contentIndent = contentIndent(this.item);
    this.current = this.list.appendChild(this.doc.createElement('li'));
    this.pending = placePending(this.doc, this.current);
    this.pending.text.data = this.item.replace(listMarker, '');
  }
}

function indentOf(line: string): number {
  return /^ */.exec(line.replace(/\t/g, '    '))![0].length;
}

/** The column where an item's text starts ("- a": 2, "10. a": 4), past which lines belong to the item. */
function contentIndent(item: string): number {
  const marker = listMarker.exec(item.replace(/\t/g, '    '));
  if (!marker) return 0;
  const spaces = marker[3].length;
  return marker[1].length + marker[2].length + (spaces >= 1 && spaces <= 4 ? spaces : 1);
}
