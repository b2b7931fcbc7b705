// The webview's only channel to the extension host: typed posts out, typed messages in.
import type { HostMessage, WebviewMessage } from '../protocol/messages';

/** What `acquireVsCodeApi()` returns inside a VS Code webview (a fake in tests). */
export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

export class HostBus {
  constructor(
    private readonly api: VsCodeApi,
    private readonly win: Window,
  ) {}

  post(message: WebviewMessage): void {
    this.api.postMessage(message);
  }

  /** Calls `handler` for each message from the host; returns a function that stops listening. */
  onMessage(handler: (message: HostMessage) => void): () => void {
    const listener = (event: MessageEvent) => {
      const data: unknown = event.data;
      // The host is the only sender, but a malformed value must not break the view.
      if (typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string') {
        handler(data as HostMessage);
      }
    };
    this.win.addEventListener('message', listener);
    return () => this.win.removeEventListener('message', listener);
  }
}

/** Ephemeral UI state kept by VS Code across the view being hidden and shown (never the transcript). */
export interface UiState {
  draft: string;
  sentPrompts: string[];
  /** Where the transcript of `conversationId` was scrolled to. */
  scrollTop?: number;
  /** The view was at the end, following new text (it comes back there rather than to a stale offset). */
  atEnd?: boolean;
  conversationId?: string;
}

export function readUiState(api: VsCodeApi): UiState {
  const raw = api.getState() as Partial<UiState> | undefined;
  return {
    draft: typeof raw?.draft === 'string' ? raw.draft : '',
    sentPrompts: Array.isArray(raw?.sentPrompts) ? raw.sentPrompts.filter((p): p is string => typeof p === 'string') : [],
    scrollTop: typeof raw?.scrollTop === 'number' ? raw.scrollTop : undefined,
    atEnd: typeof raw?.atEnd === 'boolean' ? raw.atEnd : undefined,
    conversationId: typeof raw?.conversationId === 'string' ? raw.conversationId : undefined,
  };
}
