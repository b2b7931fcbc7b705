import * as assert from 'node:assert/strict';
import { ResponseBuilder } from '../../support/fakeResponsesServer';
import { session, validApiKey } from './session';
import { ask, lastAnswer, openNewChat, setApiKey, waitForAnswerStatus } from './steps';

const words = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
const fullText = `Counting slowly: ${words.join(', ')}, and that is all.`;

describe('stopping an answer', () => {
  it('halts a slow stream from the Stop button, keeping the partial text and leaving the composer ready', async () => {
    const { responses } = session();
    const workbench = await session().workbench();
    await setApiKey(workbench, validApiKey);
    const chat = await openNewChat(workbench);

    // A few characters every 150 ms, then the connection stays open with nothing more: only Stop ends it.
    const events = new ResponseBuilder().message(fullText, { chunkSize: 3 }).events();
    responses.enqueue({ kind: 'stream', events, end: 'stall', delayMs: 150 });
    await ask(chat, 'Count to twelve, slowly.');

    const body = lastAnswer(chat).locator('.message-body');
    await body.filter({ hasText: 'two' }).waitFor({ timeout: 30_000 });
    const stop = chat.locator('#stop');
    assert.equal(await stop.isVisible(), true, 'the Stop button shows while the answer streams');
    await stop.click();

    const answer = await waitForAnswerStatus(chat, 'stopped', 10_000);
    await answer.locator('.message-note', { hasText: 'Stopped.' }).waitFor();
    const kept = ((await answer.locator('.message-body').textContent()) ?? '').trim();
    assert.ok(kept.length > 0 && fullText.startsWith(kept), `the partial text is kept as it streamed: "${kept}"`);

    // Busy is over: Stop hides, Send works again, and nothing more arrives.
    await stop.waitFor({ state: 'hidden', timeout: 5_000 });
    assert.equal(await chat.locator('#send').isEnabled(), true);
    assert.equal(await chat.locator('#transcript').getAttribute('aria-busy'), 'false');
    await chat.waitForTimeout(800);
    assert.equal(((await answer.locator('.message-body').textContent()) ?? '').trim(), kept);
    assert.equal(responses.requests.at(-1)?.clientClosedEarly, true, 'the request to the service was aborted');
  });
});
