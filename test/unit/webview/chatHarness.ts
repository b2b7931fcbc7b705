// Mounts the chat view in a fresh happy-dom window with a fake VS Code API that records what it posts.
import type { ChatSettingsView, HostMessage, MessageView, WebviewMessage } from '../../../src/protocol/messages';
import { mountChat, type ChatView } from '../../../src/webview/app';
import { HostBus, type VsCodeApi } from '../../../src/webview/bus';
import { createWebviewWindow, type DomWindow } from '../../support/webviewDom';

export interface ChatHarness {
  win: DomWindow;
  doc: Document;
  view: ChatView;
  posted: WebviewMessage[];
  state: unknown;
  /** Delivers a message from the host the way VS Code does: a `message` event on the window. */
  receive(message: HostMessage): void;
  /** Posted messages of one type. */
  sent<K extends WebviewMessage['type']>(type: K): Array<Extract<WebviewMessage, { type: K }>>;
  click(selector: string | Element): void;
  key(target: Element, key: string, init?: KeyboardEventInit): KeyboardEvent;
  $(selector: string): HTMLElement;
}

export const settings: ChatSettingsView = { service: 'responses', model: 'gpt-5.4-mini', hasKey: true, autoApproveEdits: false, contextWindow: 400_000 };
export const noUsage = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0 };

export function message(id: string, role: MessageView['role'], text: string, extra: Partial<MessageView> = {}): MessageView {
  return { id, role, text, status: 'done', ...extra };
}

export function stateMessage(messages: MessageView[], extra: Partial<Extract<HostMessage, { type: 'state' }>> = {}): HostMessage {
  return { type: 'state', conversationId: 'c1', title: 'First chat', messages, settings, busy: false, totals: noUsage, ...extra };
}

export function mountHarness(savedState?: unknown): ChatHarness {
  const win = createWebviewWindow();
  const doc = win.document;
  const root = doc.createElement('main');
  root.id = 'app';
  doc.body.append(root);
  const posted: WebviewMessage[] = [];
  const harness = { state: savedState } as ChatHarness;
  const api: VsCodeApi = {
    postMessage: (m) => posted.push(m as WebviewMessage),
    getState: () => harness.state,
    setState: (s) => {
      harness.state = s;
    },
  };
  const view = mountChat(root, new HostBus(api, win), api);
  const $ = (selector: string) => {
    const found = doc.querySelector<HTMLElement>(selector);
    if (!found) throw new Error(`No element matches ${selector}`);
    return found;
  };
  return Object.assign(harness, {
    win,
    doc,
    view,
    posted,
    receive: (m: HostMessage) => win.dispatchEvent(new win.MessageEvent('message', { data: m })),
    sent: <K extends WebviewMessage['type']>(type: K) => posted.filter((m): m is Extract<WebviewMessage, { type: K }> => m.type === type),
    click: (target: string | Element) => (typeof target === 'string' ? $(target) : target).dispatchEvent(new win.MouseEvent('click', { bubbles: true, cancelable: true })),
    key: (target: Element, key: string, init: KeyboardEventInit = {}) => {
      const event = new win.KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
      target.dispatchEvent(event);
      return event;
    },
    $,
  });
}
