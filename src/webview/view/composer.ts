// The prompt: Enter sends, Shift+Enter breaks the line, ArrowUp at the start / ArrowDown at the end
// browse sent prompts, "@" completes mentions, images can be pasted or attached, and the context chips
// above it let the user leave items out of the next message.
import type { ChatSettingsView, HostToWebview, ServiceChoiceView, WebviewMessage } from '../../protocol/messages';
import { h, icon } from '../dom';
import { ImageAttachments } from './attachments';
import { ContextChips } from './contextChips';
import { MentionPicker, SLASH_TRIGGER } from './mentions';
import { PromptHistory } from './promptHistory';

export interface ComposerOptions {
  post: (message: WebviewMessage) => void;
  /** Sent prompts and the draft changed: keep them in the view's state. */
  saveState: (draft: string, sentPrompts: string[]) => void;
  warn: (text: string) => void;
  draft: string;
  sentPrompts: string[];
}

const EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'];

/** Quiet time after typing before asking the host which context the message would carry. */
const previewDelayMs = 300;

export class Composer {
  readonly element: HTMLElement;
  readonly input: HTMLTextAreaElement;
  readonly mentions: MentionPicker;
  /** `/` at the start of the prompt: the MCP servers' prompts. */
  readonly commands: MentionPicker;
  readonly chips: ContextChips;
  private readonly attachments: ImageAttachments;
  private readonly history: PromptHistory;
  private readonly sendButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;
  readonly servicePicker: HTMLSelectElement;
  readonly effortPicker: HTMLSelectElement;
  private services: ServiceChoiceView[] = [];
  private busy = false;
  private previewTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly doc: Document, private readonly options: ComposerOptions) {
    this.history = new PromptHistory(options.sentPrompts);
    this.input = h(doc, 'textarea', {
      id: 'prompt',
      rows: 3,
      'aria-label': 'Message Mini Coder',
      placeholder: 'Ask Mini Coder — @ to mention a file, Shift+Enter for a new line',
    });
    this.input.value = options.draft;
    this.mentions = new MentionPicker(doc, this.input, options.post, () => this.edited());
    this.commands = new MentionPicker(doc, this.input, options.post, () => this.edited(), SLASH_TRIGGER);
    this.chips = new ContextChips(doc);
    this.attachments = new ImageAttachments(doc, options.warn);
    const fileInput = h(doc, 'input', { id: 'image-input', type: 'file', accept: 'image/png,image/jpeg,image/gif,image/webp', multiple: true, hidden: true, 'aria-hidden': 'true', tabindex: -1 });
    const attach = h(doc, 'button', { id: 'attach', type: 'button', class: 'icon-button', 'aria-label': 'Attach image', title: 'Attach image' }, icon(doc, 'file-media'));
    this.sendButton = h(doc, 'button', { id: 'send', type: 'button', class: 'icon-button primary', 'aria-label': 'Send', title: 'Send (Enter)' }, icon(doc, 'send'));
    this.stopButton = h(doc, 'button', { id: 'stop', type: 'button', class: 'icon-button', 'aria-label': 'Stop', title: 'Stop (Escape)', hidden: true }, icon(doc, 'debug-stop'));
    this.servicePicker = h(doc, 'select', { id: 'service-picker', class: 'picker', 'aria-label': 'Model and service' });
    this.effortPicker = h(doc, 'select', { id: 'effort-picker', class: 'picker', 'aria-label': 'Reasoning effort', title: 'How much the model reasons before answering: more is slower and costs more' });
    for (const effort of EFFORTS) this.effortPicker.append(h(doc, 'option', { value: effort }, `${effort} reasoning`));

    this.element = h(
      doc,
      'div',
      { id: 'composer' },
      this.chips.element,
      this.attachments.element,
      this.mentions.element,
      this.commands.element,
      this.input,
      h(doc, 'div', { class: 'composer-actions' }, attach, fileInput, this.servicePicker, this.effortPicker, h(doc, 'span', { class: 'spacer' }), this.stopButton, this.sendButton),
    );
    this.servicePicker.addEventListener('change', () => {
      const chosen = this.services.find((s) => s.service === this.servicePicker.value);
      if (chosen) options.post({ type: 'setService', service: chosen.service });
    });
    this.effortPicker.addEventListener('change', () => options.post({ type: 'setReasoningEffort', effort: this.effortPicker.value }));

    this.input.addEventListener('keydown', (event) => this.onKeyDown(event));
    this.input.addEventListener('input', () => this.edited());
    this.input.addEventListener('paste', (event) => this.onPaste(event));
    this.sendButton.addEventListener('click', () => this.send());
    this.stopButton.addEventListener('click', () => options.post({ type: 'stop' }));
    attach.addEventListener('click', () => fileInput.click());
    fileInput.addEventListener('change', () => {
      void this.attachments.add(Array.from(fileInput.files ?? [])).then(() => {
        fileInput.value = '';
      });
    });
  }

  /** Shows the service (with its model and endpoint) and the reasoning effort the settings hold. */
  setSettings(settings: ChatSettingsView): void {
    const services = settings.services ?? [{ service: settings.service, label: settings.service, model: settings.model, endpoint: settings.endpoint ?? '' }];
    this.services = services;
    this.servicePicker.replaceChildren(
      ...services.map((s) => h(this.doc, 'option', { value: s.service, title: `${s.model} via ${s.label} at ${s.endpoint}` }, `${s.model} · ${s.label}`)),
    );
    this.servicePicker.value = settings.service;
    const current = services.find((s) => s.service === settings.service);
    this.servicePicker.title = current ? `${current.model} via ${current.label}, called at ${current.endpoint}` : settings.model;
    this.effortPicker.value = settings.reasoningEffort ?? 'medium';
    // What the host's settings say now (the pickers may show a choice still on its way there).
    this.effortPicker.setAttribute('data-current', this.effortPicker.value);
    this.servicePicker.setAttribute('data-current', settings.service);
  }

  focus(): void {
    this.input.focus();
  }

  setBusy(busy: boolean): void {
    this.busy = busy;
    this.stopButton.hidden = !busy;
    this.sendButton.disabled = busy;
  }

  /** Puts text in the prompt (an editor command's "Explain this"), sending it when asked. */
  prefill({ text, send }: HostToWebview['prefill']): void {
    this.input.value = text;
    this.input.focus();
    this.edited();
    if (send) this.send();
  }

  send(): void {
    const text = this.input.value;
    if (this.busy || (!text.trim() && this.attachments.count === 0)) return;
    const images = this.attachments.take();
    const excludeContextIds = this.chips.takeExcluded();
    // The preview was of this message; what went is shown under it once sent.
    this.chips.clear();
    this.options.post({
      type: 'send',
      text,
      ...(images.length ? { images } : {}),
      ...(excludeContextIds.length ? { excludeContextIds } : {}),
    });
    this.history.add(text);
    this.input.value = '';
    this.mentions.close();
    this.commands.close();
    clearTimeout(this.previewTimer);
    this.options.saveState('', this.history.all);
  }

  private edited(): void {
    this.mentions.update();
    this.commands.update();
    this.options.saveState(this.input.value, this.history.all);
    this.requestPreview();
  }

  /** Asks the host, after a quiet moment, what context the draft would carry now. */
  requestPreview(): void {
    clearTimeout(this.previewTimer);
    this.previewTimer = setTimeout(() => this.options.post({ type: 'previewContext', text: this.input.value }), previewDelayMs);
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (event.isComposing) return; // an IME is composing: Enter confirms the composition
    if (this.mentions.handleKey(event) || this.commands.handleKey(event)) {
      event.preventDefault();
      return;
    }
    const { selectionStart, selectionEnd, value } = this.input;
    const collapsed = selectionStart === selectionEnd;
    if (event.key === 'Enter' && !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      this.send();
    } else if (event.key === 'ArrowUp' && collapsed && selectionStart === 0 && !event.shiftKey) {
      const previous = this.history.previous(value);
      if (previous === undefined) return;
      event.preventDefault();
      this.show(previous, 0);
    } else if (event.key === 'ArrowDown' && collapsed && selectionEnd === value.length && !event.shiftKey) {
      const next = this.history.next();
      if (next === undefined) return;
      event.preventDefault();
      this.show(next, next.length);
    }
  }

  private show(text: string, caret: number): void {
    this.input.value = text;
    this.input.setSelectionRange(caret, caret);
    this.options.saveState(text, this.history.all);
  }

  private onPaste(event: ClipboardEvent): void {
    const files = Array.from(event.clipboardData?.files ?? []).filter((file) => file.type.startsWith('image/'));
    if (!files.length) return; // plain text pastes as usual
    event.preventDefault();
    void this.attachments.add(files);
  }
}
