// Which blocks of a streaming text no later text can change. A streamed message commits these (renders them
// once and never again) and keeps only the rest open, so the rules below must never call a block final too
// early: the streaming property tests split random documents at every point to check that they do not.
import type { Token } from 'marked';

/** Characters before the tail that the blank-line test looks at. */
export const lookBehind = 256;

const openingFence = /^ {0,3}(`{3,}|~{3,})/;
const closingFence = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;
// Blocks that a blank line ends for good: nothing after a blank line can join them. Lists are missing (an
// indented line or a new item continues them, and may turn them loose), as are indented code (more indented
// lines continue it) and raw HTML (a `<pre>` or comment runs over blank lines until its end tag).
const endedByBlankLine = new Set(['paragraph', 'heading', 'lheading', 'hr', 'table', 'blockquote']);

/** Where each token starts in the text it was lexed from. */
export function offsets(tokens: readonly Token[]): number[] {
  const starts: number[] = [];
  let at = 0;
  for (const token of tokens) {
    starts.push(at);
    at += token.raw.length;
  }
  return starts;
}

/** True when a block is a fenced code block whose closing fence has not arrived. */
export function isOpenFence(raw: string): boolean {
  const opening = openingFence.exec(raw);
  if (!opening) return false;
  const lines = raw.replace(/\n+$/, '').split('\n');
  if (lines.length < 2) return true;
  return !closesFence(lines[lines.length - 1], opening[1]);
}

/** True when `line` closes a fence opened with `fence` (the same character, at least as many). */
export function closesFence(line: string, fence: string): boolean {
  const closing = closingFence.exec(line);
  return Boolean(closing) && closing![1][0] === fence[0] && closing![1].length >= fence.length;
}

/**
 * How many tokens of the tail are final. `before` is the committed text just before the tail. A block is
 * final when a later block has begun after a blank line and that later block's first line is complete
 * (before that, more text can still join them: a "2" after a list may become "2. item", "***" after a
 * paragraph may become "***x", a fence may still be a paragraph); when it is a fence whose closing line is
 * complete; or when it is of a kind a blank line ends and one follows it. Every block before a final one
 * is final too: its end is fixed by the blocks after it.
 */
export function finalCount(before: string, tail: string, tokens: readonly Token[], starts: readonly number[]): number {
  for (let k = tokens.length - 1; k >= 0; k--) {
    const token = tokens[k];
    if (token.type === 'space') continue;
    const start = starts[k];
    const end = k + 1 < tokens.length ? starts[k + 1] : tail.length;
    if (token.type === 'code' && openingFence.test(token.raw) && !isOpenFence(token.raw) && tail.indexOf('\n', start + token.raw.trimEnd().length) !== -1) {
      return k + 1;
    }
    if (endedByBlankLine.has(token.type) && /\n[ \t]*\n/.test(tail.slice(start + token.raw.trimEnd().length, nextBlockStart(tokens, starts, k, end)))) {
      return k + 1;
    }
    if (k === 0 || tail.indexOf('\n', start) === -1) continue;
    const preceding = start >= lookBehind ? tail.slice(start - lookBehind, start) : before + tail.slice(0, start);
    if (/\n[ \t]*\n$/.test(preceding)) return k;
  }
  return 0;
}

/** Where the first non-space token after token `k` starts (or the end of the text). */
function nextBlockStart(tokens: readonly Token[], starts: readonly number[], k: number, end: number): number {
  let i = k + 1;
  while (i < tokens.length && tokens[i].type === 'space') i++;
  return i < tokens.length ? starts[i] : Math.max(end, starts[tokens.length - 1] + tokens[tokens.length - 1].raw.length);
}
