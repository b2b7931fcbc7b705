import type { ConversationItem } from '../../model/types';
import { replayCall, replayResult } from './nativeTools';

export interface RunwareMessage {
  role: 'user' | 'assistant';
  content: string;
}

export interface RunwareConversation {
  messages: RunwareMessage[];
  /** Images attached to user messages (data: URIs), for the task's `inputs.images`. */
  images: string[];
}

/** Said when the conversation ends on the assistant: Runware requires the last message to be the user's. */
export const CONTINUE_PROMPT = 'Continue.';
const IMAGE_ONLY_PROMPT = 'See the attached image.';

/**
 * The engine's conversation in Runware's two roles. Tool calls join the assistant's text and tool results
 * become a user message keyed by call id; neighbouring turns of one role merge into one message.
 */
export function toRunwareConversation(items: ConversationItem[]): RunwareConversation {
  const messages: RunwareMessage[] = [];
  const images: string[] = [];
  const toolNames = new Map<string, string>();
  const add = (role: RunwareMessage['role'], text: string): void => {
    if (!text) return;
    const last = messages[messages.length - 1];
    if (last && last.role === role) last.content += `\n\n${text}`;
    else messages.push({ role, content: text });
  };
  for (const item of items) {
    switch (item.type) {
      case 'message':
        if (item.role === 'user' && item.images?.length) {
          images.push(...item.images);
          add('user', item.content || IMAGE_ONLY_PROMPT);
        } else add(item.role, item.content);
        break;
      case 'function_call':
        toolNames.set(item.callId, item.name);
        add('assistant', replayCall(item.callId, item.name, item.arguments));
        break;
      case 'function_call_output':
        add('user', replayResult(item.callId, toolNames.get(item.callId), item.output));
        break;
      case 'provider_item':
        // Opaque items of another service (e.g. encrypted reasoning) mean nothing to Runware.
        break;
    }
  }
  if (messages.length > 0 && messages[messages.length - 1].role !== 'user') add('user', CONTINUE_PROMPT);
  return { messages, images };
}
