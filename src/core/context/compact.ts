import type { ConversationItem } from '../model/types';
import { loadTokenCounter, MESSAGE_OVERHEAD_TOKENS, type TokenCounter } from './tokens';

export interface CompactOptions {
  counter?: TokenCounter;
  /** User turns at the end that are left whole as long as possible (default 2). */
  keepRecentTurns?: number;
  /** Compact down to this share of the budget, so the next turns do not compact again at once (default 0.75). */
  targetShare?: number;
  /** Shortens one tool result; the default keeps its first lines. May call a model. */
  summarize?: (output: string, toolName: string | undefined) => string | Promise<string>;
}

export interface CompactResult {
  items: ConversationItem[];
  /** What was done, for the user; absent when nothing had to change. */
  notice?: string;
  tokensBefore: number;
  tokensAfter: number;
}

/** Opening words of the message that stands in for removed turns; a later compaction updates it. */
export const REMOVED_TURNS_PREFIX = '[Earlier conversation removed to fit the context window:';

// Images are billed by tiles; a high-detail screenshot is well under this.
const IMAGE_TOKENS = 1_500;
// Tool results at or under this size are not worth shortening.
const SHORT_OUTPUT_TOKENS = 200;
const SUMMARY_CHARS = 600;

/**
 * Makes a conversation fit `budget` tokens: older tool results are shortened first, then the oldest
 * turns are removed whole (calls and their results together), and only then recent tool results.
 */
export async function compactConversation(items: readonly ConversationItem[], budget: number, options: CompactOptions = {}): Promise<CompactResult> {
  const counter = options.counter ?? (await loadTokenCounter());
  const work = [...items];
  const cost = work.map((item) => itemTokens(item, counter));
  const total = () => cost.reduce((a, b) => a + b, 0);
  const tokensBefore = total();
  if (tokensBefore <= budget) return { items: work, tokensBefore, tokensAfter: tokensBefore };

  const target = Math.floor(budget * (options.targetShare ?? 0.75));
  const summarize = options.summarize ?? headOf;
  const names = new Map(work.flatMap((item) => (item.type === 'function_call' ? [[item.callId, item.name] as const] : [])));
  let shortened = 0;
  let removedTurns = 0;

  const shortenOutputs = async (from: number, to: number, goal: number) => {
    for (let i = from; i < to && total() > goal; i++) {
      const item = work[i];
      if (item.type !== 'function_call_output' || cost[i] <= SHORT_OUTPUT_TOKENS) continue;
      const name = names.get(item.callId);
      const summary = await summarize(item.output, name);
      const output = `[Result of ${name ?? 'a tool'} shortened to fit the context window; it was ${cost[i]} tokens.]\n${summary}`;
      work[i] = { ...item, output };
      cost[i] = itemTokens(work[i], counter);
      shortened++;
    }
  };
  const dropOldestTurns = (keepTurns: number, goal: number) => {
    const notice = work[0]?.type === 'message' && work[0].content.startsWith(REMOVED_TURNS_PREFIX) ? 1 : 0;
    while (total() > goal) {
      const starts = turnStarts(work, notice);
      if (starts.length <= keepTurns) return;
      // Everything before the second turn's start is the oldest turn (and any items before the first user message).
      const end = starts.length > 1 ? starts[1] : work.length;
      work.splice(notice, end - notice);
      cost.splice(notice, end - notice);
      removedTurns++;
    }
  };

  const recent = Math.max(1, options.keepRecentTurns ?? 2);
  await shortenOutputs(0, protectedFrom(work, recent), target);
  dropOldestTurns(recent, target);
  if (total() > budget) await shortenOutputs(0, work.length, budget);
  if (total() > budget) dropOldestTurns(1, budget);

  if (removedTurns > 0) {
    const previous = work[0]?.type === 'message' && work[0].content.startsWith(REMOVED_TURNS_PREFIX) ? Number(/(\d+) turns?/.exec(work[0].content)?.[1] ?? 0) : 0;
    const content = `${REMOVED_TURNS_PREFIX} ${previous + removedTurns} turns.]`;
    const item: ConversationItem = { type: 'message', role: 'user', content };
    if (previous > 0) {
      work[0] = item;
      cost[0] = itemTokens(item, counter);
    } else {
      work.unshift(item);
      cost.unshift(itemTokens(item, counter));
    }
  }
  const tokensAfter = total();
  return { items: work, notice: describe(shortened, removedTurns, tokensBefore, tokensAfter, budget), tokensBefore, tokensAfter };
}

/** Tokens one conversation item costs in a request (estimated for opaque provider items). */
export function itemTokens(item: ConversationItem, counter: TokenCounter): number {
  switch (item.type) {
    case 'message':
      return counter.count(item.content) + (item.images?.length ?? 0) * IMAGE_TOKENS + MESSAGE_OVERHEAD_TOKENS;
    case 'function_call':
      return counter.count(item.name) + counter.count(item.arguments) + MESSAGE_OVERHEAD_TOKENS;
    case 'function_call_output':
      return counter.count(item.output) + MESSAGE_OVERHEAD_TOKENS;
    case 'provider_item':
      // Opaque (often encrypted reasoning): about four characters a token.
      return Math.ceil(JSON.stringify(item.item.data ?? null).length / 4) + MESSAGE_OVERHEAD_TOKENS;
  }
}

function turnStarts(items: readonly ConversationItem[], from: number): number[] {
  const starts: number[] = [];
  for (let i = from; i < items.length; i++) {
    const item = items[i];
    if (item.type === 'message' && item.role === 'user') starts.push(i);
  }
  if (starts[0] !== from) starts.unshift(from);
  return starts;
}

function protectedFrom(items: readonly ConversationItem[], recentTurns: number): number {
  const starts = turnStarts(items, 0);
  return starts.length > recentTurns ? starts[starts.length - recentTurns] : 0;
}

function headOf(output: string): string {
  const head = output.slice(0, SUMMARY_CHARS);
  const cut = head.length < output.length ? head.slice(0, Math.max(head.lastIndexOf('\n'), 0)) : head;
  return `It began:\n${cut}${cut.length < output.length ? '\n...' : ''}`;
}

function describe(shortened: number, removed: number, before: number, after: number, budget: number): string {
  const done: string[] = [];
  if (shortened > 0) done.push(`shortened ${shortened} older tool result${shortened === 1 ? '' : 's'}`);
  if (removed > 0) done.push(`removed the ${removed} oldest turn${removed === 1 ? '' : 's'}`);
  const saved = `${(before - after).toLocaleString('en-US')} tokens`;
  const still = after > budget ? ` It is still ${after.toLocaleString('en-US')} tokens, over the ${budget.toLocaleString('en-US')} limit: start a new conversation.` : '';
  return `The conversation was compacted to fit the context window: ${done.join(' and ') || 'nothing could be removed'} (${saved} saved).${still}`;
}
