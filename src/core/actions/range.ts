import { indentationBlock } from './indentBlock';
import { isBlank, lineEnd, lineStarts, offsetAt, positionAt, splitLines, type OffsetRange, type TextPosition } from './text';

/** A document symbol as the editor reports it (kind in lower case: `function`, `method`, `class`…). */
export interface ActionSymbol {
  name: string;
  kind: string;
  range: { start: TextPosition; end: TextPosition };
  children?: ActionSymbol[];
}

/** The code an action works on, and how it was chosen. */
export interface ChosenRange {
  range: OffsetRange;
  source: 'selection' | 'symbol' | 'indentation' | 'line';
  /** For people: `function parse`, `lines 12–30`. */
  label: string;
}

const UNIT_KINDS = new Set(['function', 'method', 'constructor', 'class', 'struct', 'interface', 'enum']);
// Variables and properties count only when they span lines (an arrow function or object held in a const).
const VALUE_KINDS = new Set(['variable', 'constant', 'property', 'field']);

/**
 * The range an action applies to: the selection (snapped to whole lines where only whitespace lies
 * outside it), else the smallest enclosing function/method/class from the editor's symbols, else the
 * block found from indentation, else the cursor's line.
 */
export function chooseActionRange(text: string, selection: { start: TextPosition; end: TextPosition }, symbols?: ActionSymbol[]): ChosenRange {
  const starts = lineStarts(text);
  let start = offsetAt(text, selection.start, starts);
  let end = offsetAt(text, selection.end, starts);
  if (start > end) [start, end] = [end, start];
  if (text.slice(start, end).trim() !== '') {
    const range = snapToLines(text, { start, end }, starts);
    return { range, source: 'selection', label: linesLabel(text, range, starts) };
  }
  const cursor = positionAt(text, start, starts);
  const symbol = smallestEnclosing(symbols ?? [], cursor);
  if (symbol) {
    const range = snapToLines(text, { start: offsetAt(text, symbol.range.start, starts), end: offsetAt(text, symbol.range.end, starts) }, starts);
    return { range, source: 'symbol', label: `${symbol.kind} ${symbol.name}` };
  }
  const lines = splitLines(text);
  const block = indentationBlock(lines, cursor.line);
  if (!block) return { range: { start, end: start }, source: 'line', label: `line ${cursor.line + 1}` };
  const range = { start: starts[block.startLine] + (lines[block.startLine].length - lines[block.startLine].trimStart().length), end: lineEnd(text, starts, block.endLine) };
  const snapped = snapToLines(text, range, starts);
  const source = block.startLine === block.endLine && !block.definition ? 'line' : 'indentation';
  return { range: snapped, source, label: linesLabel(text, snapped, starts) };
}

/**
 * Widens a range to whole lines where only whitespace lies between it and the line's edges, so the
 * indentation of its first line is part of it. A range ending at the start of a line keeps that line break.
 */
export function snapToLines(text: string, range: OffsetRange, starts = lineStarts(text)): OffsetRange {
  const first = positionAt(text, range.start, starts);
  const last = positionAt(text, range.end, starts);
  let start = range.start;
  let end = range.end;
  if (isBlank(text.slice(starts[first.line], range.start))) start = starts[first.line];
  const endsAtLineStart = last.character === 0 && range.end > range.start && last.line > first.line;
  if (!endsAtLineStart) {
    const lastEnd = lineEnd(text, starts, last.line);
    if (isBlank(text.slice(range.end, lastEnd))) end = lastEnd;
  }
  return { start, end };
}

/** `lines 3–9` (1-based, as the editor shows them). */
export function linesLabel(text: string, range: OffsetRange, starts = lineStarts(text)): string {
  const first = positionAt(text, range.start, starts).line + 1;
  const endPos = positionAt(text, range.end, starts);
  const last = endPos.character === 0 && endPos.line + 1 > first ? endPos.line : endPos.line + 1;
  return first === last ? `line ${first}` : `lines ${first}–${last}`;
}

function contains(range: ActionSymbol['range'], position: TextPosition): boolean {
  const afterStart = position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character);
  const beforeEnd = position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character);
  return afterStart && beforeEnd;
}

function smallestEnclosing(symbols: ActionSymbol[], position: TextPosition): ActionSymbol | undefined {
  let best: ActionSymbol | undefined;
  let bestSize = Infinity;
  const visit = (list: ActionSymbol[]) => {
    for (const symbol of list) {
      if (!contains(symbol.range, position)) continue;
      const kind = symbol.kind.toLowerCase();
      const multiLine = symbol.range.end.line > symbol.range.start.line;
      if (UNIT_KINDS.has(kind) || (VALUE_KINDS.has(kind) && multiLine)) {
        const size = (symbol.range.end.line - symbol.range.start.line) * 100_000 + (symbol.range.end.character - symbol.range.start.character);
        if (size < bestSize) {
          best = symbol;
          bestSize = size;
        }
      }
      if (symbol.children) visit(symbol.children);
    }
  };
  visit(symbols);
  return best;
}

/** Diagnostics larger than this many lines fall back to a window around the problem. */
const MAX_FIX_LINES = 150;
const FIX_WINDOW = 8;

/**
 * The range a fix rewrites: the smallest enclosing unit when it is of a reviewable size, else a
 * window of whole lines around the problem; always covering the diagnostic itself.
 */
export function rangeForDiagnostic(text: string, problem: { start: TextPosition; end: TextPosition }, symbols?: ActionSymbol[]): ChosenRange {
  const starts = lineStarts(text);
  const chosen = chooseActionRange(text, { start: problem.start, end: problem.start }, symbols);
  const problemStart = offsetAt(text, problem.start, starts);
  const problemEnd = offsetAt(text, problem.end, starts);
  const lineCount = positionAt(text, chosen.range.end, starts).line - positionAt(text, chosen.range.start, starts).line + 1;
  const covers = chosen.range.start <= problemStart && chosen.range.end >= problemEnd;
  if (chosen.source !== 'line' && covers && lineCount <= MAX_FIX_LINES) return chosen;
  const firstLine = Math.max(0, problem.start.line - FIX_WINDOW);
  const lastLine = Math.min(starts.length - 1, Math.max(problem.end.line, problem.start.line) + FIX_WINDOW);
  const range = { start: starts[firstLine], end: lineEnd(text, starts, lastLine) };
  return { range, source: 'line', label: linesLabel(text, range, starts) };
}
