// A question as the user sent it: the text as typed, pasted images, and the code attached from the editor
// as chips (the file and lines; expanding one shows the code). Editing it in place replaces the bubble
// with a text box until it is sent again or cancelled.
import type { AttachmentView, MessageView } from '../../protocol/messages';
import { h, icon, textButton } from '../dom';

const attachedImage = /^data:image\/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$/;

/** The bubble, images and attachment chips of a user message. */
export function renderUserMessage(doc: Document, message: MessageView): HTMLElement[] {
  const parts: HTMLElement[] = [h(doc, 'div', { class: 'user-text' }, message.text)];
  const images = (message.images ?? []).filter((src) => attachedImage.test(src));
  if (images.length) parts.push(h(doc, 'div', { class: 'message-images' }, ...images.map((src, i) => h(doc, 'img', { src, alt: `Attached image ${i + 1}` }))));
  if (message.attachments?.length) parts.push(h(doc, 'div', { class: 'message-attachments' }, ...message.attachments.map((a) => attachmentChip(doc, a))));
  return parts;
}

function attachmentChip(doc: Document, attachment: AttachmentView): HTMLElement {
  return h(
    doc,
    'details',
    { class: 'attachment', 'data-path': attachment.path },
    h(
      doc,
      'summary',
      { title: `Selection from ${attachment.label}` },
      icon(doc, 'file-code'),
      h(doc, 'button', { type: 'button', class: 'link-button', 'data-action': 'open-file', 'data-path': attachment.path, 'data-line': attachment.startLine }, attachment.label),
    ),
    h(doc, 'pre', { class: 'attachment-code' }, h(doc, 'code', {}, attachment.text)),
  );
}

/** Turns the bubble into a text box holding `text`, with Send and Cancel; returns the box. */
export function startEditing(doc: Document, article: HTMLElement, text: string): HTMLTextAreaElement | undefined {
  const bubble = article.querySelector('.user-text');
  if (!bubble || article.querySelector('.edit-question')) return undefined;
  const box = h(doc, 'textarea', { class: 'edit-question', rows: Math.min(8, text.split('\n').length + 1), 'aria-label': 'Edit your question' });
  box.value = text;
  const form = h(
    doc,
    'div',
    { class: 'edit-form' },
    box,
    h(doc, 'div', { class: 'edit-form-actions' },
      textButton(doc, 'Send', 'send-edited', 'send', { class: 'text-button primary', 'aria-label': 'Send the edited question' }),
      textButton(doc, 'Cancel', 'cancel-edit', 'close', { 'aria-label': 'Cancel editing' })),
  );
  bubble.replaceWith(form);
  form.append(bubble);
  (bubble as HTMLElement).hidden = true;
  box.focus();
  box.setSelectionRange(box.value.length, box.value.length);
  return box;
}

/** Puts the bubble back as it was. */
export function stopEditing(article: HTMLElement): void {
  const form = article.querySelector('.edit-form');
  const bubble = form?.querySelector<HTMLElement>('.user-text');
  if (!form || !bubble) return;
  bubble.hidden = false;
  form.replaceWith(bubble);
}
