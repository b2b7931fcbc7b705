import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MarkdownView } from '../../../src/webview/render/streaming';
import { createWebviewWindow } from '../../support/webviewDom';
import { markdownDocument, markdownNoise, shortMarkdownDocument, splitAt } from './markdownSamples';

describe('streaming markdown', function () {
  this.timeout(120_000); // happy-dom parses HTML slowly; the property tests render thousands of documents
  const doc = createWebviewWindow().document;

  function renderedAtOnce(text: string): string {
    const view = new MarkdownView(doc);
    view.set(text);
    return view.element.innerHTML;
  }

  function renderedStreaming(parts: string[]): MarkdownView {
    const view = new MarkdownView(doc);
    for (const part of parts) view.append(part);
    view.finish();
    return view;
  }

  const fractions = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 40 });
  const anySplit = (texts: fc.Arbitrary<string>) => fc.tuple(texts, fractions).map(([text, cuts]) => ({ text, parts: splitAt(text, cuts) }));
  const byCharacter = (texts: fc.Arbitrary<string>) => texts.map((text) => ({ text, parts: [...text] }));

  /** Streaming the parts and rendering the joined text at once give the same DOM. */
  async function assertSameDom(streams: fc.Arbitrary<{ text: string; parts: string[] }>, numRuns: number): Promise<void> {
    await fc.assert(
      fc.asyncProperty(streams, async ({ text, parts }) => {
        assert.equal(renderedStreaming(parts).element.innerHTML, renderedAtOnce(text));
        // happy-dom releases the documents the sanitizer parses only from queued tasks, so let them run.
        await new Promise((resolve) => setImmediate(resolve));
      }),
      { numRuns },
    );
  }

  it('produces the same DOM from any split of a realistic answer as from the final text at once', async () => {
    await assertSameDom(anySplit(markdownDocument), 150);
  });

  it('produces the same DOM from any split of markdown punctuation noise as from the final text at once', async () => {
    await assertSameDom(anySplit(markdownNoise), 500);
  });

  it('produces the same DOM when a document is split in two at any point', async () => {
    await fc.assert(
      fc.asyncProperty(shortMarkdownDocument, async (text) => {
        const once = renderedAtOnce(text);
        for (let at = 1; at < text.length; at++) {
          assert.equal(renderedStreaming([text.slice(0, at), text.slice(at)]).element.innerHTML, once, `split at ${at}`);
          if (at % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
        }
      }),
      { numRuns: 3 },
    );
  });

  it('produces the same DOM when the text arrives one character at a time', async () => {
    await assertSameDom(byCharacter(markdownDocument), 25);
  });

  it('joins a CRLF split across two deltas into one line break', () => {
    assert.equal(renderedStreaming(['a\r', '\nb\r', '\n\r', '\nc']).element.innerHTML, renderedAtOnce('a\nb\n\nc'));
  });

  it('keeps the DOM of finished blocks while later blocks stream', () => {
    const view = new MarkdownView(doc);
    view.append('# Title\n\nFirst paragraph.\n\n');
    view.append('Second paragraph starts\n');
    const heading = view.element.querySelector('h1');
    assert.ok(heading, 'the heading is rendered');
    for (const piece of [' and goes on', ' and on.\n\n', '- a list\n', '- more\n\n', 'End.\n']) view.append(piece);
    view.finish();
    assert.equal(view.element.querySelector('h1'), heading, 'the same heading element, never re-rendered');
  });

  it('shows text that has not been rendered yet inside the last block, not after it', () => {
    const view = new MarkdownView(doc);
    view.append('Some **words** that are long enough to be rendered at once, because a first render pass over an open block runs after about a hundred and sixty characters of it have arrived.');
    view.append(' more');
    const paragraph = view.element.querySelector('p');
    assert.equal(paragraph?.querySelector('strong')?.textContent, 'words');
    assert.ok(paragraph?.textContent?.endsWith('arrived. more'), paragraph?.textContent ?? 'no paragraph');
  });

  it('highlights a streaming code block once, when its closing fence arrives', () => {
    const view = new MarkdownView(doc);
    view.append('```ts\n');
    for (let i = 0; i < 20; i++) view.append(`const value${i} = compute(${i});\n`);
    const code = () => view.element.querySelector('.code-block pre code');
    assert.equal(code()?.querySelector('.hljs-keyword'), null, 'no colours while the block is open');
    assert.match(code()?.textContent ?? '', /const value19 = compute\(19\);/);
    view.append('```\n');
    assert.ok(code()?.querySelector('.hljs-keyword'), 'coloured once closed');
  });

  it('renders an unclosed code fence as code while it streams', () => {
    const view = new MarkdownView(doc);
    view.append('```ts\nconst a = 1;\n');
    view.append('const b = 2;');
    const code = view.element.querySelector('.code-block pre code');
    assert.ok(code?.textContent?.includes('const a = 1;'));
    assert.ok(code?.textContent?.includes('const b = 2;'));
  });
});
