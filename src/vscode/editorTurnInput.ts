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
  preview: (text: string, turn: { conversationId: string; history: Parameters<BuildTurnInput>[0]; readFiles: ReadonlyMap<string, string> }) => Promise<ContextReportView>;
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
    // The preview packs with the state of the conversation the next send goes to, without keeping anything.
    preview: async (text, turn) => {
      const sources = await gather(text, turn.readFiles);
      const built = await turnsFor(turn.conversationId).build(sources, turn.history, { text }, { preview: true });
      return reportView(built.report);
    },
  };
}

function reportView(report: ContextReport): ContextReportView {
  return {
    items: report.items.map((i) => ({
      id: i.id,
      kind: i.kind,
      label: i.label,
      tokens: i.tokens,
      truncated: i.truncated,
      placement: i.placement,
      ...(i.omitted ? { omitted: i.omitted } : {}),
      ...(i.note ? { note: i.note } : {}),
    })),
    totalTokens: report.totalTokens,
    budgetTokens: report.budgetTokens,
  };
}
