// The chat view in the activity bar. It loads the webview (strict CSP, a fresh nonce per load, resources only
// from dist/ and media/), passes what the webview sends to the router, and sends the host's messages through
// the delta batcher. The view holds no state: each time it loads it asks for the whole state again.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { HostMessage } from '../protocol/messages';
import { chatHtml } from './chatHtml';
import { MessageBatcher } from './messageBatcher';

/** Stylesheets the webview loads, relative to the extension folder (the package ships codicons from node_modules). */
export const CHAT_STYLES = ['media/chat.css', 'node_modules/@vscode/codicons/dist/codicon.css'];
/** The only folders the webview may load from. */
const RESOURCE_ROOTS = ['dist', 'media', 'node_modules/@vscode/codicons/dist'];
const CHAT_SCRIPT = 'dist/webview.js';
/** Context key: true while a reply runs. */
export const BUSY_CONTEXT_KEY = 'miniCoder.busy';
/** Quiet time after the editor changes before the view re-asks what the next message would carry. */
const EDITOR_PAUSE_MS = 400;

export class ChatViewProvider implements vscode.WebviewViewProvider {
  static readonly viewType = 'miniCoder.chat';
  private view: vscode.WebviewView | undefined;
  private readonly batcher: MessageBatcher;
  private readonly taps = new Set<(message: HostMessage) => void>();
  /** The view has loaded and has its state: messages reach a live document. */
  private loaded = false;
  private focusWanted = false;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly route: (message: unknown) => Promise<void>,
    private readonly log: (line: string) => void,
  ) {
    this.batcher = new MessageBatcher((message) => {
      for (const tap of this.taps) tap(message);
      void this.view?.webview.postMessage(message);
    });
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const roots = RESOURCE_ROOTS.map((folder) => vscode.Uri.joinPath(this.extensionUri, ...folder.split('/')));
    view.webview.options = { enableScripts: true, localResourceRoots: roots };
    this.loaded = false;
    view.webview.html = this.html(view.webview);
    view.webview.onDidReceiveMessage((message: unknown) => {
      this.route(message).catch((err: unknown) => this.log(`Handling a chat view message failed: ${err instanceof Error ? err.message : String(err)}`));
    });
    view.onDidDispose(() => {
      if (this.view === view) this.view = undefined;
      this.loaded = false;
      this.batcher.discard();
    });
  }

  /**
   * Tells the view when the active editor or its selection changes (after a pause), so its preview of what
   * the next message carries stays true.
   */
  followEditor(): vscode.Disposable {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const changed = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (this.loaded && this.view?.visible) this.batcher.push({ type: 'editorChanged' });
      }, EDITOR_PAUSE_MS);
    };
    return vscode.Disposable.from(
      vscode.window.onDidChangeActiveTextEditor(changed),
      vscode.window.onDidChangeTextEditorSelection(changed),
      new vscode.Disposable(() => clearTimeout(timer)),
    );
  }

  /** Puts the keyboard focus in the prompt, now or as soon as the view has loaded ("Focus Chat"). */
  focusInput(): void {
    this.focusWanted = true;
    this.flushFocus();
  }

  /** The view loaded and got its state. */
  viewReady(): void {
    this.loaded = true;
    this.flushFocus();
  }

  private flushFocus(): void {
    if (!this.focusWanted || !this.loaded || !this.view) return;
    this.focusWanted = false;
    this.batcher.push({ type: 'focusInput' });
  }

  /** Queues a message for the view (deltas are joined per tick; the rest goes at once). */
  post(message: HostMessage): void {
    // The view's title bar shows a stop button while a reply runs.
    if (message.type === 'busy') void vscode.commands.executeCommand('setContext', BUSY_CONTEXT_KEY, message.busy);
    this.batcher.push(message);
  }

  /** Drops queued deltas; the view is about to get the whole state. */
  reset(): void {
    this.batcher.discard();
  }

  /** Lets tests see every message as it is sent to the webview (after batching). */
  onDidPost(listener: (message: HostMessage) => void): vscode.Disposable {
    this.taps.add(listener);
    return new vscode.Disposable(() => this.taps.delete(listener));
  }

  get visible(): boolean {
    return this.view?.visible ?? false;
  }

  private html(webview: vscode.Webview): string {
    const asUri = (relative: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...relative.split('/'))).toString();
    try {
      return chatHtml({
        cspSource: webview.cspSource,
        nonce: randomBytes(18).toString('base64url'),
        scriptUri: asUri(CHAT_SCRIPT),
        styleUris: CHAT_STYLES.map(asUri),
      });
    } catch (err) {
      // A blank view says nothing; this one says what broke (no script, nothing loaded).
      const reason = err instanceof Error ? err.message : String(err);
      this.log(`The chat view could not be built: ${reason}`);
      const text = reason.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
      return `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head><body><p>The Mini Coder chat could not load: ${text}</p><p>Details are in the "Mini Coder" output channel.</p></body></html>`;
    }
  }
}
