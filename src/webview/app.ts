// Builds the chat view inside `root` and connects it to the host. Everything that must survive lives in
// the host; the view keeps only the prompt draft, sent prompts and scroll position in VS Code's view state.
import type { ChatSettingsView, HostMessage, MessageView, UsageFigures } from '../protocol/messages';
import { readUiState, type HostBus, type UiState, type VsCodeApi } from './bus';
import { h, iconButton, textButton } from './dom';
import { Composer } from './view/composer';
import { ConversationList } from './view/conversations';
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
  const model = h(doc, 'span', { id: 'model-name', class: 'muted' });
  const historyButton = iconButton(doc, 'history', 'Conversation history', 'history', { id: 'show-history', 'aria-expanded': 'false', 'aria-controls': 'conversations' });
  const newChatButton = iconButton(doc, 'add', 'New chat', 'new-chat', { id: 'new-chat' });
  const header = h(doc, 'header', { id: 'header' }, title, model, h(doc, 'span', { class: 'spacer' }), historyButton, newChatButton);

  const conversations = new ConversationList(doc, post);
  const transcript = new Transcript(doc, post);
  const welcome = h(
    doc,
    'section',
    { id: 'welcome', 'aria-label': 'Welcome', hidden: true },
    h(doc, 'h2', {}, 'Welcome to Mini Coder'),
    h(doc, 'p', {}, 'Mini Coder needs an API key for its model service. The key is kept in VS Code\u2019s secret storage; this view never sees it.'),
    h(doc, 'div', { class: 'welcome-actions' },
      textButton(doc, 'Set API key', 'set-key', 'key', { id: 'set-key', class: 'text-button primary' }),
      textButton(doc, 'Choose model service', 'open-settings', 'gear', { id: 'open-settings' })),
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
  root.replaceChildren(header, conversations.element, welcome, transcript.element, notice, status.element, composer.element);

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
  function applySettings(next: ChatSettingsView): void {
    settings = next;
    welcome.hidden = next.hasKey;
    model.textContent = next.model;
    model.title = `${next.model} via ${next.service === 'runware' ? 'Runware' : next.service === 'runware-responses' ? "Runware's Responses endpoint" : 'the Responses API'}`;
    status.setContext(contextTokens, next.contextWindow);
  }
  function applyContext(tokens: number): void {
    contextTokens = tokens;
    if (settings) status.setContext(tokens, settings.contextWindow);
  }
  function applyBusy(busy: boolean): void {
    composer.setBusy(busy);
    transcript.element.setAttribute('aria-busy', busy ? 'true' : 'false');
  }

  root.addEventListener('click', (event) => {
    const button = (event.target as Element).closest?.('[data-action]');
    if (!button || transcript.element.contains(button)) return;
    switch (button.getAttribute('data-action')) {
      case 'new-chat':
        post({ type: 'newChat' });
        break;
      case 'history':
        conversations.toggle();
        historyButton.setAttribute('aria-expanded', String(conversations.open));
        break;
      case 'set-key':
        post({ type: 'setKey' });
        break;
      case 'open-settings':
        post({ type: 'openSettings' });
        break;
    }
  });

  let scrollTimer: ReturnType<typeof setTimeout> | undefined;
  transcript.element.addEventListener('scroll', () => {
    clearTimeout(scrollTimer);
    scrollTimer = setTimeout(() => saveUi({ scrollTop: transcript.element.scrollTop }), 200);
  });

  function handle(message: HostMessage): void {
    switch (message.type) {
      case 'state':
        title.textContent = message.title || 'New chat';
        // The view was reloaded (hidden and shown again): come back to where the user was reading.
        transcript.reset(message.messages, message.conversationId === ui.conversationId ? ui.scrollTop : undefined);
        saveUi({ conversationId: message.conversationId });
        applyContext(lastInputTokens(message.messages));
        applySettings(message.settings);
        applyBusy(message.busy);
        status.setTotals(message.totals);
        break;
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
      case 'checkpoint':
        transcript.checkpoint(message);
        break;
      case 'edit':
        transcript.edit(message);
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
      case 'conversations':
        conversations.show(message.items, message.activeId);
        title.textContent = message.items.find((item) => item.id === message.activeId)?.title || title.textContent;
        break;
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
    }
  }

  bus.onMessage(handle);
  post({ type: 'ready' });
  return { handle, transcript, composer };
}

function lastInputTokens(messages: readonly MessageView[]): number {
  for (let i = messages.length - 1; i >= 0; i--) {
    const usage: UsageFigures | undefined = messages[i].usage;
    if (usage) return usage.inputTokens;
  }
  return 0;
}
