// The seam where each turn's input is built. The chat calls `buildTurnInput(history, question)`; the plain
// version sends the history and the question, and the editor-context packer plugs in here to add the
// selection, open files and diagnostics (it may put stable items before the history and prefix the question).
import type { ConversationItem } from '../core/model/types';
import type { AttachmentView, ContextReportView } from '../protocol/messages';

/** What the user asked this turn. */
export interface TurnQuestion {
  text: string;
  /** data: URIs of attached images. */
  images?: string[];
  /** Context items the user removed from the preview. */
  excludeContextIds?: string[];
  /** What the model reads instead of `text`, when the message shown is a short form of it (Explain Selection). */
  prompt?: string;
  /** Editor selections shown with the question as chips. */
  attachments?: AttachmentView[];
}

export interface TurnInput {
  /** Everything the model reads this turn, in order (usually the history first, the question last). */
  input: ConversationItem[];
  /** The user's message as it stays in the history; later turns resend exactly these bytes (prompt cache). */
  userItem: ConversationItem;
  /** What context went with the question, for the view. */
  context?: ContextReportView;
  /** Set when the builder compacted the history: the caller keeps this instead of the old one from now on. */
  history?: ConversationItem[];
  /** Said to the user when the history was compacted. */
  notice?: string;
}

/** What else a builder may want to know about the turn. */
export interface TurnContext {
  /** Stable per conversation: state kept between turns (the prompt-cache prefix) can be keyed by it. */
  conversationId: string;
  /** Files the model read through tools in this conversation, with the text it saw. */
  readFiles: ReadonlyMap<string, string>;
  signal?: AbortSignal;
}

export type BuildTurnInput = (history: ConversationItem[], question: TurnQuestion, turn?: TurnContext) => Promise<TurnInput>;

/** The history and the question, with no editor context. */
export const plainTurnInput: BuildTurnInput = async (history, question) => {
  const userItem: ConversationItem = {
    type: 'message',
    role: 'user',
    content: question.text,
    ...(question.images && question.images.length > 0 ? { images: question.images } : {}),
  };
  return { input: [...history, userItem], userItem };
};
