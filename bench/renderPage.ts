// The page side of bench/renderChromium.bench.ts, bundled for the browser: mounts the real chat view and
// feeds it host messages as the extension host does, one delta per message, with frames (style, layout,
// paint) and the view kept at the end of the conversation as a reader following the answer has it.
// The bench reads the main thread's CPU time around these calls.
import type { HostMessage, MessageView } from '../src/protocol/messages';
import { mountChat, type ChatView } from '../src/webview/app';
import { HostBus, type VsCodeApi } from '../src/webview/bus';
import { settings, zeroUsage } from './chatSettings';

const api: VsCodeApi = { postMessage: () => undefined, getState: () => undefined, setState: () => undefined };
let chat: ChatView;

/** Waits for a frame (with the view scrolled to its end, as a following reader has it) and its rendering. */
function frame(): Promise<void> {
  return new Promise((resolve) =>
    requestAnimationFrame(() => {
      const transcript = chat.transcript.element;
      transcript.scrollTop = transcript.scrollHeight;
      setTimeout(resolve, 0);
    }),
  );
}

function state(messages: MessageView[]): void {
  chat.handle({ type: 'state', conversationId: 'c', title: 'Bench', messages, settings, busy: false, totals: zeroUsage });
}

/** Resolves once every message of the conversation is in the DOM (older ones may be rendered lazily). */
async function allRendered(count: number): Promise<void> {
  while (document.querySelectorAll('#transcript .message').length < count) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** Mounts the chat, opens a conversation of `earlier` messages and starts an empty streaming answer. */
async function begin(earlier: MessageView[]): Promise<void> {
  chat = mountChat(document.getElementById('app')!, new HostBus(api, window), api);
  state(earlier);
  await allRendered(earlier.length);
  chat.handle({ type: 'busy', busy: true });
  chat.handle({ type: 'messageStart', message: { id: 'live', role: 'assistant', text: '', status: 'streaming' } });
  await frame();
}

/** Streams deltas into the answer, with a frame after each or (`framePerDelta` false) after the last. */
async function feed(deltas: string[], framePerDelta: boolean): Promise<void> {
  for (const delta of deltas) {
    const message: HostMessage = { type: 'textDelta', messageId: 'live', delta };
    chat.handle(message);
    if (framePerDelta) await frame();
  }
  if (!framePerDelta) await frame();
}

/** Frames with nothing to change: what a frame costs whatever the renderer does. */
async function idleFrames(count: number): Promise<void> {
  for (let i = 0; i < count; i++) await frame();
}

/** Ends the answer; returns its body's HTML. */
async function end(): Promise<string> {
  chat.handle({ type: 'messageEnd', messageId: 'live', status: 'done' });
  await frame();
  return chat.transcript.element.querySelector('[data-message-id="live"] .message-body')!.innerHTML;
}

/** Shows the finished text as one message in a fresh view (as on reopening), through its first frame. */
async function once(text: string): Promise<string> {
  chat = mountChat(document.getElementById('app')!, new HostBus(api, window), api);
  state([]);
  await frame();
  return new Promise((resolve) => {
    // The bench reads the CPU clock around this call: wait for the frame inside it.
    chat.handle({ type: 'messageStart', message: { id: 'live', role: 'assistant', text, status: 'done' } });
    void frame().then(() => resolve(chat.transcript.element.querySelector('[data-message-id="live"] .message-body')!.innerHTML));
  });
}

export interface ReopenResult {
  /** Wall ms from the conversation's arrival to the end of the first frame that shows it. */
  firstFrameMs: number;
  /** Messages in the DOM at that frame. */
  renderedAtFirstFrame: number;
  /** The view showed the end of the conversation at that frame. */
  atEnd: boolean;
}

/** Opens a conversation of `messages` in a fresh view, through its first frame. */
async function reopen(messages: MessageView[]): Promise<ReopenResult> {
  chat = mountChat(document.getElementById('app')!, new HostBus(api, window), api);
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const started = performance.now();
  state(messages);
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const firstFrameMs = performance.now() - started;
  const transcript = chat.transcript.element;
  const renderedAtFirstFrame = transcript.querySelectorAll('.message').length;
  const atEnd = transcript.scrollHeight - transcript.scrollTop - transcript.clientHeight <= 2;
  return { firstFrameMs, renderedAtFirstFrame, atEnd };
}

Object.assign(window, { renderBench: { begin, feed, idleFrames, end, once, reopen, allRendered } });
