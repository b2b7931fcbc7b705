// What people who live in other coding chats reach for: copy the whole answer, regenerate, edit a question
// and ask again, switch service and reasoning effort in the chat, accept/reject edits from the keyboard,
// reject with a reason the model reads, and redo after "Undo this turn".
import * as assert from 'node:assert/strict';
import { textTurn, toolCallTurn } from '../../support/fakeResponsesServer';
import { session, validApiKey } from './session';
import { ask, diffEditorShowing, lastAnswer, openNewChat, setApiKey, waitForAnswerStatus, waitForDisk, waitForLastAnswer } from './steps';

describe('chat conventions', () => {
  it('copies the whole answer, regenerates it, and edits a question to ask again', async function () {
    this.timeout(150_000);
    const { responses } = session();
    const workbench = await session().workbench();
    await setApiKey(workbench, validApiKey);
    const chat = await openNewChat(workbench);
    responses.enqueue(textTurn('Blue, like **the sky**.'));
    await ask(chat, 'Name a colour');
    await waitForAnswerStatus(chat, 'done', 60_000);

    await lastAnswer(chat).getByRole('button', { name: 'Copy answer' }).click();
    await chat.locator('#notice', { hasText: 'Copied the answer' }).waitFor({ timeout: 10_000 });

    responses.enqueue(textTurn('Green.'));
    await lastAnswer(chat).getByRole('button', { name: 'Regenerate' }).click();
    await chat.locator('article.message.assistant[data-status="done"]', { hasText: 'Green.' }).waitFor({ timeout: 60_000 });
    assert.equal(await chat.locator('article.message').count(), 2, 'the answer was replaced, not added');

    responses.enqueue(textTurn('Red.'));
    const question = chat.locator('article.message.user').first();
    await question.getByRole('button', { name: 'Edit and resend' }).click();
    const box = question.locator('.edit-question');
    await box.fill('Name a warm colour');
    await box.press('Enter');
    await chat.locator('article.message.assistant[data-status="done"]', { hasText: 'Red.' }).waitFor({ timeout: 60_000 });
    assert.deepEqual(await chat.locator('article.message .user-text').allTextContents(), ['Name a warm colour']);
    const sent = JSON.stringify(responses.requests.at(-1)?.body?.input ?? '');
    assert.ok(sent.includes('Name a warm colour'));
    assert.ok(!/Name a colour|Blue|Green/.test(sent), 'the old question and its answers are gone from the history');
  });

  it('switches the reasoning effort and the service from the chat, naming each service\'s endpoint', async function () {
    this.timeout(150_000);
    const { responses, runware } = session();
    const workbench = await session().workbench();
    const chat = await openNewChat(workbench);
    const service = chat.locator('#service-picker');
    const responsesEndpoint = new URL(responses.baseURL);
    assert.match((await service.getAttribute('title')) ?? '', new RegExp(`${responsesEndpoint.host}${responsesEndpoint.pathname}`));

    await chat.locator('#effort-picker').selectOption('high');
    // The host writes the user's setting and the view hears it back.
    await chat.locator('#effort-picker[data-current="high"]').waitFor({ state: 'attached', timeout: 15_000 });
    responses.enqueue(textTurn('Thought hard.'));
    await ask(chat, 'Think hard');
    await waitForLastAnswer(chat, 'done');
    assert.equal((responses.requests.at(-1)?.body?.reasoning as { effort?: string } | undefined)?.effort, 'high');
    await chat.locator('#effort-picker').selectOption('medium');
    await chat.locator('#effort-picker[data-current="medium"]').waitFor({ state: 'attached', timeout: 15_000 });

    // Runware has no key yet: the first-run screen says so, and names where Runware is called.
    await service.selectOption('runware');
    const welcome = chat.locator('#welcome');
    await welcome.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match((await welcome.textContent()) ?? '', new RegExp(`called at ${new URL(runware.url).host}`));
    await service.selectOption('responses');
    await welcome.waitFor({ state: 'hidden', timeout: 15_000 });
  });

  it('accepts and rejects pending edits from the keyboard, rejects with a reason the model reads, and redoes an undone turn', async function () {
    this.timeout(240_000);
    const { responses } = session();
    const { workbench, workspace } = await session().workbenchOnFreshCopy();
    const file = 'src/greet.ts';
    const before = workspace.read(file);
    const after = before.replace("'Hello, '", "'Hi, '");
    await setApiKey(workbench, validApiKey);
    await workbench.openFile(file);
    const chat = await openNewChat(workbench);
    const patch = `*** Begin Patch\n*** Update File: ${file}\n@@\n-  return 'Hello, ' + name + '!';\n+  return 'Hi, ' + name + '!';\n*** End Patch`;
    const editor = workbench.page.locator('.editor-instance .view-lines').first();

    responses.enqueue(toolCallTurn([{ name: 'apply_patch', arguments: JSON.stringify({ patch }), callId: 'call_keys_1' }]), textTurn('Shorter greeting.'));
    await ask(chat, 'Shorten the greeting');
    await chat.locator('.edit-card[data-status="pending"]').waitFor({ timeout: 60_000 });
    // The diff editor opens and takes the focus; only then is it safe to type anywhere.
    await diffEditorShowing(workbench, 'mini-coder-proposed').waitFor({ timeout: 15_000 });
    await editor.click();
    await workbench.page.keyboard.press('Control+Alt+m');
    await workbench.page.keyboard.press('a');
    await waitForDisk(workspace, file, after);
    const answer = await waitForLastAnswer(chat, 'done');

    await answer.getByRole('button', { name: 'Undo this turn' }).click();
    await waitForDisk(workspace, file, before);
    await answer.getByRole('button', { name: 'Redo this turn' }).click();
    await waitForDisk(workspace, file, after);
    await answer.getByRole('button', { name: 'Undo this turn' }).click();
    await waitForDisk(workspace, file, before);

    responses.enqueue(toolCallTurn([{ name: 'apply_patch', arguments: JSON.stringify({ patch }), callId: 'call_keys_2' }]), textTurn('Understood, keeping it.'));
    await ask(chat, 'Shorten the greeting again');
    const card = chat.locator('.edit-card[data-status="pending"]');
    await card.waitFor({ timeout: 60_000 });
    await diffEditorShowing(workbench, 'mini-coder-proposed').waitFor({ timeout: 15_000 });
    await card.getByRole('button', { name: 'Reject edit with a reason' }).click();
    await card.locator('.reject-reason-input').fill('keep Hello, it is the brand');
    await card.locator('.reject-reason-input').press('Enter');
    await waitForLastAnswer(chat, 'done');
    assert.ok(JSON.stringify(responses.requests.at(-1)?.body?.input ?? '').includes('keep Hello, it is the brand'), 'the model read the reason');
    assert.equal(workspace.read(file), before);

    responses.enqueue(toolCallTurn([{ name: 'apply_patch', arguments: JSON.stringify({ patch }), callId: 'call_keys_3' }]), textTurn('Left as it is.'));
    await ask(chat, 'One more time');
    await chat.locator('.edit-card[data-status="pending"]').waitFor({ timeout: 60_000 });
    await diffEditorShowing(workbench, 'mini-coder-proposed').waitFor({ timeout: 15_000 });
    await editor.click();
    await workbench.page.keyboard.press('Control+Alt+m');
    await workbench.page.keyboard.press('x');
    await chat.locator('article.message.assistant').last().locator('.edit-card[data-status="rejected"]').waitFor({ timeout: 15_000 });
    await waitForLastAnswer(chat, 'done');
    assert.equal(workspace.read(file), before);
  });
});
