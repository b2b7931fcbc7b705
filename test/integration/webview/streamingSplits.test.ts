// Streamed and reopened answers must look the same: in Debian's Chromium, every document below is streamed
// in two deltas cut at every point (and one character at a time), and each final DOM is compared with
// rendering the whole text at once. The documents are the CommonMark spec's 652 examples (an outside suite,
// from the commonmark-spec package) and random answers mixing GFM tables, lists, fences, links, autolinks,
// emphasis and raw inline HTML. A browser renders in a fraction of happy-dom's time, which makes every
// split point affordable. Skips without Chromium.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import fc from 'fast-check';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../e2e/support/browser';
import { markdownNoise, shortMarkdownDocument } from '../../unit/webview/markdownSamples';
import type { SplitMismatch } from './splitPage';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// The spec writes tabs as arrows so that they can be seen.
const specExamples = (require('commonmark-spec') as { tests: Array<{ markdown: string; number: number; section: string }> }).tests.map((t) => ({ ...t, markdown: t.markdown.replace(/→/g, '\t') }));

declare function mismatches(text: string): SplitMismatch[];

describe('streamed markdown in Chromium, split at every point', function () {
  this.timeout(300_000);
  let browser: Browser | undefined;
  let page: Page;

  before(async function () {
    if (!existsSync(chromiumPath)) return this.skip();
    const bundle = await esbuild.build({ entryPoints: [path.join(__dirname, 'splitPage.ts')], bundle: true, write: false, platform: 'browser', format: 'iife', target: 'es2022', logLevel: 'silent' });
    browser = await launchChromium();
    page = await browser.newPage();
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ content: bundle.outputFiles[0].text });
  });

  after(() => browser?.close());

  const check = (text: string) => page.evaluate((t) => mismatches(t), text);

  it('renders every CommonMark spec example the same, streamed or at once', async () => {
    const failed: string[] = [];
    for (const example of specExamples) {
      const found = await check(example.markdown);
      if (found.length) failed.push(`example ${example.number} (${example.section}) split at ${found[0].at}:\n  ${JSON.stringify(example.markdown)}\n  streamed ${found[0].streamed}\n  at once  ${found[0].once}`);
    }
    assert.deepEqual(failed, []);
  });

  it('renders list items whose nested items hold raw inline HTML the same, streamed or at once', async () => {
    // The shape of a property failure seen once (and not reproduced since): nested items, emphasis, raw tags.
    const texts = [
      '- **alpha**\n  - <b>raw</b>',
      '- **alpha**\r\n  - <b>raw</b>\r\n\r\n',
      '- **alpha** x\n  - <b>raw</b> <b>raw</b>\n- beta\n  - <code>raw\n',
      '1. **alpha**\n   - <a href="https://example.com/raw"> www.example.com\n2. *beta*\n   - </a> <kbd>\n\nafter',
    ];
    for (const text of texts) assert.deepEqual(await check(text), [], JSON.stringify(text));
  });

  it('renders random answers with raw inline HTML, tables, lists and fences the same, streamed or at once', async () => {
    await fc.assert(
      fc.asyncProperty(shortMarkdownDocument, async (text) => assert.deepEqual(await check(text), [])),
      { numRuns: 40 },
    );
  });

  it('renders random markdown punctuation the same, streamed or at once', async () => {
    await fc.assert(
      fc.asyncProperty(markdownNoise, async (text) => assert.deepEqual(await check(text), [])),
      { numRuns: 200 },
    );
  });
});
