// Test fixtures for the host-side chat: a scripted model, a temporary workspace folder, a recording screen.
import type { ModelEvent, Usage } from '../../../src/core/model/types';
import type { ProposedEdit, ReviewScreen } from '../../../src/vscode/editReview';
import { writeTempTree } from '../../support/tempTree';

export { scriptedProvider, type ScriptedProvider, type ScriptStep } from '../../support/scriptedProvider';

export const usage = (input: number, output: number, costUsd?: number): Usage => ({
  inputTokens: input,
  cachedInputTokens: 0,
  outputTokens: output,
  reasoningTokens: 0,
  totalTokens: input + output,
  ...(costUsd === undefined ? {} : { costUsd }),
});

/** A text answer in a few deltas. */
export function answer(text: string, u: Usage = usage(10, 5)): ModelEvent[] {
  const words = text.match(/\S+\s*/g) ?? [text];
  return [...words.map((delta): ModelEvent => ({ type: 'text_delta', delta })), { type: 'usage', usage: u }, { type: 'completed' }];
}

/** One tool call and the end of the step. */
export function toolCall(callId: string, name: string, args: Record<string, unknown>): ModelEvent[] {
  const text = JSON.stringify(args);
  return [
    { type: 'tool_call_started', callId, name },
    { type: 'tool_call_delta', callId, delta: text },
    { type: 'tool_call_complete', callId, name, arguments: text },
    { type: 'usage', usage: usage(20, 8) },
    { type: 'completed' },
  ];
}

/** A promise and its resolver, to hold a stream until the test lets it go. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** A new temporary folder holding `files` (relative path → text). */
export function tempFolder(files: Record<string, string> = {}): Promise<string> {
  return writeTempTree(files, 'mc-chat-');
}

/** A screen that records what it was asked to show and close. */
export function recordingScreen(): ReviewScreen & { shown: string[]; closed: string[]; pending: string[][] } {
  const shown: string[] = [];
  const closed: string[] = [];
  const pending: string[][] = [];
  return {
    shown,
    closed,
    pending,
    async show(edit: ProposedEdit) {
      shown.push(edit.editId);
    },
    async close(edit: ProposedEdit) {
      closed.push(edit.editId);
    },
    pendingChanged(ids: string[]) {
      pending.push(ids);
    },
  };
}

/** Waits until `check` holds, polling on the event loop (for state reached by a stream in flight). */
export async function until(check: () => boolean, what: string, timeoutMs = 2000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Sequential ids, so tests can name messages. */
export function counterIds(prefix = 'id'): () => string {
  let n = 0;
  return () => `${prefix}${++n}`;
}
