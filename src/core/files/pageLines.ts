import type { Page, PageLine, PageRequest } from '../workspace';

/**
 * Cuts one page of numbered lines out of a text that arrives in chunks, holding only the page: the whole text is
 * scanned once (to count its lines) but never kept. A line longer than the page is cut inside the line, and
 * `next` says where to go on from. Each line costs its characters plus one (its line break) of `maxChars`.
 */
export async function pageLines(chunks: AsyncIterable<string> | Iterable<string>, request: PageRequest): Promise<Page> {
  const start = Math.max(1, Math.floor(request.startLine));
  const end = Math.max(start, Math.floor(request.endLine ?? Number.MAX_SAFE_INTEGER));
  const lastWanted = Math.min(end, start + Math.max(1, Math.floor(request.maxLines)) - 1);
  const startChar = Math.max(0, Math.floor(request.startChar ?? 0));
  const lines: PageLine[] = [];
  let budget = Math.max(1, Math.floor(request.maxChars));
  let lineNo = 1;
  let pos = 0; // characters of the current line seen so far
  let lastCr = false;
  let entry: PageLine | undefined;
  let next: Page['next'];

  const wanted = () => lineNo >= start && lineNo <= lastWanted && next === undefined;
  const from = () => (lineNo === start ? startChar : 0);

  // A line costs one for its break, plus at least one character when it has any.
  const open = (at: number, withText: boolean): boolean => {
    if (entry) return true;
    if (budget < (withText ? 2 : 1)) {
      next = { line: lineNo, char: at };
      return false;
    }
    entry = { line: lineNo, text: '', fromChar: at };
    lines.push(entry);
    budget -= 1;
    return true;
  };

  const segment = (text: string) => {
    if (text === '') return;
    if (wanted()) {
      const lo = Math.max(from(), pos);
      const hi = pos + text.length;
      if (hi > lo && open(lo, true)) {
        const take = Math.min(hi - lo, budget);
        entry!.text += text.slice(lo - pos, lo - pos + take);
        budget -= take;
        if (take < hi - lo) next = { line: lineNo, char: lo + take };
      }
    }
    pos += text.length;
    lastCr = text.charCodeAt(text.length - 1) === 13;
  };

  const lineEnd = () => {
    const length = pos - (lastCr ? 1 : 0);
    if (wanted() && !entry && from() <= length && (from() === 0 || from() < length)) open(from(), false);
    if (entry) {
      if (entry.fromChar + entry.text.length > length) entry.text = entry.text.slice(0, length - entry.fromChar);
      if (entry.fromChar > 0 || entry.fromChar + entry.text.length < length) entry.lineLength = length;
      entry = undefined;
    }
    if (next === undefined && lineNo === lastWanted && lastWanted < end) next = { line: lineNo + 1, char: 0 };
    lineNo++;
    pos = 0;
    lastCr = false;
  };

  for await (const chunk of chunks) {
    let at = 0;
    for (;;) {
      const nl = chunk.indexOf('\n', at);
      if (nl < 0) {
        segment(chunk.slice(at));
        break;
      }
      segment(chunk.slice(at, nl));
      lineEnd();
      at = nl + 1;
    }
  }
  if (pos > 0) lineEnd();
  const totalLines = lineNo - 1;
  if (next && next.line > totalLines) next = undefined;
  return { lines, totalLines, ...(next ? { next } : {}) };
}
