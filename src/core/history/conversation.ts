import type { ConversationItem, Usage } from '../model/types';

/** One user turn: which messages it produced and where its items start in the model's history. */
export interface TurnRecord {
  turnId: string;
  userMessageId: string;
  assistantMessageId: string;
  /** Number of history items before this turn's user message (truncating to it removes the turn). */
  itemsBefore: number;
  /** What the model was asked when it differs from the message shown (an editor action's full request). */
  prompt?: string;
}

/**
 * A saved conversation. `items` is what the model reads again on the next turn; `messages` is what the
 * view renders (its type belongs to the host, so the store keeps it opaque).
 */
export interface ConversationRecord<M = unknown> {
  version: 1;
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  items: ConversationItem[];
  messages: M[];
  turns: TurnRecord[];
  totals: Usage;
}

/** What a list of conversations shows. Same fields as the protocol's `ConversationSummary`. */
export interface ConversationSummary {
  id: string;
  title: string;
  updatedAt: number;
  messageCount: number;
}

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/;

/** True for an id that is safe as a file name (no separators, dots or traversal). */
export function isConversationId(id: unknown): id is string {
  return typeof id === 'string' && ID_PATTERN.test(id);
}

/** The summary line of a conversation. */
export function summarize(record: ConversationRecord): ConversationSummary {
  return { id: record.id, title: record.title, updatedAt: record.updatedAt, messageCount: record.messages.length };
}

/** A title from the first words of the first question: one line, at most 60 characters. */
export function titleFrom(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line === '') return 'New chat';
  return line.length <= 60 ? line : `${line.slice(0, 59).trimEnd()}…`;
}

/** Checks the shape of parsed JSON; anything else counts as a damaged file. */
export function isConversationRecord(value: unknown, id: string): value is ConversationRecord {
  if (!value || typeof value !== 'object') return false;
  const r = value as Partial<ConversationRecord>;
  return (
    r.version === 1 &&
    r.id === id &&
    typeof r.title === 'string' &&
    typeof r.createdAt === 'number' &&
    typeof r.updatedAt === 'number' &&
    Array.isArray(r.items) &&
    Array.isArray(r.messages) &&
    Array.isArray(r.turns) &&
    !!r.totals &&
    typeof r.totals === 'object'
  );
}
