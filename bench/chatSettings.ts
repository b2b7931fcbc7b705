// The chat settings and zero usage the renderer benches open their conversations with (imported by the
// browser page too, so nothing here may pull in Node-only modules).
import type { ChatSettingsView } from '../src/protocol/messages';

export const settings: ChatSettingsView = { service: 'responses', model: 'gpt-5.4-mini', hasKey: true, autoApproveEdits: false, contextWindow: 400_000 };
export const zeroUsage = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0 };
