import { SHARE } from './blocks';
import { clearlyOver, cutToFit, MIN_USEFUL_TOKENS } from './cut';
import type { TokenCounter } from './tokens';
import type { ContextSource } from './types';

/** A source competing for this turn's budget, with the frame it will be wrapped in. */
export interface Candidate {
  source: ContextSource;
  hash: () => string;
  priority: number;
  placement: 'stable' | 'volatile';
  /** Said in the block's tag, e.g. "updated since sent earlier". */
  status?: string;
  head: string;
  tail: string;
  /** Tokens besides the content: frame lines, join allowances, message overhead. */
  fixed: number;
  /** Set when the candidate got room: the content as sent and its total tokens (fixed included). */
  packed?: { content: string; tokens: number; truncated: boolean; note?: string };
  omitted?: string;
  /** Left out because it did not fit on an earlier turn (not a new squeeze). */
  heldBack?: boolean;
}

export const NO_ROOM = 'no room left in the context budget';

/**
 * Shares `available` tokens by priority: each candidate first gets what it needs up to its kind's share
 * (so one huge file cannot starve the small ones), then the sources that did not fit their share are
 * cut to what is left, highest priority first. Returns tokens used.
 */
export function allocate(candidates: Candidate[], available: number, counter: TokenCounter, options: { fillLeftover?: boolean } = {}): number {
  // Equal priorities go smallest first: more sources fit whole, and the big one is the one cut.
  const ordered = [...candidates].sort((a, b) => b.priority - a.priority || a.source.text.length - b.source.text.length);
  let remaining = available;
  const wanting: Array<{ candidate: Candidate; reserved: number }> = [];

  for (const candidate of ordered) {
    const cap = Math.max(MIN_USEFUL_TOKENS + candidate.fixed, Math.floor(SHARE[candidate.source.kind] * available));
    const limit = Math.min(remaining, cap);
    const room = limit - candidate.fixed;
    const content = room >= 0 && !clearlyOver(candidate.source.text, room) ? withNewline(candidate.source.text) : undefined;
    const whole = content !== undefined ? countIfFits(content, room, counter) : undefined;
    if (content !== undefined && whole !== undefined) {
      candidate.packed = { content, tokens: whole + candidate.fixed, truncated: false };
      remaining -= candidate.packed.tokens;
    } else if (room < MIN_USEFUL_TOKENS) {
      candidate.omitted = NO_ROOM;
    } else {
      // Hold its share now so lower priorities cannot take it; it may grow from the leftover below.
      wanting.push({ candidate, reserved: limit });
      remaining -= limit;
    }
  }

  // Sources too big for their share are then cut: to their share, or (when filling the leftover) to
  // everything still unused, strictly by priority.
  const fill = options.fillLeftover !== false;
  if (fill) remaining += wanting.reduce((sum, w) => sum + w.reserved, 0);
  for (const { candidate, reserved } of wanting) {
    if (!fill) remaining = reserved;
    const cut = remaining - candidate.fixed >= MIN_USEFUL_TOKENS ? cutToFit(withNewline(candidate.source.text), remaining - candidate.fixed, counter, candidate.source.focus) : undefined;
    if (!cut) {
      candidate.omitted = NO_ROOM;
      continue;
    }
    candidate.packed = { content: cut.text, tokens: cut.tokens + candidate.fixed, truncated: cut.truncated, note: cut.note };
    remaining -= candidate.packed.tokens;
  }
  if (!fill) return candidates.reduce((sum, c) => sum + (c.packed?.tokens ?? 0), 0);
  return available - remaining;
}

// Most sources are far smaller than their room: a plain count is quicker than one that watches a limit.
function countIfFits(text: string, limit: number, counter: TokenCounter): number | undefined {
  if (text.length > limit * 2) return counter.countWithin(text, limit);
  const n = counter.count(text);
  return n <= limit ? n : undefined;
}

/** Content always ends with a newline so the closing tag starts a line. */
export function withNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}
