import * as assert from 'node:assert/strict';
import type { SubagentView } from '../../../src/protocol/messages';
import { message, mountHarness, stateMessage } from './chatHarness';

const running: SubagentView = { id: 's1', callId: 'call_d', index: 1, count: 2, task: 'Find where retries are configured.', status: 'running', activity: [], toolCount: 0 };

describe('subagent cards in the chat', () => {
  it('nests a card per subagent in the answer, updating its activity, figures and report in place', () => {
    const chat = mountHarness();
    chat.receive(stateMessage([]));
    chat.receive({ type: 'messageStart', message: message('a1', 'assistant', '', { status: 'streaming' }) });
    chat.receive({ type: 'toolCall', messageId: 'a1', call: { callId: 'call_d', name: 'delegate', args: '{"tasks":["a","b"]}', status: 'running' } });
    assert.equal(chat.$('.tool-card[data-call-id="call_d"] .tool-title').textContent, 'Delegate 2 tasks');

    chat.receive({ type: 'subagent', messageId: 'a1', subagent: running });
    chat.receive({ type: 'subagent', messageId: 'a1', subagent: { ...running, id: 's2', index: 2, task: 'Find the tests.' } });
    const card = chat.$('article[data-message-id="a1"] .subagents .subagent-card[data-subagent-id="s1"]') as HTMLDetailsElement;
    assert.equal(chat.doc.querySelectorAll('.subagent-card').length, 2);
    assert.equal(card.getAttribute('data-status'), 'running');
    assert.equal(card.querySelector('.subagent-name')?.textContent, 'Subagent 1/2');
    assert.equal(card.querySelector('.subagent-task')?.textContent, 'Find where retries are configured.');
    assert.equal(card.querySelector('.subagent-latest')?.textContent, 'starting…');

    chat.receive({ type: 'subagent', messageId: 'a1', subagent: { ...running, activity: [{ callId: 'r1', text: 'read src/retry.ts', status: 'running' }], toolCount: 1, usage: { inputTokens: 1500, cachedInputTokens: 0, outputTokens: 40, reasoningTokens: 0, costUsd: 0.0012 } } });
    assert.equal(chat.doc.querySelectorAll('.subagent-card').length, 2, 'updated in place, not added again');
    assert.equal(card.querySelector('.subagent-latest')?.textContent, 'read src/retry.ts');
    assert.equal(card.querySelector('.subagent-figures')?.textContent, '1.5k tokens · $0.0012');
    assert.equal(card.querySelectorAll('.subagent-activity li[data-status="running"]').length, 1);

    const report = 'RETRIES is **3** at `src/retry.ts:1`.\n<img src=x onerror=alert(1)>';
    chat.receive({ type: 'subagent', messageId: 'a1', subagent: { ...running, status: 'done', activity: [{ callId: 'r1', text: 'read src/retry.ts (4 lines)', status: 'done' }], toolCount: 1, report, elapsedMs: 6400, usage: { inputTokens: 2500, cachedInputTokens: 0, outputTokens: 80, reasoningTokens: 0, costUsd: 0.002 } } });
    assert.equal(card.getAttribute('data-status'), 'done');
    assert.equal(card.querySelector('.subagent-latest')?.textContent, 'Done');
    assert.equal(card.querySelector('.subagent-figures')?.textContent, '2.6k tokens · $0.0020 · 6 s');
    assert.equal(card.querySelector('.subagent-report strong')?.textContent, '3');
    assert.equal(card.querySelector('.subagent-report img'), null, 'the report is sanitized like any model output');
  });

  it('says why a subagent stopped and shows what it had', () => {
    const chat = mountHarness();
    const stopped: SubagentView = { ...running, status: 'time_limit', toolCount: 40, activity: [{ callId: 'x', text: 'searched "retry"', status: 'done' }], report: 'Only partly done.', error: undefined };
    const failed: SubagentView = { ...running, id: 's2', index: 2, status: 'error', report: 'No report.', error: 'The service failed (500).' };
    chat.receive(stateMessage([message('a1', 'assistant', 'Answer.', { subagents: [stopped, failed] })]));
    const first = chat.$('.subagent-card[data-subagent-id="s1"]');
    assert.equal(first.querySelector('.subagent-latest')?.textContent, 'Stopped at its time limit');
    assert.equal(first.querySelector('.subagent-more')?.textContent, '… 39 earlier tool calls');
    const second = chat.$('.subagent-card[data-subagent-id="s2"]');
    assert.equal(second.getAttribute('aria-label'), 'Subagent 2 of 2: Failed');
    assert.match(second.querySelector('.subagent-report')?.textContent ?? '', /The service failed \(500\)\.\s*No report\./);
  });
});
