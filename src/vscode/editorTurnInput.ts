// Plugs the context engine into the chat: each turn gathers the editor's context, and one ContextTurns
// per conversation packs it so the request's prefix stays byte-identical from turn to turn.
import type { ContextReport, ContextSource } from '../core/context/types';
import { isResourceMention } from '../core/mcp/chatCommands';
import { ContextTurns } from '../core/context/turns';
import { findMentions } from '../core/context/sources';
import type { ContextReportView } from '../protocol/messages';
import { completeMentions, gatherEditorContext } from './editorContext';
import type { EditorWorkspace } from './editorWorkspace';
import type { BuildTurnInput, TurnQuestion } from './turnInput';

export interface EditorTurnInputOptions {
  workspace: EditorWorkspace;
  /** The requested max output tokens (settings), which the budget leaves room for. */
  maxOutputTokens: () => number | undefined;
  /** Sources besides the editor's (project instructions, MCP resources), from the message's mentions and the files involved. */
  moreSources?: (request: { mentions: string[]; files: string[] }) => Promise<ContextSource[]>;
}

/** The chat's turn builder with editor context, its `@` completion and its context preview. */
export function editorTurnInput(options: EditorTurnInputOptions): {
  build: BuildTurnInput;
  mentions: (query: string) => Promise<Array<{ label: string; path: string; kind: 'file' | 'folder' | 'symbol' | 'special' }>>;
  preview: (text: string) => Promise<ContextReportView>;
} {
  const perConversation = new Map<string, ContextTurns>();
  const turnsFor = (conversationId: string): ContextTurns => {
    let turns = perConversation.get(conversationId);
    if (!turns) {
      turns = new ContextTurns({ maxOutputTokens: options.maxOutputTokens() });
      perConversation.set(conversationId, turns);
    }
    return turns;
  };
  let lastConversation = '';
  let lastHistory: Parameters<BuildTurnInput>[0] = [];
  let lastReadFiles: ReadonlyMap<string, string> = new Map();

  const gather = async (text: string, readFiles: ReadonlyMap<string, string>): Promise<ContextSource[]> => {
    const mentions = findMentions(text);
    const sources = await gatherEditorContext(options.workspace, { mentions: mentions.filter((m) => !isResourceMention(m)), readFiles });
    if (!options.moreSources) return sources;
    const files = [...new Set(sources.filter((s) => s.path !== undefined && s.withheld === undefined && s.kind !== 'mentioned_folder').map((s) => s.path!))];
    return [...(await options.moreSources({ mentions, files })), ...sources];
  };

  const build: BuildTurnInput = async (history, question: TurnQuestion, turn) => {
    const conversationId = turn?.conversationId ?? 'default';
    const readFiles = turn?.readFiles ?? new Map<string, string>();
    lastConversation = conversationId;
    lastHistory = history;
    lastReadFiles = readFiles;
    const sources = await gather(question.text, readFiles);
    const built = await turnsFor(conversationId).build(sources, history, {
      text: question.text,
      images: question.images,
      excludeContextIds: question.excludeContextIds,
    });
    const compacted = built.history.length !== history.length || built.history.some((item, i) => item !== history[i]);
    return {
      input: built.input,
      userItem: built.userItem,
      ...(compacted ? { history: built.history } : {}),
      ...(built.notice ? { notice: built.notice } : {}),
      context: reportView(built.report),
    };
  };

  return {
    build,
    mentions: async (query) => completeMentions(options.workspace, query),
    // The preview packs with the same state as the next send would, without keeping anything.
    preview: async (text) => {
      const sources = await gather(text, lastReadFiles);
      const built = await turnsFor(lastConversation || 'default').build(sources, lastHistory, { text }, { preview: true });
      return reportView(built.report);
    },
  };
}

function reportView(report: ContextReport): ContextReportView {
  return {
    items: report.items.map((i) => ({ id: i.id, kind: i.kind, label: i.label, tokens: i.tokens, truncated: i.truncated, ...(i.omitted ? { omitted: i.omitted } : {}) })),
    totalTokens: report.totalTokens,
    budgetTokens: report.budgetTokens,
  };
}
