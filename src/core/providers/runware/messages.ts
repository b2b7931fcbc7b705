import type { ConversationItem } from '../../model/types';
import type { ToolMode } from './config';
import { replayInput, replayResultMessage, type NativeCallReplay } from './nativeTools';
import { renderToolCall, renderToolResult } from './textTools';

export type RunwareMessage =
  | { role: 'user'; content: string }
  /** `tools` only in native tool mode: the calls the assistant made, for replay. */
  | { role: 'assistant'; content?: string; tools?: NativeCallReplay[] }
  | { role: 'tool'; id: string; content: string };

export interface RunwareConversation {
  messages: RunwareMessage[];
  /** Images attached to user messages (data: URIs), for the task's `inputs.images`. */
  images: string[];
}

/** Said when the conversation would end on the assistant or a tool: Runware requires the last message to be the user's. */
export const CONTINUE_PROMPT = 'Continue.';
const IMAGE_ONLY_PROMPT = 'See the attached image.';

/**
 * The engine's conversation in Runware's roles. In text tool mode calls join the assistant's text and
 * results become a user message keyed by call id; in native mode calls are the assistant message's
 * `tools` and each result is a `tool` message. Neighbouring text turns of one role merge into one message.
 */
export function toRunwareConversation(items: ConversationItem[], toolMode: ToolMode = 'text'): RunwareConversation {
  const messages: RunwareMessage[] = [];
  const images: string[] = [];
  const toolNames = new Map<string, string>();
  const last = () => messages[messages.length - 1];
  const add = (role: 'user' | 'assistant', text: string): void => {
    if (!text) return;
    const previous = last();
    if (previous && previous.role === role && (role === 'user' || !('tools' in previous))) {
      previous.content = previous.content ? `${previous.content}\n\n${text}` : text;
    } else messages.push({ role, content: text });
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
        if (toolMode === 'native') addNativeCall(messages, { id: item.callId, name: item.name, input: replayInput(item.arguments) });
        else add('assistant', renderToolCall(item.callId, item.name, item.arguments));
        break;
      case 'function_call_output':
        if (toolMode === 'native') messages.push(replayResultMessage(item.callId, item.output));
        else add('user', renderToolResult(item.callId, toolNames.get(item.callId), item.output));
        break;
      case 'provider_item':
        // Opaque items of another service (e.g. encrypted reasoning) mean nothing to Runware.
        break;
    }
  }
  if (messages.length > 0 && last().role !== 'user') messages.push({ role: 'user', content: CONTINUE_PROMPT });
  return { messages, images };
}

/** Calls of one step go into one assistant message, after the text the assistant wrote before them. */
function addNativeCall(messages: RunwareMessage[], call: NativeCallReplay): void {
  const previous = messages[messages.length - 1];
  if (previous && previous.role === 'assistant') (previous.tools ??= []).push(call);
  else messages.push({ role: 'assistant', tools: [call] });
}
