import type { ConversationItem } from '../model/types';

/** Where a piece of context comes from; decides its default priority, share and placement. */
export type ContextSourceKind =
  | 'selection'
  | 'active_file'
  | 'diagnostics'
  | 'mentioned_file'
  | 'mentioned_folder'
  | 'mentioned_symbol'
  | 'git_diff'
  | 'terminal_output'
  | 'read_file'
  | 'open_file'
  | 'outline'
  /** Project instructions (AGENTS.md, Copilot instruction files, the user's setting): stable, removable per turn. */
  | 'instructions'
  /** An MCP server's resource the user @-mentioned. */
  | 'mcp_resource';

/**
 * One thing the editor (or the terminal host) could send. Gatherers fill it; the packer ranks, cuts
 * and places it. Ids are stable across turns (`file:src/a.ts`, `selection`, `outline`) so a file that
 * changes role (active, then merely open) is still recognised as the same content.
 */
export interface ContextSource {
  id: string;
  kind: ContextSourceKind;
  /** What the user sees in the context list. */
  label: string;
  /** Workspace-relative path with `/` separators, when the source is about one file or folder. */
  path?: string;
  /** The content as the model should read it (raw file text, diff, outline lines...). */
  text: string;
  /** 1-based inclusive lines the user is looking at (selection, cursor); cutting keeps them. */
  focus?: { startLine: number; endLine: number };
  /** Overrides the kind's default priority (higher is kept first). */
  priority?: number;
  /** Set by a gatherer that refused to read the source (secret file, unreadable): reported, never sent. */
  withheld?: string;
}

/** Where an item ended up in the request. */
export type Placement =
  /** In the stable items before the history: byte-identical across turns. */
  | 'stable'
  /** In the text that prefixes the new user message. */
  | 'volatile'
  /** Already in the conversation unchanged (an earlier user message); not sent again. */
  | 'earlier'
  /** Not sent: see `omitted`. */
  | 'none';

/** One line of the transparency view. Field names match the protocol's `ContextItemView`. */
export interface ContextReportItem {
  id: string;
  kind: ContextSourceKind;
  label: string;
  /** Tokens this item adds to the request (0 when it was not sent or was sent earlier). */
  tokens: number;
  /** Cut at line boundaries to fit. */
  truncated: boolean;
  /** Why it was not sent, in words for the user. */
  omitted?: string;
  placement: Placement;
  /** Extra detail: what was cut, "updated since sent earlier", "kept for the prompt cache". */
  note?: string;
}

export interface ContextReport {
  items: ContextReportItem[];
  /** Tokens of everything packed (stable items + volatile text). Never above `budgetTokens`. */
  totalTokens: number;
  budgetTokens: number;
  stableTokens: number;
  volatileTokens: number;
  /** Stable items reused byte for byte from the previous turn. */
  reusedStableItems: number;
  /** Set when the stable items had to be rebuilt (the prompt cache misses once), with the reason. */
  rebuilt?: string;
}

/** A stable item as it was sent, kept so the next turn can send the same bytes. */
export interface StableEntry {
  id: string;
  kind: ContextSourceKind;
  label: string;
  /** Content hash of the source text this entry was made from. */
  hash: string;
  tokens: number;
  truncated: boolean;
  note?: string;
  item: ConversationItem;
}

/** What `packContext` needs from the previous turn to keep the request's prefix stable. Plain JSON. */
export interface PackState {
  stable: StableEntry[];
  /**
   * Sources sent in earlier user messages (now part of the history), by id: the content hash sent and
   * the opening tag that identifies the block in the history.
   */
  earlier: Record<string, { hash: string; marker: string }>;
  /** Sources left out for lack of room, by id, with the kind they had; they stay out until a rebuild or a change of role. */
  omitted?: Record<string, ContextSourceKind>;
}

export interface PackResult {
  /** Items to put before the history, in order; byte-identical to last turn's where nothing changed. */
  items: ConversationItem[];
  /** Text to put before the user's question in the new user message ('' when there is none). */
  volatileText: string;
  report: ContextReport;
  /** Pass back as `previous` on the next turn. */
  state: PackState;
}
