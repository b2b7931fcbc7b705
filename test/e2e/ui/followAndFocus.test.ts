// The chat keeps the newest text in sight as people expect: sending follows the answer (also after the view
// was hidden and shown), scrolling up pauses that and shows "Jump to latest"; Focus Chat puts the keyboard
// in the prompt; Escape stops an answer.
import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { ResponseBuilder, textTurn } from '../../support/fakeResponsesServer';
import { session, validApiKey } from './session';
import { ask, lastAnswer, openNewChat, setApiKey, waitForAnswerStatus } from './steps';

const longAnswer = (label: string, lines: number) => Array.from({ length: lines }, (_, i) => `${label} line ${i + 1} of the answer.`).join('\n\n');

/** Pixels between the bottom of the transcript's content and the bottom of what it shows. */
function belowView(chat: Frame): Promise<number> {
  return chat.locator('#transcript').evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
}

describe('following the answer, focus and Escape', () => {
  it('follows a new answer after the view was hidden and shown, pauses when scrolled up, and jumps back to the latest', async function () {
    this.timeout(180_000);
    const { responses } = session();
    const workbench = await session().freshWorkbench();
    await setApiKey(workbench, validApiKey);
    let chat = await openNewChat(workbench);
    responses.enqueue(textTurn(longAnswer('First', 40), { chunkSize: 400 }));
    await ask(chat, 'Write a long answer');
    await waitForAnswerStatus(chat, 'done', 60_000);

    // Hidden (another view in the side bar) and shown again: the webview is built anew from the host's state.
    await workbench.openSidebar('Explorer');
    await workbench.openSidebar('Mini Coder');
    chat = await workbench.webviewFrame('app');
    await chat.locator('article.message.assistant', { hasText: 'First line 40' }).waitFor({ timeout: 20_000 });

    const events = new ResponseBuilder().message(longAnswer('Second', 80), { chunkSize: 60 }).completed({ input: 10, output: 10 });
    responses.enqueue({ ...events, delayMs: 60 } as typeof events);
    await ask(chat, 'And another one');
    await lastAnswer(chat).filter({ hasText: 'Second line 12 ' }).waitFor({ timeout: 30_000 });
    await chat.waitForTimeout(300);
    assert.ok((await belowView(chat)) <= 60, `the new answer is followed as it streams (${await belowView(chat)} px below)`);

    // The user scrolls up to read: following pauses and the way back shows.
    const box = await chat.locator('#transcript').boundingBox();
    assert.ok(box);
    await workbench.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await workbench.page.mouse.wheel(0, -1500);
    const jump = chat.locator('#jump-to-latest');
    await jump.waitFor({ state: 'visible', timeout: 5_000 });
    const top = await chat.locator('#transcript').evaluate((el) => el.scrollTop);
    await chat.waitForTimeout(800);
    assert.equal(await chat.locator('#transcript').evaluate((el) => el.scrollTop), top, 'new text does not pull the reader down');
    assert.equal(await lastAnswer(chat).getAttribute('data-status'), 'streaming', 'the answer was still streaming meanwhile');

    await jump.click();
    await jump.waitFor({ state: 'hidden', timeout: 5_000 });
    await waitForAnswerStatus(chat, 'done', 60_000);
    await chat.waitForTimeout(300);
    assert.ok((await belowView(chat)) <= 60, 'back at the end once it finished');
  });

  it('puts the keyboard focus in the prompt on Focus Chat, from the palette and from its keys', async function () {
    this.timeout(120_000);
    const workbench = await session().workbench();
    await workbench.openFile('src/math.ts');
    await workbench.page.locator('.editor-instance .view-lines').first().click();
    await workbench.runCommand('Mini Coder: Focus Chat');
    const chat = await workbench.webviewFrame('app');
    await chat.locator('#prompt:focus').waitFor({ timeout: 10_000 });
    await workbench.page.keyboard.type('hello');
    assert.equal(await chat.locator('#prompt').inputValue(), 'hello', 'the first keystrokes are not lost');
    await chat.locator('#prompt').fill('');

    await workbench.page.locator('.editor-instance .view-lines').first().click();
    await workbench.page.keyboard.press('Control+Alt+m');
    await workbench.page.keyboard.press('c');
    await chat.locator('#prompt:focus').waitFor({ timeout: 10_000 });
    await workbench.page.keyboard.type('again');
    assert.equal(await chat.locator('#prompt').inputValue(), 'again');
    await chat.locator('#prompt').fill('');
  });

  it('stops the answer with Escape', async function () {
    this.timeout(120_000);
    const { responses } = session();
    const workbench = await session().workbench();
    await setApiKey(workbench, validApiKey);
    const chat = await openNewChat(workbench);
    const events = new ResponseBuilder().message('Counting: one, two, three, four, five, six.', { chunkSize: 4 }).events();
    responses.enqueue({ kind: 'stream', events, end: 'stall', delayMs: 150 });
    await ask(chat, 'Count slowly');
    await lastAnswer(chat).filter({ hasText: 'one' }).waitFor({ timeout: 30_000 });
    await chat.locator('#prompt').press('Escape');
    await waitForAnswerStatus(chat, 'stopped', 10_000);
  });
});
