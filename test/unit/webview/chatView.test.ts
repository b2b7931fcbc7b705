import assert from 'node:assert/strict';
import type { EditView } from '../../../src/protocol/messages';
import { message, mountHarness, noUsage, settings, stateMessage } from './chatHarness';

describe('chat view', () => {
  it('tells the host it is ready and renders the state it gets back', () => {
    const chat = mountHarness();
    assert.deepEqual(chat.posted[0], { type: 'ready' });
    chat.receive(stateMessage([message('u1', 'user', 'Hi *there*'), message('a1', 'assistant', '# Hello\n\nWorld')]));
    assert.equal(chat.$('#conversation-title').textContent, 'First chat');
    assert.equal(chat.$('.message.user .user-text').textContent, 'Hi *there*', 'user text is shown as typed');
    assert.equal(chat.$('.message.assistant h1').textContent, 'Hello');
    assert.equal(chat.$('#welcome').hidden, true);
  });

  it('shows a first-run state with a Set API key button when no key is set', () => {
    const chat = mountHarness();
    chat.receive(stateMessage([], { settings: { ...settings, hasKey: false } }));
    assert.equal(chat.$('#welcome').hidden, false);
    chat.click('#set-key');
    assert.deepEqual(chat.sent('setKey'), [{ type: 'setKey' }]);
    chat.receive({ type: 'settings', settings });
    assert.equal(chat.$('#welcome').hidden, true);
  });

  it('streams a message into place without touching earlier messages', () => {
    const chat = mountHarness();
    chat.receive(stateMessage([message('a0', 'assistant', 'Earlier answer with `code`')]));
    const earlier = chat.$('[data-message-id="a0"]');
    const earlierHtml = earlier.innerHTML;
    chat.receive({ type: 'messageStart', message: message('a1', 'assistant', '', { status: 'streaming' }) });
    for (const delta of ['Here is ', 'a **list**:\n\n', '- one\n', '- two\n']) chat.receive({ type: 'textDelta', messageId: 'a1', delta });
    chat.receive({ type: 'messageEnd', messageId: 'a1', status: 'done' });
    const streamed = chat.$('[data-message-id="a1"]');
    assert.equal(streamed.getAttribute('data-status'), 'done');
    assert.equal(streamed.querySelectorAll('li').length, 2);
    assert.equal(streamed.querySelector('strong')?.textContent, 'list');
    assert.equal(chat.$('[data-message-id="a0"]'), earlier);
    assert.equal(earlier.innerHTML, earlierHtml);
  });

  it('shows reasoning in a collapsed section', () => {
    const chat = mountHarness();
    chat.receive(stateMessage([]));
    chat.receive({ type: 'messageStart', message: message('a1', 'assistant', '', { status: 'streaming' }) });
    chat.receive({ type: 'reasoningDelta', messageId: 'a1', delta: '**Planning** the change' });
    const reasoning = chat.$('.reasoning') as HTMLDetailsElement;
    assert.equal(reasoning.open, false);
    assert.equal(reasoning.querySelector('summary')?.textContent, 'Thinking…');
    chat.receive({ type: 'messageEnd', messageId: 'a1', status: 'done' });
    assert.equal(reasoning.querySelector('strong')?.textContent, 'Planning');
    assert.equal(reasoning.querySelector('summary')?.textContent, 'Reasoning');
  });

  it('shows tool calls as cards with their status, and a patch as a coloured diff', () => {
    const chat = mountHarness();
    chat.receive(stateMessage([]));
    chat.receive({ type: 'messageStart', message: message('a1', 'assistant', '', { status: 'streaming' }) });
    chat.receive({ type: 'toolCall', messageId: 'a1', call: { callId: 'c1', name: 'read_file', args: '{"path":"src/a.ts"}', status: 'running' } });
    const card = chat.$('.tool-card[data-call-id="c1"]');
    assert.equal(card.getAttribute('data-status'), 'running');
    assert.equal(card.querySelector('.tool-title')?.textContent, 'Read src/a.ts');
    chat.receive({ type: 'toolCall', messageId: 'a1', call: { callId: 'c1', name: 'read_file', args: '{"path":"src/a.ts"}', status: 'done', summary: '120 lines' } });
    assert.equal(card.getAttribute('data-status'), 'done');
    assert.equal(card.querySelector('.tool-status')?.getAttribute('aria-label'), 'Done');

    const patch = '*** Begin Patch\n*** Update File: src/b.ts\n@@\n-old line\n+new line\n keep\n*** End Patch';
    chat.receive({ type: 'toolCall', messageId: 'a1', call: { callId: 'c2', name: 'apply_patch', args: '{"patch":', status: 'running' } });
    chat.receive({ type: 'toolCallDelta', messageId: 'a1', callId: 'c2', delta: JSON.stringify(patch) + '}' });
    const patchCard = chat.$('.tool-card[data-call-id="c2"]') as HTMLDetailsElement;
    assert.equal(patchCard.querySelector('.tool-title')?.textContent, 'Patch src/b.ts');
    patchCard.open = true;
    patchCard.dispatchEvent(new chat.win.Event('toggle'));
    assert.equal(patchCard.querySelector('.diff-add')?.textContent, '+new line\n');
    assert.equal(patchCard.querySelector('.diff-del')?.textContent, '-old line\n');
    assert.equal(chat.doc.querySelectorAll('.tool-card').length, 2);
  });

  it('lets the user accept, reject or view a pending edit and shows its outcome', () => {
    const chat = mountHarness();
    chat.receive(stateMessage([]));
    chat.receive({ type: 'messageStart', message: message('a1', 'assistant', '', { status: 'streaming', turnId: 't1' }) });
    const edit: EditView = {
      editId: 'e1',
      status: 'pending',
      note: 'Touches .vscode/settings.json, so it always asks.',
      files: [{ path: 'src/a.ts', kind: 'update', diff: '@@ -1 +1 @@\n-a\n+b', added: 1, removed: 1 }],
    };
    chat.receive({ type: 'edit', messageId: 'a1', edit });
    const card = () => chat.$('.edit-card[data-edit-id="e1"]');
    assert.equal(card().getAttribute('data-status'), 'pending');
    assert.match(card().textContent ?? '', /always asks/);
    chat.click(card().querySelector('[aria-label="Accept edit"]')!);
    chat.click(card().querySelector('[aria-label="Reject edit"]')!);
    chat.click(card().querySelector('[aria-label="Show diff"]')!);
    chat.click(card().querySelector('[aria-label="Show diff of src/a.ts"]')!);
    chat.click(card().querySelector('[data-action="open-file"]')!);
    assert.deepEqual(chat.sent('acceptEdit'), [{ type: 'acceptEdit', editId: 'e1' }]);
    assert.deepEqual(chat.sent('rejectEdit'), [{ type: 'rejectEdit', editId: 'e1' }]);
    assert.deepEqual(chat.sent('showDiff'), [{ type: 'showDiff', editId: 'e1' }, { type: 'showDiff', editId: 'e1', path: 'src/a.ts' }]);
    assert.deepEqual(chat.sent('openFile'), [{ type: 'openFile', path: 'src/a.ts' }]);
    assert.equal(chat.doc.querySelector('[aria-label="Undo this turn"]'), null, 'nothing applied yet');

    chat.receive({ type: 'edit', messageId: 'a1', edit: { ...edit, status: 'accepted' } });
    assert.equal(card().getAttribute('data-status'), 'accepted');
    assert.equal(card().querySelector('[aria-label="Accept edit"]'), null);
    assert.equal(chat.doc.querySelectorAll('.edit-card').length, 1);
    chat.click('[aria-label="Undo this turn"]');
    assert.deepEqual(chat.sent('undoTurn'), [{ type: 'undoTurn', turnId: 't1' }]);
    chat.receive({ type: 'edit', messageId: 'a1', edit: { ...edit, status: 'undone' } });
    assert.equal(chat.doc.querySelector('[aria-label="Undo this turn"]'), null);
  });

  it('shows an error in place with the actions it offers', () => {
    const chat = mountHarness();
    chat.receive(stateMessage([]));
    chat.receive({ type: 'messageStart', message: message('a1', 'assistant', '', { status: 'streaming' }) });
    chat.receive({ type: 'textDelta', messageId: 'a1', delta: 'Partial answ' });
    chat.receive({ type: 'messageEnd', messageId: 'a1', status: 'error', error: { kind: 'auth', message: 'The API key was refused.', actions: ['retry', 'setKey'] } });
    const error = chat.$('[data-message-id="a1"] .message-error');
    assert.equal(error.getAttribute('role'), 'alert');
    assert.match(error.textContent ?? '', /The API key was refused\./);
    assert.match(chat.$('[data-message-id="a1"] .message-body').textContent ?? '', /Partial answ/);
    chat.click(error.querySelector('[aria-label="Retry"]')!);
    chat.click(error.querySelector('[aria-label="Set API key"]')!);
    assert.deepEqual(chat.sent('retry'), [{ type: 'retry', messageId: 'a1' }]);
    assert.equal(chat.sent('setKey').length, 1);
  });

  it('shows usage per message, conversation totals and how full the context is', () => {
    const chat = mountHarness();
    chat.receive(stateMessage([]));
    chat.receive({ type: 'messageStart', message: message('a1', 'assistant', 'ok', { status: 'streaming' }) });
    const usage = { inputTokens: 12_345, cachedInputTokens: 2_000, outputTokens: 512, reasoningTokens: 128, costUsd: 0.0123 };
    chat.receive({ type: 'usage', messageId: 'a1', usage, totals: { ...usage, inputTokens: 20_000, costUsd: 0.02 }, contextTokens: 100_000 });
    assert.equal(chat.$('[data-message-id="a1"] .usage').textContent, '12k in (2k cached) · 512 out (128 reasoning) · $0.0123');
    assert.match(chat.$('#usage-totals').textContent ?? '', /20k in .* \$0\.0200/);
    const meter = chat.$('#context-fill');
    assert.equal(meter.getAttribute('aria-valuenow'), '100000');
    assert.equal(meter.getAttribute('aria-valuemax'), '400000');
    assert.equal((meter.querySelector('.meter-fill') as HTMLElement).style.width, '25.0%');
  });

  it('lists the context a turn carried, with what was cut', () => {
    const chat = mountHarness();
    chat.receive(stateMessage([message('a1', 'assistant', 'done')]));
    chat.receive({
      type: 'context',
      messageId: 'a1',
      report: { totalTokens: 3000, budgetTokens: 272_000, items: [{ id: 'f', kind: 'file', label: 'src/big.ts', tokens: 3000, truncated: true }] },
    });
    const report = chat.$('[data-message-id="a1"] .context-report');
    assert.match(report.querySelector('summary')?.textContent ?? '', /1 item · 3k tokens/);
    assert.equal(report.querySelector('.badge.cut')?.textContent, 'cut');
  });

  it('offers a picker when the service returned several alternatives', () => {
    const chat = mountHarness();
    chat.receive(stateMessage([message('a1', 'assistant', 'First', { alternatives: ['First', 'Second **bold**'] })]));
    assert.equal(chat.$('.message-body').textContent?.trim(), 'First');
    chat.click('[aria-label="Alternative 2"]');
    assert.deepEqual(chat.sent('pickAlternative'), [{ type: 'pickAlternative', messageId: 'a1', index: 1 }]);
    assert.equal(chat.$('.message-body strong').textContent, 'bold');
    assert.equal(chat.$('[aria-label="Alternative 2"]').getAttribute('aria-pressed'), 'true');
  });

  it('streams several results into their own alternatives', () => {
    const chat = mountHarness();
    chat.receive(stateMessage([]));
    chat.receive({ type: 'messageStart', message: message('a1', 'assistant', '', { status: 'streaming' }) });
    chat.receive({ type: 'textDelta', messageId: 'a1', delta: 'one', resultIndex: 0 });
    chat.receive({ type: 'textDelta', messageId: 'a1', delta: 'two', resultIndex: 1 });
    chat.receive({ type: 'messageEnd', messageId: 'a1', status: 'done' });
    assert.equal(chat.$('.message-body').textContent?.trim(), 'one');
    chat.click('[aria-label="Alternative 2"]');
    assert.equal(chat.$('.message-body').textContent?.trim(), 'two');
  });

  it('opens, renames and deletes conversations, and starts new ones', () => {
    const chat = mountHarness();
    chat.receive(stateMessage([]));
    chat.click('#show-history');
    assert.equal(chat.$('#conversations').hidden, false);
    assert.equal(chat.sent('listConversations').length, 1);
    chat.receive({
      type: 'conversations',
      activeId: 'c1',
      items: [
        { id: 'c1', title: 'First chat', updatedAt: 1, messageCount: 2 },
        { id: 'c2', title: 'Refactor', updatedAt: 2, messageCount: 6 },
      ],
    });
    const rows = Array.from(chat.doc.querySelectorAll('#conversations .conversation'));
    assert.deepEqual(rows.map((r) => r.getAttribute('data-id')), ['c2', 'c1'], 'newest first');
    assert.equal(rows[1].getAttribute('aria-current'), 'true');

    chat.click(rows[0].querySelector('[aria-label="Rename conversation"]')!);
    const input = chat.$('.rename-input') as HTMLInputElement;
    input.value = 'Refactor the parser';
    chat.key(input, 'Enter');
    assert.deepEqual(chat.sent('renameConversation'), [{ type: 'renameConversation', id: 'c2', title: 'Refactor the parser' }]);

    const remove = rows[0].querySelector('[aria-label="Delete conversation"]')!;
    chat.click(remove);
    assert.equal(chat.sent('deleteConversation').length, 0, 'the first click only asks to confirm');
    chat.click(remove);
    assert.deepEqual(chat.sent('deleteConversation'), [{ type: 'deleteConversation', id: 'c2' }]);

    chat.click(rows[0].querySelector('.conversation-open')!);
    assert.deepEqual(chat.sent('openConversation'), [{ type: 'openConversation', id: 'c2' }]);
    assert.equal(chat.$('#conversations').hidden, true);

    chat.click('#new-chat');
    assert.deepEqual(chat.sent('newChat'), [{ type: 'newChat' }]);
  });

  it('shows notices from the host', () => {
    const chat = mountHarness();
    chat.receive(stateMessage([], { totals: noUsage }));
    chat.receive({ type: 'notice', text: 'Rate limited; retrying in 3 s.', level: 'warning' });
    assert.equal(chat.$('#notice').hidden, false);
    assert.equal(chat.$('#notice').textContent, 'Rate limited; retrying in 3 s.');
  });

  it('opens a long conversation at its newest messages and renders the older ones above them afterwards', async () => {
    const chat = mountHarness();
    const messages = Array.from({ length: 60 }, (_, i) => message(`m${i}`, i % 2 ? 'assistant' : 'user', `Answer ${i}: ${'words and more words '.repeat(20)}`));
    chat.receive(stateMessage(messages));
    const shown = () => Array.from(chat.doc.querySelectorAll('#transcript > .message')).map((m) => m.getAttribute('data-message-id'));
    const first = shown();
    assert.ok(first.length > 0 && first.length < 60, `${first.length} messages at first`);
    assert.deepEqual(first, messages.slice(60 - first.length).map((m) => m.id), 'the newest ones, in order');
    for (let i = 0; i < 100 && shown().length < 60; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.deepEqual(shown(), messages.map((m) => m.id), 'then all of them, in order');
  });

  it('renders the older messages at once when an update names one of them', () => {
    const chat = mountHarness();
    const messages = Array.from({ length: 60 }, (_, i) => message(`m${i}`, 'assistant', `Answer ${i}: ${'words '.repeat(100)}`));
    chat.receive(stateMessage(messages));
    chat.receive({ type: 'messageEnd', messageId: 'm0', status: 'stopped' });
    assert.equal(chat.doc.querySelectorAll('#transcript > .message').length, 60);
    assert.equal(chat.doc.querySelector('[data-message-id="m0"]')?.getAttribute('data-status'), 'stopped');
  });
});
