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
    // Its text is never rendered again (only its footer changes: it is no longer the answer to regenerate).
    const earlierHtml = earlier.querySelector('.message-flow')!.innerHTML;
    chat.receive({ type: 'messageStart', message: message('a1', 'assistant', '', { status: 'streaming' }) });
    for (const delta of ['Here is ', 'a **list**:\n\n', '- one\n', '- two\n']) chat.receive({ type: 'textDelta', messageId: 'a1', delta });
    chat.receive({ type: 'messageEnd', messageId: 'a1', status: 'done' });
    const streamed = chat.$('[data-message-id="a1"]');
    assert.equal(streamed.getAttribute('data-status'), 'done');
    assert.equal(streamed.querySelectorAll('li').length, 2);
    assert.equal(streamed.querySelector('strong')?.textContent, 'list');
    assert.equal(chat.$('[data-message-id="a0"]'), earlier);
    assert.equal(earlier.querySelector('.message-flow')!.innerHTML, earlierHtml);
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
    assert.equal(chat.doc.querySelector('[aria-label="Undo this turn"]'), null, 'offered only once the host says it can undo');
    chat.receive({ type: 'undoState', messageId: 'a1', canUndo: true, canRedo: false });
    chat.click('[aria-label="Undo this turn"]');
    assert.deepEqual(chat.sent('undoTurn'), [{ type: 'undoTurn', turnId: 't1' }]);
    chat.receive({ type: 'edit', messageId: 'a1', edit: { ...edit, status: 'undone' } });
    chat.receive({ type: 'undoState', messageId: 'a1', canUndo: false, canRedo: true });
    assert.equal(chat.doc.querySelector('[aria-label="Undo this turn"]'), null);
    chat.click('[aria-label="Redo this turn"]');
    assert.deepEqual(chat.sent('redoTurn'), [{ type: 'redoTurn', turnId: 't1' }]);
  });

  it('does not offer to undo a reopened turn whose edits the host can no longer undo', () => {
    const chat = mountHarness();
    const accepted: EditView = { editId: 'e1', status: 'accepted', files: [{ path: 'src/a.ts', kind: 'update', diff: '', added: 1, removed: 1 }] };
    chat.receive(stateMessage([message('a1', 'assistant', 'Changed it.', { turnId: 't1', edits: [accepted], canUndo: false })]));
    assert.equal(chat.doc.querySelector('[aria-label="Undo this turn"]'), null);
    chat.receive(stateMessage([message('a1', 'assistant', 'Changed it.', { turnId: 't1', edits: [accepted], canUndo: true })]));
    assert.ok(chat.doc.querySelector('[aria-label="Undo this turn"]'));
  });

  it('rejects an edit with the reason the user typed', () => {
    const chat = mountHarness();
    chat.receive(stateMessage([]));
    chat.receive({ type: 'messageStart', message: message('a1', 'assistant', '', { status: 'streaming', turnId: 't1' }) });
    chat.receive({ type: 'edit', messageId: 'a1', edit: { editId: 'e1', status: 'pending', files: [{ path: 'src/a.ts', kind: 'update', diff: '', added: 1, removed: 0 }] } });
    const form = chat.$('.edit-card .reject-reason');
    assert.equal(form.hidden, true);
    chat.click('[aria-label="Reject edit with a reason"]');
    assert.equal(form.hidden, false);
    const input = form.querySelector('input')!;
    input.value = 'keep the old name';
    chat.key(input, 'Enter');
    assert.deepEqual(chat.sent('rejectEdit'), [{ type: 'rejectEdit', editId: 'e1', reason: 'keep the old name' }]);
  });

  it('shows text and tool steps in the order they happened, also when reopened', () => {
    const streamed = mountHarness();
    streamed.receive(stateMessage([]));
    streamed.receive({ type: 'messageStart', message: message('a1', 'assistant', '', { status: 'streaming' }) });
    streamed.receive({ type: 'textDelta', messageId: 'a1', delta: 'First I read the file.' });
    streamed.receive({ type: 'toolCall', messageId: 'a1', call: { callId: 'c1', name: 'read_file', args: '{"path":"src/a.ts"}', status: 'running', textOffset: 22 } });
    streamed.receive({ type: 'textDelta', messageId: 'a1', delta: '\n\nIt exports `a`.' });
    streamed.receive({ type: 'messageEnd', messageId: 'a1', status: 'done' });
    const order = (doc: Document) => Array.from(doc.querySelectorAll('.message-flow > *')).map((e) => (e.classList.contains('message-steps') ? `[${e.textContent?.trim()}]` : e.textContent?.trim()));
    assert.deepEqual(order(streamed.doc), ['First I read the file.', '[Read src/a.ts]', 'It exports a.']);

    const reopened = mountHarness();
    const call = { callId: 'c1', name: 'read_file', args: '{"path":"src/a.ts"}', status: 'done' as const, textOffset: 22 };
    reopened.receive(stateMessage([message('a1', 'assistant', 'First I read the file.\n\nIt exports `a`.', { toolCalls: [call] })]));
    assert.deepEqual(order(reopened.doc), order(streamed.doc));
  });

  it('shows tool results as file links and result lists, and opens a failed patch with its reason', () => {
    const chat = mountHarness();
    chat.receive(stateMessage([]));
    chat.receive({ type: 'messageStart', message: message('a1', 'assistant', '', { status: 'streaming' }) });
    chat.receive({ type: 'toolCall', messageId: 'a1', call: { callId: 's', name: 'search_text', args: '{"query":"total"}', status: 'done', output: 'src/a.ts:3: let total = 0;\nsrc/b.ts:9: return total;' } });
    const search = chat.$('.tool-card[data-call-id="s"]') as HTMLDetailsElement;
    search.open = true;
    search.dispatchEvent(new chat.win.Event('toggle'));
    const links = Array.from(search.querySelectorAll('.tool-results [data-action="open-file"]'));
    assert.deepEqual(links.map((l) => l.textContent), ['src/a.ts:3', 'src/b.ts:9']);
    assert.equal(search.querySelector('pre.tool-args'), null, 'no raw JSON');
    chat.click(links[1]);
    assert.deepEqual(chat.sent('openFile'), [{ type: 'openFile', path: 'src/b.ts', line: 9 }]);

    const patch = '*** Begin Patch\n*** Update File: src/a.ts\n@@\n-nope\n+yes\n*** End Patch';
    chat.receive({ type: 'toolCall', messageId: 'a1', call: { callId: 'p', name: 'apply_patch', args: JSON.stringify({ patch }), status: 'running' } });
    chat.receive({ type: 'toolCall', messageId: 'a1', call: { callId: 'p', name: 'apply_patch', args: JSON.stringify({ patch }), status: 'error', summary: 'src/a.ts: hunk 1 not found', output: 'src/a.ts: hunk 1 (patch line 3) not found: closest text …' } });
    const failed = chat.$('.tool-card[data-call-id="p"]') as HTMLDetailsElement;
    assert.equal(failed.open, true, 'a failed patch shows itself');
    assert.match(failed.querySelector('.tool-error')?.textContent ?? '', /hunk 1 \(patch line 3\) not found/);
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
    assert.match(report.querySelector('summary')?.textContent ?? '', /1 item · 3k tokens · 1 cut/);
    assert.equal(report.querySelector('.context-note')?.textContent, 'cut to fit the budget');
  });

  it('shows what went with a question under it, including what was withheld and why', () => {
    const chat = mountHarness();
    chat.receive(stateMessage([message('u1', 'user', 'What is in .env?')]));
    chat.receive({
      type: 'context',
      messageId: 'u1',
      report: {
        totalTokens: 800,
        budgetTokens: 200_000,
        items: [
          { id: 'a', kind: 'active_file', label: 'src/a.ts', tokens: 800, truncated: false, placement: 'volatile' },
          { id: 'env', kind: 'mentioned_file', label: '.env', tokens: 0, truncated: false, placement: 'none', omitted: 'it looks like a secret (.env); allow it in miniCoder.context.allow' },
        ],
      },
    });
    const report = chat.$('[data-message-id="u1"] .context-report');
    assert.match(report.querySelector('summary')?.textContent ?? '', /Sent with this message · 1 item · 800 tokens · 1 not sent/);
    assert.match(report.textContent ?? '', /not sent: it looks like a secret/);
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

  it('leaves New chat and History to the view title and gives the title the header', () => {
    const chat = mountHarness();
    chat.receive(stateMessage([]));
    assert.equal(chat.doc.querySelector('#show-history, #new-chat, [data-action="new-chat"], [data-action="history"]'), null);
    chat.receive({ type: 'conversations', activeId: 'c1', items: [{ id: 'c1', title: 'Refactor the cart total', updatedAt: 1, messageCount: 2 }] });
    assert.equal(chat.$('#conversation-title').textContent, 'Refactor the cart total');
  });

  it('sends Choose model service from the welcome screen, naming the endpoint', () => {
    const chat = mountHarness();
    chat.receive(stateMessage([], { settings: { ...settings, hasKey: false, endpoint: 'www.anyfast.ai/v1' } }));
    assert.match(chat.$('#welcome').textContent ?? '', /called at www\.anyfast\.ai\/v1/);
    chat.click('#choose-service');
    assert.deepEqual(chat.sent('chooseService'), [{ type: 'chooseService' }]);
    assert.equal(chat.sent('openSettings').length, 0);
  });

  it('counts a rate-limit wait down on the Retry button', async function () {
    this.timeout(5000);
    const chat = mountHarness();
    chat.receive(stateMessage([]));
    chat.receive({ type: 'messageStart', message: message('a1', 'assistant', '', { status: 'streaming' }) });
    chat.receive({ type: 'messageEnd', messageId: 'a1', status: 'error', error: { kind: 'rate_limit', message: 'The service is rate limiting requests (429).', actions: ['retry'], retryAfterMs: 1500 } });
    const retry = chat.$('[data-message-id="a1"] .message-error button') as HTMLButtonElement;
    assert.equal(retry.disabled, true);
    assert.equal(retry.textContent, 'Retry in 2 s');
    await new Promise((resolve) => setTimeout(resolve, 2100));
    assert.equal(retry.disabled, false);
    assert.equal(retry.textContent, 'Retry');
  });

  it('offers copy and regenerate on the newest answer, and edit on questions', () => {
    const chat = mountHarness();
    chat.receive(stateMessage([message('u1', 'user', 'Question'), message('a1', 'assistant', 'Old'), message('u2', 'user', 'Again'), message('a2', 'assistant', 'New')]));
    assert.equal(chat.doc.querySelector('[data-message-id="a1"] [aria-label="Regenerate"]'), null);
    chat.click('[data-message-id="a2"] [aria-label="Regenerate"]');
    chat.click('[data-message-id="a1"] [aria-label="Copy answer"]');
    assert.deepEqual(chat.sent('retry'), [{ type: 'retry', messageId: 'a2' }]);
    assert.deepEqual(chat.sent('copyAnswer'), [{ type: 'copyAnswer', messageId: 'a1' }]);

    chat.click('[data-message-id="u1"] [aria-label="Edit and resend"]');
    const box = chat.$('[data-message-id="u1"] .edit-question') as HTMLTextAreaElement;
    assert.equal(box.value, 'Question');
    box.value = 'A better question';
    chat.key(box, 'Enter');
    assert.deepEqual(chat.sent('editMessage'), [{ type: 'editMessage', messageId: 'u1', text: 'A better question' }]);
    assert.equal(chat.doc.querySelector('[data-message-id="u1"] .edit-question'), null);
  });

  it('stops the answer on Escape, and focuses the prompt when asked', () => {
    const chat = mountHarness();
    chat.receive(stateMessage([], { busy: true }));
    chat.key(chat.$('#prompt'), 'Escape');
    assert.deepEqual(chat.sent('stop'), [{ type: 'stop' }]);
    chat.receive({ type: 'busy', busy: false });
    chat.key(chat.$('#prompt'), 'Escape');
    assert.equal(chat.sent('stop').length, 1, 'nothing to stop');
    chat.receive({ type: 'focusInput' });
    assert.equal(chat.doc.activeElement, chat.$('#prompt'));
  });

  it('switches service and reasoning effort from the pickers', () => {
    const chat = mountHarness();
    chat.receive(stateMessage([], {
      settings: {
        ...settings,
        reasoningEffort: 'medium',
        services: [
          { service: 'responses', label: 'Responses API', model: 'gpt-5.4-mini', endpoint: 'www.anyfast.ai/v1' },
          { service: 'runware', label: 'Runware', model: 'openai:gpt@5.4-mini', endpoint: 'api.runware.ai/v1' },
        ],
      },
    }));
    const service = chat.$('#service-picker') as HTMLSelectElement;
    assert.deepEqual(Array.from(service.options).map((o) => o.textContent), ['gpt-5.4-mini · Responses API', 'openai:gpt@5.4-mini · Runware']);
    assert.match(service.title, /www\.anyfast\.ai\/v1/);
    service.value = 'runware';
    service.dispatchEvent(new chat.win.Event('change'));
    const effort = chat.$('#effort-picker') as HTMLSelectElement;
    assert.equal(effort.value, 'medium');
    effort.value = 'high';
    effort.dispatchEvent(new chat.win.Event('change'));
    assert.deepEqual(chat.sent('setService'), [{ type: 'setService', service: 'runware' }]);
    assert.deepEqual(chat.sent('setReasoningEffort'), [{ type: 'setReasoningEffort', effort: 'high' }]);
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

  it('keeps Regenerate on the newest answer when it is regenerated after the older messages rendered', async () => {
    const chat = mountHarness();
    const messages = Array.from({ length: 60 }, (_, i) => message(`m${i}`, i % 2 ? 'assistant' : 'user', `Answer ${i}: ${'words and more words '.repeat(20)}`));
    chat.receive(stateMessage(messages));
    const shown = () => chat.doc.querySelectorAll('#transcript > .message').length;
    for (let i = 0; i < 100 && shown() < 60; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(shown(), 60);
    // Regenerating the newest answer starts it again under the same id.
    chat.receive({ type: 'messageStart', message: message('m59', 'assistant', '', { status: 'streaming' }) });
    chat.receive({ type: 'messageEnd', messageId: 'm59', status: 'done' });
    const regenerate = Array.from(chat.doc.querySelectorAll('[aria-label="Regenerate"]')).map((b) => b.closest('.message')?.getAttribute('data-message-id'));
    assert.deepEqual(regenerate, ['m59'], 'only the newest answer offers Regenerate');
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
