// A request the host made to the model beside the conversation (asking where a code block goes in a file),
// shown as such: what it was for, how it went, and what it cost.
import type { SideRequestView } from '../../protocol/messages';
import { h, icon } from '../dom';
import { formatUsage } from '../format';

const statusIcon: Record<SideRequestView['status'], [string, string]> = {
  running: ['loading codicon-modifier-spin', 'Running'],
  done: ['check', 'Done'],
  error: ['error', 'Failed'],
};

export function renderSideRequest(doc: Document, request: SideRequestView): HTMLElement {
  const [iconName, label] = statusIcon[request.status];
  return h(
    doc,
    'section',
    { class: 'side-request', 'data-request-id': request.id, 'data-status': request.status, 'aria-label': `Side request: ${request.label}` },
    h(doc, 'div', { class: 'side-request-title' },
      icon(doc, 'sparkle'),
      h(doc, 'span', { class: 'side-request-label' }, request.label),
      h(doc, 'span', { class: `side-request-status codicon codicon-${iconName}`, role: 'img', 'aria-label': label })),
    request.detail ? h(doc, 'p', { class: 'side-request-detail' }, request.detail) : null,
    request.usage ? h(doc, 'p', { class: 'side-request-usage' }, `Separate request · ${formatUsage(request.usage)}`) : null,
  );
}
