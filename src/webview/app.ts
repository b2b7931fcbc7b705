// Builds the chat view inside `root` and connects it to the host. Everything that must survive lives in
// the host; the view keeps only the prompt draft, sent prompts and scroll position in VS Code's view state.
// New chat and History are the view's title-bar actions (VS Code draws them); the view repeats neither.
import type { ChatSettingsView, HostMessage, MessageView, UsageFigures } from '../protocol/messages';
import { readUiState, type HostBus, type UiState, type VsCodeApi } from './bus';
import { h, textButton } from './dom';
import { Composer } from './view/composer';
import { StatusBar } from './view/statusBar';
import { Transcript } from './view/transcript';

const noticeMs = 6000;

export interface ChatView {
  handle(message: HostMessage): void;
  readonly transcript: Transcript;
  readonly composer: Composer;
}

/** Mounts the chat in `root`, starts listening to the host and tells it the view is ready. */
export function mountChat(root: HTMLElement, bus: HostBus, api: VsCodeApi): ChatView {
  const doc = root.ownerDocument;
  const post = bus.post.bind(bus);
  let ui: UiState = readUiState(api);
  const saveUi = (patch: Partial<UiState>) => {
    ui = { ...ui, ...patch };
    api.setState(ui);
  };

  const title = h(doc, 'span', { id: 'conversation-title' }, 'New chat');
  const header = h(doc, 'header', { id: 'header' }, title);

  const transcript = new Transcript(doc, post);
  const endpoint = h(doc, 'p', { id: 'welcome-endpoint', class: 'muted' });
  const welcome = h(
    doc,
    'section',
    { id: 'welcome', 'aria-label': 'Welcome', hidden: true },
    h(doc, 'h2', {}, 'Welcome to Mini Coder'),
    h(doc, 'p', {}, 'Mini Coder needs an API key for its model service. The key is kept in VS Code\u2019s secret storage; this view never sees it.'),
    endpoint,
    h(doc, 'div', { class: 'welcome-actions' },
      textButton(doc, 'Set API key', 'set-key', 'key', { id: 'set-key', class: 'text-button primary' }),
      textButton(doc, 'Choose model service', 'choose-service', 'server', { id: 'choose-service' })),
  );
  const notice = h(doc, 'div', { id: 'notice', role: 'status', hidden: true });
  const status = new StatusBar(doc);
  const composer = new Composer(doc, {
    post,
    saveState: (draft, sentPrompts) => saveUi({ draft, sentPrompts }),
    warn: (text) => showNotice(text, 'warning'),
    draft: ui.draft,
    sentPrompts: ui.sentPrompts,
  });
  root.replaceChildren(header, welcome, transcript.container, notice, status.element, composer.element);

  let noticeTimer: ReturnType<typeof setTimeout> | undefined;
  function showNotice(text: string, level: 'info' | 'warning' | 'error'): void {
    notice.textContent = text;
    notice.className = `notice ${level}`;
    notice.hidden = false;
    clearTimeout(noticeTimer);
    if (level === 'info') noticeTimer = setTimeout(() => (notice.hidden = true), noticeMs);
  }
  notice.addEventListener('click', () => (notice.hidden = true));

  let settings: ChatSettingsView | undefined;
  let contextTokens = 0;
  let busy = false;
  function applySettings(next: ChatSettingsView): void {
    settings = next;
    welcome.hidden = next.hasKey;
    endpoint.textContent = `${next.model} via ${serviceName(next.service)}${next.endpoint ? `, called at ${next.endpoint}` : ''}.`;
    composer.setSettings(next);
    status.setContext(contextTokens, limitOf(next));
  }
  function applyContext(tokens: number): void {
    contextTokens = tokens;
    if (settings) status.setContext(tokens, limitOf(settings));
  }
  function applyBusy(next: boolean): void {
    const ended = busy && !next;
    busy = next;
    composer.setBusy(next);
    transcript.element.setAttribute('aria-busy', next ? 'true' : 'false');
    // The turn may have read or changed files: what the next message would carry changed too.
    if (ended) composer.requestPreview();
  }

  root.addEventListener('click', (event) => {
    const button = (event.target as Element).closest?.('[data-action]');
    if (!button || transcript.element.contains(button)) return;
    switch (button.getAttribute('data-action')) {
      case 'set-key':
        post({ type: 'setKey' });
        break;
      case 'choose-service':
        post({ type: 'chooseService' });
        break;
    }
  });
  // Escape stops the answer being written (unless something nearer used the key: a completion list, an edit box).
  doc.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && busy && !event.defaultPrevented) {
      event.preventDefault();
      post({ type: 'stop' });
    }
  });
  // The view's frame took the focus (Focus Chat, a click on its title): typing goes to the prompt.
  doc.defaultView?.addEventListener('focus', () => {
    if (!doc.activeElement || doc.activeElement === doc.body) composer.focus();
  });

  let scrollTimer: ReturnType<typeof setTimeout> | undefined;
  transcript.element.addEventListener('scroll', () => {
    clearTimeout(scrollTimer);
    scrollTimer = setTimeout(() => saveUi({ scrollTop: transcript.element.scrollTop, atEnd: transcript.isFollowing }), 200);
  });

  function handle(message: HostMessage): void {
    switch (message.type) {
      case 'state': {
        title.textContent = message.title || 'New chat';
        title.title = title.textContent;
        // The view was reloaded (hidden and shown again): come back to where the user was reading, or to the
        // end (following new text) when that is where they were.
        const sameConversation = message.conversationId === ui.conversationId;
        transcript.reset(message.messages, sameConversation && !ui.atEnd ? ui.scrollTop : undefined);
        if (!sameConversation) composer.chips.clear();
        saveUi({ conversationId: message.conversationId });
        applyContext(lastInputTokens(message.messages));
        applySettings(message.settings);
        applyBusy(message.busy);
        status.setTotals(message.totals);
        composer.requestPreview();
        break;
      }
      case 'settings':
        applySettings(message.settings);
        break;
      case 'messageStart':
        transcript.start(message.message);
        break;
      case 'textDelta':
        transcript.textDelta(message);
        break;
      case 'reasoningDelta':
        transcript.reasoningDelta(message);
        break;
      case 'toolCall':
        transcript.toolCall(message);
        break;
      case 'toolCallDelta':
        transcript.toolCallDelta(message);
        break;
      case 'commandOutput':
        transcript.commandOutput(message);
        break;
      case 'edit':
        transcript.edit(message);
        break;
      case 'sideRequest':
        transcript.sideRequest(message.messageId, message.request);
        status.setTotals(message.totals);
        break;
      case 'undoState':
        transcript.undoState(message);
        break;
      case 'approval':
        transcript.approval(message);
        break;
      case 'subagent':
        transcript.subagent(message);
        break;
      case 'usage':
        transcript.usage(message);
        status.setTotals(message.totals);
        applyContext(message.contextTokens ?? message.usage.inputTokens);
        break;
      case 'context':
        transcript.context(message);
        break;
      case 'messageEnd':
        transcript.end(message);
        break;
      case 'busy':
        applyBusy(message.busy);
        break;
      case 'conversations': {
        const active = message.items.find((item) => item.id === message.activeId)?.title;
        if (active) title.textContent = title.title = active;
        break;
      }
      case 'contextPreview':
        composer.chips.show(message.report);
        break;
      case 'slashResults':
        composer.commands.showResults(message);
        break;
      case 'mentionResults':
        composer.mentions.showResults(message);
        break;
      case 'notice':
        showNotice(message.text, message.level);
        break;
      case 'prefill':
        composer.prefill(message);
        break;
      case 'focusInput':
        composer.focus();
        break;
      case 'editorChanged':
        if (!busy) composer.requestPreview();
        break;
    }
  }

  bus.onMessage(handle);
  post({ type: 'ready' });
  return { handle, transcript, composer };
}

function serviceName(service: ChatSettingsView['service']): string {
  return service === 'runware' ? 'Runware' : service === 'runware-responses' ? "Runware's Responses endpoint" : 'the Responses API';
}

/** The meter's scale: what one request may carry (older hosts sent only the window). */
function limitOf(settings: ChatSettingsView): number {
  return settings.inputLimit ?? settings.contextWindow;
}

function lastInputTokens(messages: readonly MessageView[]): number {
  for (let i = messages.length - 1; i >= 0; i--) {
    const usage: UsageFigures | undefined = messages[i].usage;
    if (usage) return usage.inputTokens;
  }
  return 0;
}
