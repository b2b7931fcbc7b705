import * as assert from 'node:assert/strict';
import type { ConversationItem } from '../../../src/core/model/types';
import { compactConversation, itemTokens, REMOVED_TURNS_PREFIX } from '../../../src/core/context/compact';
import { ContextTurns } from '../../../src/core/context/turns';
import { fileSource } from '../../../src/core/context/sources';
import { loadTokenCounter, type TokenCounter } from '../../../src/core/context/tokens';

const bigOutput = (n: number) => Array.from({ length: 200 }, (_, i) => `line ${i} of result ${n}: some file content here`).join('\n');

/** A conversation of `turns` user turns, each with one tool call and a large result. */
function conversation(turns: number): ConversationItem[] {
  const items: ConversationItem[] = [];
  for (let t = 1; t <= turns; t++) {
    items.push(
      { type: 'message', role: 'user', content: `question ${t}` },
      { type: 'function_call', callId: `c${t}`, name: 'read_file', arguments: `{"path":"f${t}.ts"}` },
      { type: 'function_call_output', callId: `c${t}`, output: bigOutput(t) },
      { type: 'message', role: 'assistant', content: `answer ${t}` },
    );
  }
  return items;
}

const total = (items: ConversationItem[], counter: TokenCounter) => items.reduce((s, i) => s + itemTokens(i, counter), 0);
const outputs = (items: ConversationItem[]) => items.filter((i): i is Extract<ConversationItem, { type: 'function_call_output' }> => i.type === 'function_call_output');

describe('compacting a conversation', () => {
  let counter: TokenCounter;
  before(async () => {
    counter = await loadTokenCounter();
  });

  it('leaves a conversation that fits untouched', async () => {
    const items = conversation(3);
    const result = await compactConversation(items, 1_000_000, { counter });
    assert.deepEqual(result.items, items);
    assert.equal(result.notice, undefined);
  });

  it('shortens older tool results first and keeps the recent turns and every message whole', async () => {
    const items = conversation(6);
    const budget = total(items, counter) - 3_000;
    const result = await compactConversation(items, budget, { counter });
    assert.ok(result.tokensAfter <= Math.floor(budget * 0.75), 'compacted below three quarters of the budget, so the next turns do not compact again at once');
    const out = outputs(result.items);
    assert.match(out[0].output, /^\[Result of read_file shortened to fit the context window; it was \d+ tokens\.\]\nIt began:\nline 0 of result 1/);
    assert.equal(out[5].output, bigOutput(6));
    assert.equal(out[4].output, bigOutput(5));
    assert.equal(result.items.filter((i) => i.type === 'message').length, 12);
    assert.match(result.notice!, /^The conversation was compacted to fit the context window: shortened \d older tool results \([\d,]+ tokens saved\)\.$/);
  });

  it('removes the oldest turns whole when shortening is not enough, never leaving a result without its call', async () => {
    const items = conversation(8);
    const result = await compactConversation(items, 5_000, { counter });
    assert.ok(result.tokensAfter <= 5_000);
    const first = result.items[0];
    assert.ok(first.type === 'message' && first.content.startsWith(REMOVED_TURNS_PREFIX));
    const calls = new Set(result.items.flatMap((i) => (i.type === 'function_call' ? [i.callId] : [])));
    for (const o of outputs(result.items)) assert.ok(calls.has(o.callId), `${o.callId} has its call`);
    const last = result.items[result.items.length - 1];
    assert.ok(last.type === 'message' && last.content === 'answer 8');
    assert.match(result.notice!, /removed the \d+ oldest turns/);
  });

  it('counts the removed turns across compactions in one notice message', async () => {
    const once = await compactConversation(conversation(8), 5_000, { counter });
    const removedOnce = Number(/(\d+) turns/.exec((once.items[0] as { content: string }).content)![1]);
    const more: ConversationItem[] = [...once.items, ...conversation(3).map((i) => (i.type === 'message' ? { ...i, content: `${i.content} (later)` } : i.type === 'function_call' || i.type === 'function_call_output' ? { ...i, callId: `${i.callId}-later` } : i))];
    const twice = await compactConversation(more, 5_000, { counter });
    const messages = twice.items.filter((i) => i.type === 'message' && i.content.startsWith(REMOVED_TURNS_PREFIX));
    assert.equal(messages.length, 1);
    assert.ok(Number(/(\d+) turns/.exec((messages[0] as { content: string }).content)![1]) > removedOnce);
  });

  it('uses the summarizer it is given for tool results', async () => {
    const result = await compactConversation(conversation(5), total(conversation(5), counter) - 1_000, { counter, summarize: (out, name) => `${name} returned ${out.split('\n').length} lines` });
    assert.match(outputs(result.items)[0].output, /\nread_file returned 200 lines$/);
  });

  it('is applied by the turn builder when the history outgrows the window, with a notice', async () => {
    const limits = { contextWindow: 12_000, maxInputTokens: 10_000, maxOutputTokens: 2_000 };
    const turns = new ContextTurns({ counter, limits, reserveTokens: 0 });
    const history = conversation(6);
    const built = await turns.build([fileSource('active_file', 'a.ts', 'export const a = 1;\n')], history, { text: 'next question' });
    assert.ok(built.notice && /compacted/.test(built.notice));
    assert.ok(total(built.input, counter) <= 10_000);
    assert.ok(built.history.length < history.length || outputs(built.history).some((o) => o.output.startsWith('[Result of')));
    assert.deepEqual(built.input.slice(-1), [built.userItem]);
  });
});
