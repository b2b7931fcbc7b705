import assert from 'node:assert/strict';
import fc from 'fast-check';
import { flushHighlights, highlightingLater } from '../../../src/webview/render/laterHighlight';
import { MarkdownView } from '../../../src/webview/render/streaming';
import { createWebviewWindow } from '../../support/webviewDom';
import { message, mountHarness, stateMessage } from './chatHarness';
import { markdownDocument } from './markdownSamples';

describe('highlighting code after the first frame', function () {
  this.timeout(60_000);
  const doc = createWebviewWindow().document;

  function rendered(text: string, later: boolean): HTMLElement {
    const view = new MarkdownView(doc);
    if (later) highlightingLater(doc, () => view.set(text));
    else view.set(text);
    return view.element;
  }

  it('shows the code as plain text of the same characters, then gives the DOM that highlighting at once gives', async () => {
    const text = 'Intro\n\n```ts\nconst a = "<b>";\n```\n\n- item\n\n  ```python\n  def f(): pass\n  ```\n\n```klingon\nqapla\n```\n';
    const now = rendered(text, false);
    const later = rendered(text, true);
    assert.equal(later.querySelector('[class^="hljs-"]'), null, 'no colours before the first frame');
    assert.equal(later.textContent, now.textContent);
    flushHighlights(doc);
    assert.equal(later.innerHTML, now.innerHTML);
  });

  it('gives the same final DOM as highlighting at once for random answers', async () => {
    await fc.assert(
      fc.asyncProperty(markdownDocument, async (text) => {
        const later = rendered(text, true);
        flushHighlights(doc);
        assert.equal(later.innerHTML, rendered(text, false).innerHTML);
        await new Promise((resolve) => setImmediate(resolve));
      }),
      { numRuns: 60 },
    );
  });

  it('colours the newest messages of a reopened conversation by itself, after their first frame', async () => {
    const chat = mountHarness();
    const code = (i: number) => `Answer ${i}\n\n\`\`\`ts\nconst value${i} = ${i};\n\`\`\`\n`;
    chat.receive(stateMessage(Array.from({ length: 6 }, (_, i) => message(`m${i}`, 'assistant', code(i)))));
    const blocks = () => Array.from(chat.doc.querySelectorAll('#transcript pre code'));
    assert.ok(blocks().length > 0);
    assert.ok(blocks().every((block) => !block.querySelector('.hljs-keyword')), 'plain in the first frame');
    for (let wait = 0; wait < 200 && !blocks().every((block) => block.querySelector('.hljs-keyword')); wait++) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(blocks().length, 6, 'every message rendered');
    for (const [i, block] of blocks().entries()) {
      assert.ok(block.querySelector('.hljs-keyword'), block.innerHTML);
      assert.equal(block.textContent, `const value${i} = ${i};`);
    }
  });
});
