// A question from the trust policy (read a secret file, run a command, call an MCP tool): what would happen, why
// it asks, and Allow once / Always … / Deny while it waits; afterwards, how it was answered.
import type { ApprovalView } from '../../protocol/messages';
import { h, icon, textButton } from '../dom';

const kindIcon: Record<ApprovalView['kind'], string> = { read: 'lock', command: 'terminal', mcp_tool: 'plug' };

function outcome(approval: ApprovalView): string {
  if (approval.status === 'pending') return 'Waiting for you';
  if (approval.status === 'denied') return approval.note ? `Denied: ${approval.note}` : 'Denied';
  return approval.answer === 'always' ? `Allowed (${approval.alwaysLabel.replace(/^Always /, 'always ')})` : 'Allowed once';
}

export function renderApprovalCard(doc: Document, approval: ApprovalView): HTMLElement {
  const pending = approval.status === 'pending';
  return h(
    doc,
    'section',
    {
      class: 'approval-card',
      'data-approval-id': approval.id,
      'data-status': approval.status,
      role: pending ? 'alertdialog' : 'group',
      'aria-label': `${approval.title}: ${outcome(approval)}`,
    },
    h(doc, 'header', {}, icon(doc, kindIcon[approval.kind]), h(doc, 'span', { class: 'approval-title' }, approval.title), h(doc, 'span', { class: `badge status-${approval.status}` }, outcome(approval))),
    h(doc, 'p', { class: 'approval-reason' }, approval.reason),
    approval.detail ? h(doc, 'pre', { class: 'approval-detail' }, approval.detail) : null,
    pending
      ? h(
          doc,
          'div',
          { class: 'approval-actions' },
          textButton(doc, 'Allow once', 'approve-once', 'check', { class: 'text-button primary', 'aria-label': `Allow once: ${approval.title}` }),
          textButton(doc, approval.alwaysLabel, 'approve-always', 'check-all', { 'aria-label': `${approval.alwaysLabel}: ${approval.title}` }),
          textButton(doc, 'Deny', 'deny-approval', 'close', { 'aria-label': `Deny: ${approval.title}` }),
        )
      : null,
  );
}
