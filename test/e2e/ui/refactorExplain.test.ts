import * as assert from 'node:assert/strict';
import { textTurn } from '../../support/fakeResponsesServer';
import { session, validApiKey } from './session';
import { diffEditorShowing, selectLines, setApiKey, waitForAnswerStatus, waitForDisk } from './steps';

const file = 'src/math.ts';
const selectedLines = ['  let total = 0;', '  for (const value of values) total += value;'];
const rewrite = '  const total = values.reduce((sum, value) => sum + value, 0);';
const instruction = 'sum the values with reduce';

describe('the inline actions on a selection', () => {
  it('refactors the selected lines through the diff preview, changing nothing outside them, then explains them in the chat', async () => {
    const { responses } = session();
    const { workbench, workspace } = await session().workbenchOnFreshCopy();
    const before = workspace.read(file);
    const selection = selectedLines.map((line) => `${line}\n`).join('');
    const start = before.indexOf(selection);
    assert.ok(start > 0, 'the sample file holds the lines to select');
    const after = before.slice(0, start) + `${rewrite}\n` + before.slice(start + selection.length);
    await setApiKey(workbench, validApiKey);
    await workbench.openFile(file);
    await selectLines(workbench, 2, 3);

    responses.enqueue(textTurn('```ts\n' + rewrite + '\n```', { chunkSize: 8 }));
    const requestsBefore = responses.requests.length;
    await workbench.runCommand('Mini Coder: Refactor Selection…');
    await workbench.answerInput(instruction);

    const preview = diffEditorShowing(workbench, 'mini-coder-proposal');
    await preview.locator('.view-lines', { hasText: 'values.reduce(' }).waitFor({ timeout: 30_000 });
    const sent = JSON.stringify(responses.requests[requestsBefore]?.body ?? {});
    assert.ok(sent.includes(instruction) && sent.includes('total += value'), 'the instruction and the selected code went to the model');
    // The palette offers Accept only once the proposal is complete.
    await workbench.runCommand('Mini Coder: Accept Proposed Change');
    await preview.waitFor({ state: 'detached', timeout: 10_000 });
    assert.equal(workspace.read(file), before, 'accepting edits the document; the file is written when saved');
    await workbench.runCommand('File: Save');
    await waitForDisk(workspace, file, after);

    // The accepted code stays selected: explain it.
    const explanation = 'It adds every value to an accumulator with reduce, starting from 0, and keeps the sum in total.';
    responses.enqueue(textTurn(explanation, { chunkSize: 6 }));
    await workbench.runCommand('Mini Coder: Explain Selection');
    const chat = await workbench.webviewFrame('app');
    const answer = await waitForAnswerStatus(chat, 'done', 60_000);
    assert.equal(((await answer.locator('.message-body').textContent()) ?? '').trim(), explanation);
    // The chat shows what was asked, with the selection as a chip; the request's machinery stays out of sight.
    const question = chat.locator('article.message.user').last();
    assert.match(((await question.locator('.user-text').textContent()) ?? '').trim(), /^Explain (`\w+` in )?src\/math\.ts:2(-\d+)?$/);
    assert.match((await question.locator('.attachment summary').textContent()) ?? '', /src\/math\.ts:2/);
    assert.doesNotMatch((await chat.locator('#transcript').textContent()) ?? '', /SELECTION_START|step by step|Explain the selected code/);
    assert.equal(await chat.locator('article.message').count(), 2, 'the explanation has a conversation of its own');
    const asked = JSON.stringify(responses.requests.at(-1)?.body?.input ?? '');
    assert.ok(asked.includes('values.reduce(') && asked.includes('Explain the selected code'), 'the model got the full request with the selection');
  });
});
