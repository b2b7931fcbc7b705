// The streams the renderer benches feed the chat view, the same in happy-dom and in Chromium: a realistic
// 50,000-token answer, and answers that are one long open block (a code fence, a table, a list), all cut
// into 5-token deltas (o200k_base, counted with gpt-tokenizer), plus a 200-message conversation to reopen.
import { decode, encode } from 'gpt-tokenizer/cjs/encoding/o200k_base';
import type { MessageView } from '../src/protocol/messages';
import { zeroUsage } from './chatSettings';
import { longAnswer } from './longAnswer';

export const TOKENS_PER_DELTA = 5;
export const EARLIER_MESSAGES = 200;


export interface Stream {
  text: string;
  deltas: string[];
  /** Deltas averaged for "per delta at start" and "at end": the first and the last `window`. */
  window: number;
  /** Deltas at the end that close the block (left out of the "end" window: closing costs once). */
  closing: number;
}

function toDeltas(ids: number[]): string[] {
  const deltas: string[] = [];
  for (let i = 0; i < ids.length; i += TOKENS_PER_DELTA) deltas.push(decode(ids.slice(i, i + TOKENS_PER_DELTA)));
  if (deltas.join('') !== decode(ids)) throw new Error('5-token slices do not decode back to the text');
  return deltas;
}

/**
 * A 50,000-token answer: one 10,000-token section written five times, so the first and the last fifth of
 * the stream carry the same content and their per-delta costs differ only by what the growing message costs.
 */
export function realisticAnswer(tokens = 50_000, sections = 5): Stream {
  const sectionTokens = tokens / sections;
  // Cut the section at a line end near its token budget so that each repetition starts a new block.
  const draft = decode(encode(longAnswer(sectionTokens * 4.5)).slice(0, sectionTokens));
  const section = draft.slice(0, draft.lastIndexOf('\n\n') + 2);
  const sectionIds = encode(section);
  // Line breaks (one token each, blank lines to markdown) top each section up to exactly its share.
  const padding = new Array<number>(sectionTokens - sectionIds.length).fill(encode('\n')[0]);
  const ids: number[] = [];
  for (let i = 0; i < sections; i++) ids.push(...sectionIds, ...padding);
  if (ids.length !== tokens) throw new Error(`the answer has ${ids.length} tokens, not ${tokens}`);
  const deltas = toDeltas(ids);
  return { text: deltas.join(''), deltas, window: Math.floor(deltas.length / sections), closing: 0 };
}

/** One block of about `chars` characters: `open` + lines from `line(i)` + `close`, after a short intro. */
function oneLongBlock(chars: number, open: string, line: (i: number) => string, close: string): Stream {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < chars; i++) {
    lines.push(line(i));
    size += lines[lines.length - 1].length + 1;
  }
  const body = `Here it is:\n\n${open}${lines.join('\n')}\n`;
  const deltas = toDeltas(encode(body));
  const closing = toDeltas(encode(`${close}\nThat is all.\n`));
  return { text: [...deltas, ...closing].join(''), deltas: [...deltas, ...closing], window: Math.floor(deltas.length / 5), closing: closing.length };
}

const words = ['readFile', 'applyPatch', 'ContextBudget', 'workspace', 'signal', 'tokens', 'history', 'editor'];

/** A ```ts fence of about `chars` characters of code. */
export function longFence(chars = 200_000): Stream {
  return oneLongBlock(chars, '```ts\n', (i) => (i % 7 === 6 ? '' : `  const ${words[i % 8]}${i} = await ${words[(i * 3) % 8]}(input, ${i}); // step ${i}`), '```');
}

/** A table of about `chars` characters, cells with inline code and emphasis. */
export function longTable(chars = 200_000): Stream {
  return oneLongBlock(chars, '| Name | Kind | Notes |\n|---|---|---|\n', (i) => `| \`${words[i % 8]}${i}\` | **${words[(i * 5) % 8]}** | returns the ${words[(i * 3) % 8]} of row ${i} |`, '');
}

/** A tight list of about `chars` characters, items with inline code and links. */
export function longList(chars = 200_000): Stream {
  return oneLongBlock(chars, '', (i) => `- \`${words[i % 8]}${i}()\` reads the [${words[(i * 3) % 8]}](https://example.com/${i}) of item ${i}`, '');
}

/** A conversation of `count` messages, questions and 1,500-character answers in turn. */
export function earlierMessages(count = EARLIER_MESSAGES): MessageView[] {
  return Array.from({ length: count }, (_, i): MessageView =>
    i % 2 === 0
      ? { id: `m${i}`, role: 'user', text: `Question ${i}: how does part ${i} work?`, status: 'done' }
      : { id: `m${i}`, role: 'assistant', text: longAnswer(1500, i), status: 'done', usage: { ...zeroUsage, inputTokens: 1000 * i, outputTokens: 400 } },
  );
}
