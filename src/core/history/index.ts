export { ConversationStore, type LoadResult, type ConversationStoreOptions } from './conversationStore';
export { isConversationId, summarize, titleFrom, type ConversationRecord, type ConversationSummary, type TurnRecord } from './conversation';
