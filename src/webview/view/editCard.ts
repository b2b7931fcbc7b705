// An edit the model proposed: the files it touches with their diffs, its review status, and Accept /
// Reject / Show diff while it waits for the user.
import type { EditFileView, EditStatus, EditView } from '../../protocol/messages';
import { h, icon, iconButton, textButton } from '../dom';
import { renderDiff } from '../render/diff';

const statusLabel: Record<EditStatus, string> = {
  pending: 'Waiting for review',
  accepted: 'Accepted',
  rejected: 'Rejected',
  applied: 'Applied',
  undone: 'Undone',
  failed: 'Failed',
};

const kindLabel: Record<EditFileView['kind'], string> = { add: 'A', update: 'M', delete: 'D' };

export function renderEditCard(doc: Document, edit: EditView): HTMLElement {
  const files = edit.files.map((file) => {
    const target = file.moveTo ? `${file.path} → ${file.moveTo}` : file.path;
    const diff = h(doc, 'details', { class: 'edit-file', 'data-path': file.path });
    diff.append(
      h(
        doc,
        'summary',
        {},
        h(doc, 'span', { class: `file-kind kind-${file.kind}`, title: file.kind }, kindLabel[file.kind]),
        h(doc, 'button', { type: 'button', class: 'link-button file-path', 'data-action': 'open-file', 'data-path': file.moveTo ?? file.path, title: `Open ${target}` }, target),
        h(doc, 'span', { class: 'stat-add', 'aria-label': `${file.added} lines added` }, `+${file.added}`),
        h(doc, 'span', { class: 'stat-del', 'aria-label': `${file.removed} lines removed` }, `−${file.removed}`),
        iconButton(doc, 'diff', `Show diff of ${file.path}`, 'show-diff', { 'data-path': file.path }),
      ),
    );
    // Diffs can be long: build each one the first time its file is expanded.
    diff.addEventListener('toggle', () => {
      if (diff.open && !diff.querySelector('pre.diff')) diff.append(renderDiff(doc, file.diff));
    });
    return h(doc, 'li', {}, diff);
  });
  const pending = edit.status === 'pending';
  const fileCount = edit.files.length === 1 ? '1 file' : `${edit.files.length} files`;
  return h(
    doc,
    'section',
    { class: 'edit-card', 'data-edit-id': edit.editId, 'data-status': edit.status, 'aria-label': `Edit of ${fileCount}: ${statusLabel[edit.status]}` },
    h(doc, 'header', {}, icon(doc, 'diff'), h(doc, 'span', { class: 'edit-title' }, `Edit · ${fileCount}`), h(doc, 'span', { class: `badge status-${edit.status}` }, statusLabel[edit.status])),
    h(doc, 'ul', { class: 'edit-files' }, ...files),
    edit.note ? h(doc, 'p', { class: 'edit-note' }, icon(doc, 'info'), edit.note) : null,
    pending
      ? h(
          doc,
          'div',
          { class: 'edit-actions' },
          textButton(doc, 'Accept', 'accept-edit', 'check', { 'aria-label': 'Accept edit', title: 'Accept (Ctrl+Alt+M A)', class: 'text-button primary' }),
          textButton(doc, 'Reject', 'reject-edit', 'close', { 'aria-label': 'Reject edit', title: 'Reject (Ctrl+Alt+M X)' }),
          textButton(doc, 'Reject with reason…', 'reject-reason', 'comment', { 'aria-label': 'Reject edit with a reason', title: 'Say why: the model reads it (Ctrl+Alt+M Shift+X)' }),
          textButton(doc, 'Show diff', 'show-diff', 'diff', { 'aria-label': 'Show diff' }),
        )
      : null,
    pending ? rejectReasonForm(doc) : null,
  );
}

/** The reason box "Reject with reason…" opens: what the user types goes to the model with the rejection. */
function rejectReasonForm(doc: Document): HTMLElement {
  return h(
    doc,
    'div',
    { class: 'reject-reason', hidden: true },
    h(doc, 'input', { type: 'text', class: 'reject-reason-input', 'aria-label': 'Why reject this edit? The model reads it.', placeholder: 'Why? e.g. keep the old name' }),
    textButton(doc, 'Reject', 'reject-edit-with-reason', 'close', { 'aria-label': 'Reject edit with this reason' }),
  );
}
