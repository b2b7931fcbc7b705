import type { ConversationItem } from '../model/types';
import { inputLimit, type BudgetOptions } from './budget';
import { compactConversation, itemTokens } from './compact';
import { packContext } from './pack';
import { JOIN_SLACK_TOKENS, loadTokenCounter, MESSAGE_OVERHEAD_TOKENS, type TokenCounter } from './tokens';
import type { ContextReport, ContextSource, PackState } from './types';

export interface TurnQuestionInput {
  text: string;
  images?: string[];
  /** Report ids the user removed from the context preview. */
  excludeContextIds?: readonly string[];
}

export interface BuiltTurn {
  /** The request's input: stable context items, the history as sent before, the new user message. */
  input: ConversationItem[];
  /** The new user message as it should stay in the history (context prefix included: later turns resend these bytes). */
  userItem: ConversationItem;
  /** The history actually used: the one given, or its compacted form, which the caller should keep from now on. */
  history: ConversationItem[];
  report: ContextReport;
  /** Set when the history was compacted, for the user. */
  notice?: string;
}

export interface ContextTurnsOptions extends BudgetOptions {
  /** Tokens of what the request carries besides input items: instructions and tool schemas. */
  fixedTokens?: number;
  /** Share of the input limit kept for editor context before the history is compacted (default 0.25). */
  contextShare?: number;
  /** Share of the input limit left free when the stable context is built, for the history to grow into (default 0.15). */
  growthShare?: number;
  counter?: TokenCounter;
}

/**
 * One conversation's context across turns: budgets each request, compacts the history when it
 * outgrows the window, and packs the editor context so the request's prefix stays byte-identical.
 */
export class ContextTurns {
  /** The packer's memory of the last turn; plain JSON, may be saved with the conversation. */
  state: PackState | undefined;

  constructor(private readonly options: ContextTurnsOptions = {}) {}

  /** Builds the input for a new user message and remembers what was sent (unless it is only a preview). */
  async build(sources: readonly ContextSource[], history: readonly ConversationItem[], question: TurnQuestionInput, options: { preview?: boolean } = {}): Promise<BuiltTurn> {
    const counter = this.options.counter ?? (await loadTokenCounter());
    const limit = inputLimit(this.options) - (this.options.fixedTokens ?? 0);
    const questionTokens = counter.count(question.text) + MESSAGE_OVERHEAD_TOKENS + JOIN_SLACK_TOKENS;
    const contextFloor = Math.floor(limit * (this.options.contextShare ?? 0.25));

    let kept = [...history];
    let notice: string | undefined;
    // The history yields only past the context's floor; above it, the packer rebuilds its stable items instead.
    const historyRoom = limit - questionTokens - contextFloor;
    if (sum(kept, counter) > historyRoom) {
      const compacted = await compactConversation(kept, Math.max(0, historyRoom), { counter });
      kept = compacted.items;
      notice = compacted.notice;
    }
    const budget = Math.max(0, limit - questionTokens - sum(kept, counter));
    const growthReserve = Math.floor(limit * (this.options.growthShare ?? 0.15));
    const packed = await packContext(sources, budget, this.state, { excludeIds: question.excludeContextIds, history: kept, counter, growthReserve });
    if (!options.preview) this.state = packed.state;

    const userItem: ConversationItem = {
      type: 'message',
      role: 'user',
      content: packed.volatileText + question.text,
      ...(question.images && question.images.length > 0 ? { images: question.images } : {}),
    };
    return { input: [...packed.items, ...kept, userItem], userItem, history: kept, report: packed.report, ...(notice ? { notice } : {}) };
  }
}

function sum(items: readonly ConversationItem[], counter: TokenCounter): number {
  return items.reduce((total, item) => total + itemTokens(item, counter), 0);
}
