import assert from 'node:assert/strict';
import type { ToolCallView } from '../../../src/protocol/messages';
import { message, mountHarness, stateMessage } from './chatHarness';

const running: ToolCallView = { callId: 'r1', name: 'run_command', args: '{"command":"npm test","cwd":"pkg"}', status: 'running' };

describe('the command card', () => {
  function started() {
    const chat = mountHarness();
    chat.receive(stateMessage([]));
    chat.receive({ type: 'messageStart', message: message('a1', 'assistant', '', { status: 'streaming', turnId: 't1' }) });
    chat.receive({ type: 'toolCall', messageId: 'a1', call: running });
    return chat;
  }

  it('shows the command, where it runs, its output as it arrives and a Stop while it runs', () => {
    const chat = started();
    const card = chat.$('.command-card[data-call-id="r1"]') as HTMLDetailsElement;
    assert.equal(card.querySelector('.command-line')?.textContent, '$ npm test');
    assert.equal(card.querySelector('.command-cwd')?.textContent, 'in pkg');
    assert.equal(card.getAttribute('data-status'), 'running');
    assert.equal(card.open, true, 'output is visible while it runs');
    chat.receive({ type: 'commandOutput', messageId: 'a1', callId: 'r1', text: '> jest\n' });
    chat.receive({ type: 'commandOutput', messageId: 'a1', callId: 'r1', text: 'FAIL src/a.test.ts\n' });
    assert.equal(card.querySelector('.command-output')?.textContent, '> jest\nFAIL src/a.test.ts\n');
    chat.click('.command-card [data-action="stop-command"]');
    assert.deepEqual(chat.sent('stopCommand'), [{ type: 'stopCommand', callId: 'r1' }]);
  });

  it('shows how it ended: exit code, duration, sandbox; a failure stays open', () => {
    const chat = started();
    chat.receive({ type: 'commandOutput', messageId: 'a1', callId: 'r1', text: 'FAIL\n' });
    const command = { command: 'npm test', cwd: 'pkg', output: 'FAIL\n', end: 'exited', exitCode: 1, durationMs: 2345, sandboxed: true };
    chat.receive({ type: 'toolCall', messageId: 'a1', call: { ...running, status: 'done', command } });
    const card = chat.$('.command-card[data-call-id="r1"]') as HTMLDetailsElement;
    assert.equal(card.getAttribute('data-status'), 'error');
    assert.equal(card.querySelector('.command-exit')?.textContent, 'exit 1');
    assert.equal(card.querySelector('.command-duration')?.textContent, '2.3 s');
    assert.match(card.querySelector('.command-status')?.textContent ?? '', /sandbox/);
    assert.equal(card.querySelector('[data-action="stop-command"]'), null, 'no Stop once it ended');
    assert.equal(card.open, true);
  });

  it('says when it hit the time limit or waited for input', () => {
    const chat = started();
    chat.receive({ type: 'toolCall', messageId: 'a1', call: { ...running, status: 'error', command: { command: 'npm init', cwd: '.', output: '', end: 'input', exitCode: null, durationMs: 6000 } } });
    assert.equal(chat.$('.command-card .command-exit').textContent, 'stopped: waiting for input');
  });

  it('shows why a command did not run when it was refused', () => {
    const chat = started();
    chat.receive({ type: 'toolCall', messageId: 'a1', call: { ...running, status: 'error', output: 'The command was not run: the user said no.' } });
    assert.equal(chat.$('.command-card .command-output').textContent, 'The command was not run: the user said no.');
    assert.match(chat.$('.command-card .command-status').textContent ?? '', /not run/);
  });

  it('stops a background command by its handle', () => {
    const chat = started();
    chat.receive({ type: 'toolCall', messageId: 'a1', call: { ...running, status: 'done', command: { command: 'npm run dev', cwd: '.', output: 'ready', end: 'running', exitCode: null, background: 'bg1' } } });
    chat.click('.command-card [data-action="stop-command"]');
    assert.deepEqual(chat.sent('stopCommand'), [{ type: 'stopCommand', callId: 'r1', background: 'bg1' }]);
  });

  it('offers no "always" for a command that always asks', () => {
    const chat = started();
    const approval = { id: 'q1', kind: 'command' as const, title: 'Run git push', reason: 'it pushes to a remote', scope: '', alwaysLabel: 'Always allow this command prefix', status: 'pending' as const, rememberable: false };
    chat.receive({ type: 'approval', messageId: 'a1', approval });
    assert.equal(chat.doc.querySelectorAll('.approval-card [data-action="approve-always"]').length, 0);
    assert.equal(chat.doc.querySelectorAll('.approval-card [data-action="approve-once"]').length, 1);
  });
});
