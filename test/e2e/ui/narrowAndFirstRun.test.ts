// A narrow side bar and a first run: tables scroll instead of breaking words, the title keeps its words,
// New chat and History appear once; "Choose model service" picks the service (and asks for its key), no
// stale "no key" notice stays, the endpoint is named, and a rate limit counts its wait down.
import * as assert from 'node:assert/strict';
import { httpErrorTurn, textTurn } from '../../support/fakeResponsesServer';
import { session, validApiKey } from './session';
import { ask, openNewChat, setApiKey, waitForLastAnswer } from './steps';

const question = 'Compare the reasoning effort settings of the configuration';
const table = [
  'Here they are:',
  '',
  '| Setting | What it controls |',
  '| --- | --- |',
  '| `reasoningEffort` | extraordinarily comprehensive deliberation |',
  '| verbosity | answerlength characteristics |',
].join('\n');

describe('a narrow side bar and the first run', () => {
  it('lets tables scroll instead of breaking words, keeps the title\'s words, and shows New chat and History once', async function () {
    this.timeout(150_000);
    const { responses } = session();
    const workbench = await session().freshWorkbench();
    await setApiKey(workbench, validApiKey);
    const chat = await openNewChat(workbench);
    await workbench.resizeSidebar(260);
    responses.enqueue(textTurn(table));
    await ask(chat, question);
    const answer = await waitForLastAnswer(chat, 'done');

    const split = await answer.locator('table').evaluate((element) => {
      const broken: string[] = [];
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const match of (node.textContent ?? '').matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, match.index ?? 0);
          range.setEnd(node, (match.index ?? 0) + match[0].length);
          const lines = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)));
          if (lines.size > 1) broken.push(match[0]);
        }
      }
      return broken;
    });
    assert.deepEqual(split, [], 'no word of the table is broken across lines');
    assert.ok(await answer.locator('table').evaluate((t) => t.scrollWidth > t.clientWidth), 'the table scrolls sideways instead');

    const title = chat.locator('#conversation-title');
    assert.equal(await title.textContent(), question);
    const shape = await title.evaluate((el) => ({ height: el.clientHeight, line: parseFloat(getComputedStyle(el).lineHeight) || 18, width: el.clientWidth, page: document.body.clientWidth }));
    assert.ok(shape.height > shape.line * 1.5, `the title wraps to a second line rather than shrinking to one word (${JSON.stringify(shape)})`);
    assert.ok(shape.width > shape.page - 40, 'and has the width of the view');

    assert.equal(await chat.locator('[data-action="new-chat"], [data-action="history"], #new-chat, #show-history').count(), 0, 'the view does not repeat them');
    assert.equal(await workbench.page.locator('.part.sidebar .title-actions [aria-label^="New Chat"]').count(), 1, 'New Chat is in the view title');
    assert.equal(await workbench.page.locator('.part.sidebar .title-actions [aria-label^="Show History"]').count(), 1, 'History is in the view title');
    await workbench.resizeSidebar(420);
  });

  it('first run: Choose model service opens the picker and asks for the key, leaving no stale notice, and names the endpoint', async function () {
    this.timeout(150_000);
    const { responses } = session();
    const workbench = await session().workbench();
    await workbench.clearToasts();
    await workbench.runCommand('Mini Coder: Remove API Key');
    await workbench.waitForToast('was removed');
    await workbench.clearToasts();
    await workbench.openSidebar('Mini Coder');
    const chat = await workbench.webviewFrame('app');
    const welcome = chat.locator('#welcome');
    await welcome.waitFor({ state: 'visible', timeout: 15_000 });
    const endpoint = new URL(responses.baseURL);
    assert.match((await welcome.textContent()) ?? '', new RegExp(`called at ${endpoint.host}${endpoint.pathname}`));

    await chat.locator('#choose-service').click();
    const pick = workbench.page.locator('.quick-input-widget');
    await pick.locator('.monaco-list-row', { hasText: 'Runware' }).first().waitFor({ timeout: 10_000 });
    assert.equal(await workbench.page.locator('.tabs-container .tab[aria-label^="Settings"]').count(), 0, 'not the Settings editor');
    await pick.locator('.monaco-list-row', { hasText: 'Responses API' }).click();
    // No key for it: the key prompt comes at once, instead of a notification that would outlive the key.
    await workbench.answerInput(validApiKey);
    await workbench.waitForToast('API key for');
    await welcome.waitFor({ state: 'hidden', timeout: 15_000 });
    const toasts = await workbench.toasts();
    assert.ok(!toasts.some((text) => /no API key/i.test(text)), `no stale "no key" notice: ${JSON.stringify(toasts)}`);
  });

  it('shows a rate limit once, with the wait counted down on Retry', async function () {
    this.timeout(120_000);
    const { responses } = session();
    const workbench = await session().workbench();
    await setApiKey(workbench, validApiKey);
    const chat = await openNewChat(workbench);
    responses.enqueue(httpErrorTurn(429, 'rate_limit_exceeded', 'Rate limit reached for requests. Please try again in 90s.', { 'retry-after': '90' }));
    await ask(chat, 'Hello?');
    const answer = await waitForLastAnswer(chat, 'error');
    const message = (await answer.locator('.error-text').textContent()) ?? '';
    assert.match(message, /429/);
    assert.doesNotMatch(message, /again in/i, `the wait is not repeated in the text: ${message}`);
    const retry = answer.locator('.message-error button', { hasText: /^Retry in \d+ s$/ });
    await retry.waitFor({ timeout: 5_000 });
    assert.equal(await retry.isDisabled(), true);
    const first = Number(/(\d+)/.exec((await retry.textContent()) ?? '')?.[1]);
    await chat.waitForTimeout(2_100);
    const later = Number(/(\d+)/.exec((await retry.textContent()) ?? '')?.[1]);
    assert.ok(first >= 85 && later <= first - 2, `it counts down (${first} → ${later})`);
  });
});
