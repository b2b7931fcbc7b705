// One truthful view of the context: before sending, the chips say what will go (and what will not, and why);
// once sent they clear and the question shows what went; a new chat starts from a fresh preview.
import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { ResponseBuilder } from '../../support/fakeResponsesServer';
import { session, validApiKey } from './session';
import { lastAnswer, openNewChat, setApiKey, waitForAnswerStatus } from './steps';

const secret = 'API_TOKEN=e2e-not-a-real-token-123';

async function chipLabels(chat: Frame): Promise<string[]> {
  return chat.locator('#context-chips .chip').evaluateAll((chips) => chips.map((c) => c.getAttribute('aria-label') ?? ''));
}

describe('the context shown in the chat', () => {
  it('previews what will go, says why a secret will not, clears once sent, and shows what went under the question', async function () {
    this.timeout(180_000);
    const { responses } = session();
    const { workbench, workspace } = await session().workbenchOnFreshCopy();
    workspace.write('.env', `${secret}\n`);
    await setApiKey(workbench, validApiKey);
    await workbench.openFile('src/math.ts');
    const chat = await openNewChat(workbench);
    await chat.locator('#context-chips .chip', { hasText: 'src/math.ts' }).waitFor({ timeout: 30_000 });
    const fresh = await chipLabels(chat);

    // The editor changes: the preview follows it.
    await workbench.openFile('.env');
    const env = chat.locator('#context-chips .chip.not-sent', { hasText: '.env' });
    await env.waitFor({ timeout: 20_000 });
    assert.equal(await env.locator('.chip-tokens').textContent(), 'not sent', 'a withheld file says so, not "0"');
    assert.match((await env.getAttribute('aria-label')) ?? '', /\.env, not sent: .+/, 'with the reason');

    const events = new ResponseBuilder().message('The file is withheld, so I cannot see it.', { chunkSize: 4 }).completed({ input: 50, output: 12 });
    responses.enqueue({ ...events, delayMs: 40 } as typeof events);
    const requestsBefore = responses.requests.length;
    await chat.locator('#prompt').fill('What is in .env?');
    await chat.locator('#prompt').press('Enter');
    await lastAnswer(chat).waitFor({ timeout: 30_000 });
    assert.equal(await chat.locator('#context-chips').isHidden(), true, 'the preview went with the message: the chips clear');
    await waitForAnswerStatus(chat, 'done', 60_000);
    assert.ok(!JSON.stringify(responses.requests[requestsBefore]?.body ?? {}).includes('e2e-not-a-real-token'), 'the secret was not sent');

    const report = chat.locator('article.message.user').last().locator('.context-report');
    assert.match((await report.locator('summary').textContent()) ?? '', /Sent with this message · \d+ items? · [\d.k]+ tokens · 1 not sent/);
    await report.locator('summary').click();
    assert.match((await report.locator('.context-item.not-sent', { hasText: '.env' }).textContent()) ?? '', /not sent: /);

    // Back to the editors of the start; a new chat then previews exactly what it did at the start.
    await workbench.runCommand('View: Close Editor');
    await workbench.openFile('src/math.ts');
    await workbench.runCommand('Mini Coder: New Chat');
    await chat.waitForFunction(() => document.querySelectorAll('article.message').length === 0, undefined, { timeout: 10_000 });
    await chat.waitForFunction((expected) => {
      const labels = Array.from(document.querySelectorAll('#context-chips .chip')).map((c) => c.getAttribute('aria-label') ?? '');
      return JSON.stringify(labels) === expected;
    }, JSON.stringify(fresh), { timeout: 20_000 });
    assert.deepEqual(await chipLabels(chat), fresh);
  });
});
