import assert from 'node:assert/strict';
import { parseFenceInfo } from '../../../src/webview/render/codeBlock';
import { message, mountHarness, stateMessage } from './chatHarness';

describe('code blocks', () => {
  it('reads the language and the file a fence names', () => {
    assert.deepEqual(parseFenceInfo('ts'), { language: 'ts' });
    assert.deepEqual(parseFenceInfo('ts title=src/a.ts'), { language: 'ts', path: 'src/a.ts' });
    assert.deepEqual(parseFenceInfo('python path="tools/run.py"'), { language: 'python', path: 'tools/run.py' });
    assert.deepEqual(parseFenceInfo('ts:src/b.ts'), { language: 'ts', path: 'src/b.ts' });
    assert.deepEqual(parseFenceInfo('src/c.py'), { language: 'py', path: 'src/c.py' });
    assert.deepEqual(parseFenceInfo('go cmd/main.go'), { language: 'go', path: 'cmd/main.go' });
    assert.deepEqual(parseFenceInfo('js', '// file: lib/x.js\nlet a;'), { language: 'js', path: 'lib/x.js' });
    assert.deepEqual(parseFenceInfo('', 'plain text'), {});
    assert.deepEqual(parseFenceInfo('json', '{"url": "https://a.b/c.json"}'), { language: 'json' });
  });

  it('highlights known languages and leaves unknown ones as plain text', async () => {
    const chat = mountHarness();
    chat.receive(stateMessage([message('m1', 'assistant', '```ts\nconst a = 1;\n```\n\n```klingon\nqapla <b>\n```')]));
    const [ts, unknown] = Array.from(chat.doc.querySelectorAll('.code-block pre code'));
    // A reopened conversation shows its code at once and colours it after the first frame.
    assert.equal(ts.textContent, 'const a = 1;');
    for (let wait = 0; wait < 100 && !ts.querySelector('.hljs-keyword'); wait++) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.ok(ts.querySelector('.hljs-keyword'), ts.innerHTML);
    assert.equal(ts.textContent, 'const a = 1;');
    assert.equal(unknown.children.length, 0);
    assert.equal(unknown.textContent, 'qapla <b>');
  });

  it('posts the code to copy, insert at the cursor or apply to the file the fence names', () => {
    const chat = mountHarness();
    const code = 'export const answer = 42;\nconsole.log("<b>");';
    chat.receive(stateMessage([message('m1', 'assistant', `Intro\n\n\`\`\`ts src/answer.ts\n${code}\n\`\`\`\n\nOutro`)]));
    const block = chat.$('.code-block');
    chat.click(block.querySelector('[aria-label="Copy code"]')!);
    chat.click(block.querySelector('[aria-label="Insert code at cursor"]')!);
    chat.click(block.querySelector('[data-action="apply-code"]')!);
    assert.deepEqual(chat.sent('copyCode'), [{ type: 'copyCode', code }]);
    assert.deepEqual(chat.sent('insertCode'), [{ type: 'insertCode', code }]);
    assert.deepEqual(chat.sent('applyCode'), [{ type: 'applyCode', code, language: 'ts', path: 'src/answer.ts', messageId: 'm1' }]);
    assert.equal(block.querySelector('[data-action="apply-code"]')?.getAttribute('aria-label'), 'Apply code to src/answer.ts');
  });

  it('gives shell blocks Run in terminal and Insert into terminal instead of Insert at cursor and Apply', () => {
    const chat = mountHarness();
    chat.receive(stateMessage([message('m1', 'assistant', '```bash\nnpx tsc && npm test\n```')]));
    const block = chat.$('.code-block');
    assert.equal(block.querySelector('[data-action="apply-code"]'), null);
    assert.equal(block.querySelector('[data-action="insert-code"]'), null);
    chat.click(block.querySelector('[aria-label="Insert into terminal (not run)"]')!);
    assert.deepEqual(chat.sent('insertInTerminal'), [{ type: 'insertInTerminal', code: 'npx tsc && npm test' }]);
    chat.click(block.querySelector('[data-action="run-terminal"]')!);
    assert.deepEqual(chat.sent('runInTerminal'), [{ type: 'runInTerminal', code: 'npx tsc && npm test' }]);
  });

  it('gives the buttons of a streaming code block the code received so far', () => {
    const chat = mountHarness();
    chat.receive(stateMessage([]));
    chat.receive({ type: 'messageStart', message: message('m1', 'assistant', '', { status: 'streaming' }) });
    chat.receive({ type: 'textDelta', messageId: 'm1', delta: '```py\nprint(1)\n' });
    chat.receive({ type: 'textDelta', messageId: 'm1', delta: 'print(2)' });
    chat.click(chat.$('.code-block [aria-label="Copy code"]'));
    assert.deepEqual(chat.sent('copyCode'), [{ type: 'copyCode', code: 'print(1)\nprint(2)' }]);
  });
});
