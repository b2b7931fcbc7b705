import assert from 'node:assert/strict';
import { PromptHistory } from '../../../src/webview/view/promptHistory';
import { mentionAt, slashCommandAt } from '../../../src/webview/view/mentions';
import { mountHarness, stateMessage } from './chatHarness';

describe('prompt input', () => {
  function ready() {
    const chat = mountHarness();
    chat.receive(stateMessage([]));
    const prompt = chat.$('#prompt') as HTMLTextAreaElement;
    const type = (text: string) => {
      prompt.value = text;
      prompt.setSelectionRange(text.length, text.length);
      prompt.dispatchEvent(new chat.win.Event('input', { bubbles: true }));
    };
    return { chat, prompt, type };
  }

  it('sends on Enter and clears the prompt', () => {
    const { chat, prompt, type } = ready();
    type('Explain this');
    const event = chat.key(prompt, 'Enter');
    assert.equal(event.defaultPrevented, true);
    assert.deepEqual(chat.sent('send'), [{ type: 'send', text: 'Explain this' }]);
    assert.equal(prompt.value, '');
  });

  it('leaves Shift+Enter to insert a line break, and Enter while an IME composes', () => {
    const { chat, prompt, type } = ready();
    type('line one');
    assert.equal(chat.key(prompt, 'Enter', { shiftKey: true }).defaultPrevented, false);
    assert.equal(chat.key(prompt, 'Enter', { isComposing: true }).defaultPrevented, false);
    assert.equal(chat.sent('send').length, 0);
  });

  it('sends with the send button, but not an empty prompt and not while busy', () => {
    const { chat, type } = ready();
    type('   ');
    chat.click('#send');
    assert.equal(chat.sent('send').length, 0);
    chat.receive({ type: 'busy', busy: true });
    type('next question');
    chat.click('#send');
    assert.equal(chat.sent('send').length, 0);
    chat.receive({ type: 'busy', busy: false });
    chat.click('#send');
    assert.deepEqual(chat.sent('send'), [{ type: 'send', text: 'next question' }]);
  });

  it('shows Stop only while busy and posts stop', () => {
    const { chat } = ready();
    assert.equal(chat.$('#stop').hidden, true);
    chat.receive({ type: 'busy', busy: true });
    assert.equal(chat.$('#stop').hidden, false);
    chat.click('#stop');
    assert.equal(chat.sent('stop').length, 1);
    chat.receive({ type: 'busy', busy: false });
    assert.equal(chat.$('#stop').hidden, true);
  });

  it('browses sent prompts with ArrowUp at the start and ArrowDown at the end, keeping the draft', () => {
    const { chat, prompt, type } = ready();
    const value = () => prompt.value; // read afresh: assert.equal would narrow the property
    for (const text of ['first', 'second']) {
      type(text);
      chat.key(prompt, 'Enter');
    }
    type('draft');
    prompt.setSelectionRange(2, 2);
    assert.equal(chat.key(prompt, 'ArrowUp').defaultPrevented, false, 'not at the start: the caret moves');
    prompt.setSelectionRange(0, 0);
    chat.key(prompt, 'ArrowUp');
    assert.equal(value(), 'second');
    chat.key(prompt, 'ArrowUp');
    assert.equal(value(), 'first');
    assert.equal(chat.key(prompt, 'ArrowUp').defaultPrevented, false, 'nothing older');
    prompt.setSelectionRange(value().length, value().length);
    chat.key(prompt, 'ArrowDown');
    assert.equal(value(), 'second');
    chat.key(prompt, 'ArrowDown');
    assert.equal(value(), 'draft');
  });

  it('keeps sent prompts and the draft in the view state across reloads', () => {
    const { chat, prompt, type } = ready();
    type('remember me');
    chat.key(prompt, 'Enter');
    type('half typed');
    const again = mountHarness(chat.state);
    const prompt2 = again.$('#prompt') as HTMLTextAreaElement;
    assert.equal(prompt2.value, 'half typed');
    prompt2.setSelectionRange(0, 0);
    again.key(prompt2, 'ArrowUp');
    assert.equal(prompt2.value, 'remember me');
  });

  it('comes back to where the transcript was scrolled when the view reloads the same conversation', async () => {
    const frame = () => new Promise((resolve) => setTimeout(resolve, 50));
    const same = mountHarness({ draft: '', sentPrompts: [], scrollTop: 120, conversationId: 'c1' });
    same.receive(stateMessage([]));
    await frame();
    assert.equal(same.$('#transcript').scrollTop, 120);
    const other = mountHarness({ draft: '', sentPrompts: [], scrollTop: 120, conversationId: 'another' });
    other.receive(stateMessage([]));
    await frame();
    assert.notEqual(other.$('#transcript').scrollTop, 120);
  });

  it('completes @mentions from the host and ignores answers to older queries', () => {
    const { chat, prompt, type } = ready();
    type('look at @sr');
    type('look at @src/a');
    const queries = chat.sent('mentionQuery');
    assert.deepEqual(queries.map((q) => q.query), ['sr', 'src/a']);
    chat.receive({ type: 'mentionResults', requestId: queries[0].requestId, items: [{ label: 'stale.ts', path: 'stale.ts', kind: 'file' }] });
    assert.equal(chat.$('#mention-list').hidden, true);
    chat.receive({
      type: 'mentionResults',
      requestId: queries[1].requestId,
      items: [
        { label: 'a.ts', path: 'src/a.ts', kind: 'file' },
        { label: 'app.ts', path: 'src/app.ts', kind: 'file' },
      ],
    });
    assert.equal(chat.$('#mention-list').hidden, false);
    assert.equal(chat.doc.querySelectorAll('#mention-list [role="option"]').length, 2);
    chat.key(prompt, 'ArrowDown');
    assert.equal(chat.key(prompt, 'Enter').defaultPrevented, true);
    assert.equal(prompt.value, 'look at @src/app.ts ');
    assert.equal(chat.$('#mention-list').hidden, true);
    assert.equal(chat.sent('send').length, 0, 'Enter picked the mention, it did not send');
  });

  it('completes MCP prompts as slash commands at the start of the prompt only', () => {
    const { chat, prompt, type } = ready();
    type('/mcp.ev');
    const [query] = chat.sent('slashQuery');
    assert.equal(query.query, 'mcp.ev');
    chat.receive({ type: 'slashResults', requestId: query.requestId, items: [{ label: '/mcp.everything.simple-prompt', path: 'mcp.everything.simple-prompt', kind: 'special' }] });
    assert.equal(chat.$('#slash-list').hidden, false);
    assert.equal(chat.key(prompt, 'Enter').defaultPrevented, true);
    assert.equal(prompt.value, '/mcp.everything.simple-prompt ');
    assert.equal(chat.sent('send').length, 0);
    type('explain /mcp');
    assert.equal(chat.sent('slashQuery').length, 1, 'a slash later in the text is not a command');
    assert.deepEqual(slashCommandAt('/a/b', 4), undefined);
  });

  it('finds the mention being typed only after whitespace or at the start', () => {
    assert.deepEqual(mentionAt('@fo', 3), { start: 0, query: 'fo' });
    assert.deepEqual(mentionAt('see @src/x', 10), { start: 4, query: 'src/x' });
    assert.equal(mentionAt('mail a@b.c', 10), undefined);
    assert.equal(mentionAt('see @src done', 13), undefined);
  });

  it('sends the context items the user removed from the preview', () => {
    const { chat, type } = ready();
    chat.receive({
      type: 'contextPreview',
      report: {
        totalTokens: 1500,
        budgetTokens: 272_000,
        items: [
          { id: 'sel', kind: 'selection', label: 'Selection in a.ts', tokens: 500, truncated: false },
          { id: 'file', kind: 'file', label: 'b.ts', tokens: 1000, truncated: true },
        ],
      },
    });
    chat.click('#context-chips [data-context-id="file"]');
    assert.equal(chat.$('#context-chips [data-context-id="file"]').getAttribute('aria-pressed'), 'false');
    assert.match(chat.$('#context-chips .chips-total').textContent ?? '', /1 item · 500 tokens/);
    type('go');
    chat.click('#send');
    assert.deepEqual(chat.sent('send'), [{ type: 'send', text: 'go', excludeContextIds: ['file'] }]);
    assert.equal(chat.$('#context-chips').hidden, true, 'the preview was of the message just sent');
  });

  it('says which context items will not be sent and why, instead of a count of 0', () => {
    const { chat } = ready();
    chat.receive({
      type: 'contextPreview',
      report: {
        totalTokens: 0,
        budgetTokens: 272_000,
        items: [{ id: 'env', kind: 'active_file', label: '.env', tokens: 0, truncated: false, placement: 'none', omitted: 'it looks like a secret' }],
      },
    });
    const chip = chat.$('#context-chips [data-context-id="env"]');
    assert.equal(chip.querySelector('.chip-tokens')?.textContent, 'not sent');
    assert.match(chip.getAttribute('aria-label') ?? '', /\.env, not sent: it looks like a secret/);
    assert.equal(chip.hasAttribute('disabled'), true);
  });

  it('clears the preview when the conversation changes and asks for a new one', async () => {
    const { chat } = ready();
    chat.receive({ type: 'contextPreview', report: { totalTokens: 10, budgetTokens: 100, items: [{ id: 'old', kind: 'read_file', label: 'a.ts (old copy)', tokens: 10, truncated: false }] } });
    chat.receive(stateMessage([], { conversationId: 'c2' }));
    assert.equal(chat.$('#context-chips').hidden, true);
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.ok(chat.sent('previewContext').length > 0);
  });

  it('asks the host for a context preview once typing pauses', async () => {
    const { chat, type } = ready();
    type('a');
    type('ab');
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.deepEqual(chat.sent('previewContext'), [{ type: 'previewContext', text: 'ab' }]);
  });

  it('attaches pasted images as data URIs and sends them with the message', async () => {
    const { chat, prompt, type } = ready();
    const png = new chat.win.File([new Uint8Array([137, 80, 78, 71])], 'shot.png', { type: 'image/png' });
    const text = new chat.win.File(['hello'], 'notes.txt', { type: 'text/plain' });
    const paste = new chat.win.Event('paste', { bubbles: true, cancelable: true }) as ClipboardEvent;
    Object.defineProperty(paste, 'clipboardData', { value: { files: [png, text] } });
    prompt.dispatchEvent(paste);
    assert.equal(paste.defaultPrevented, true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(chat.doc.querySelectorAll('#attachments img').length, 1);
    type('what is this?');
    chat.click('#send');
    const [sent] = chat.sent('send');
    assert.equal(sent.text, 'what is this?');
    assert.deepEqual(sent.images, ['data:image/png;base64,iVBORw==']);
    assert.equal(chat.$('#attachments').hidden, true);
  });

  it('fills the prompt from the host and sends it when asked', () => {
    const { chat, prompt } = ready();
    chat.receive({ type: 'prefill', text: 'Explain `foo`' });
    assert.equal(prompt.value, 'Explain `foo`');
    assert.equal(chat.sent('send').length, 0);
    chat.receive({ type: 'prefill', text: 'Fix it', send: true });
    assert.deepEqual(chat.sent('send'), [{ type: 'send', text: 'Fix it' }]);
  });
});

describe('prompt history', () => {
  it('skips repeats and keeps at most its limit', () => {
    const history = new PromptHistory([], 3);
    for (const p of ['a', 'b', 'b', 'c', 'd']) history.add(p);
    assert.deepEqual(history.all, ['b', 'c', 'd']);
  });
});
