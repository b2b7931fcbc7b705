import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { textTurn, toolCallTurn } from '../../support/fakeResponsesServer';
import { session, validApiKey } from './session';
import { ask, lastAnswer, openNewChat, setApiKey, waitForAnswerStatus, waitForDisk } from './steps';

// A project whose test fails until the model fixes the code; the test also writes a report, as test
// runners, formatters and generators write files the model never edits itself.
const SUM = 'exports.sum = (values) => values.reduce((total, value) => total + value, 1);\n';
const FIXED = 'exports.sum = (values) => values.reduce((total, value) => total + value, 0);\n';
const TEST = [
  "const assert = require('node:assert');",
  "const { sum } = require('./sum');",
  "require('node:fs').writeFileSync('report.txt', `sum([1, 2, 3]) = ${sum([1, 2, 3])}\\n`);",
  'assert.strictEqual(sum([1, 2, 3]), 6);',
  "console.log('sum: 1 passing');",
  '',
].join('\n');
const patch = ['*** Begin Patch', '*** Update File: sum.js', '-' + SUM.trimEnd(), '+' + FIXED.trimEnd(), '*** End Patch'].join('\n');

describe('making the tests pass: run, read the failure, patch, run again, and undo after a reload', () => {
  it('runs the failing test with approval, patches the code, runs it green, and "Undo this turn" after a reload restores every file', async function () {
    this.timeout(180_000);
    const { responses } = session();
    const { workbench, workspace } = await session().workbenchOnFreshCopy();
    workspace.write('sum.js', SUM);
    workspace.write('sum.test.js', TEST);
    await setApiKey(workbench, validApiKey);
    const chat = await openNewChat(workbench);

    responses.enqueue(
      toolCallTurn([{ name: 'run_command', arguments: JSON.stringify({ command: 'node sum.test.js' }), callId: 'call_run_red' }]),
      toolCallTurn([{ name: 'apply_patch', arguments: JSON.stringify({ patch }), callId: 'call_fix' }]),
      toolCallTurn([{ name: 'run_command', arguments: JSON.stringify({ command: 'node sum.test.js' }), callId: 'call_run_green' }]),
      textTurn('sum() started from 1 instead of 0; the test passes now.'),
    );
    const requestsBefore = responses.requests.length;
    await ask(chat, 'Make the tests pass.');

    // Nothing runs before the user says so: the chat asks, offering to allow the command's prefix for good.
    const question = chat.locator('.approval-card[data-status="pending"]');
    await question.waitFor({ timeout: 30_000 });
    assert.match((await question.textContent()) ?? '', /Run node sum\.test\.js/);
    assert.equal(fs.existsSync(workspace.file('report.txt')), false, 'the command has not run yet');
    await question.getByRole('button', { name: /^Always allow this command prefix/ }).click();

    // The failing run: its card shows the command, the failure and exit code 1; the model got the output.
    const red = chat.locator('.command-card[data-call-id="call_run_red"]');
    await red.locator('.command-exit', { hasText: 'exit 1' }).waitFor({ timeout: 60_000 });
    assert.match((await red.locator('.command-output').textContent()) ?? '', /AssertionError/);
    const afterRed = JSON.stringify(responses.requests[requestsBefore + 1]?.body?.input ?? '');
    assert.match(afterRed, /Exit code 1 after/);
    assert.match(afterRed, /7 !== 6|AssertionError/);
    // The command ran where the user can watch it: a terminal of Mini Coder's, through shell integration.
    await workbench.page.locator('.part.panel').getByText('Mini Coder: node sum.test.js').first().waitFor({ timeout: 10_000 });

    // The patch is reviewed and accepted like any edit.
    const card = chat.locator('.edit-card[data-status="pending"]');
    await card.waitFor({ timeout: 30_000 });
    await card.getByRole('button', { name: 'Accept edit' }).click();
    await waitForDisk(workspace, 'sum.js', FIXED);

    // The second run needs no question: the prefix is allowed now (and saved in the user's settings only).
    const green = chat.locator('.command-card[data-call-id="call_run_green"]');
    await green.locator('.command-exit', { hasText: 'exit 0' }).waitFor({ timeout: 60_000 });
    assert.match((await green.locator('.command-output').textContent()) ?? '', /sum: 1 passing/);
    assert.equal(await chat.locator('.approval-card').count(), 1, 'asked once');
    const userSettings = JSON.parse(fs.readFileSync(path.join(session().server.userDataDir, 'User', 'settings.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(userSettings['miniCoder.commands.allow'], ['node sum.test.js']);
    assert.equal(fs.existsSync(workspace.file('.vscode/settings.json')), false, 'nothing went into the workspace settings');
    const answer = await waitForAnswerStatus(chat, 'done', 60_000);
    assert.match((await answer.locator('.message-body').textContent()) ?? '', /passes now/);
    assert.equal(workspace.read('report.txt'), 'sum([1, 2, 3]) = 6\n');

    // A window reload ends everything held in memory; the checkpoint is on disk.
    await workbench.page.reload();
    await workbench.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await workbench.page.locator('.part.statusbar').waitFor({ timeout: 60_000 });
    await workbench.runCommand('Mini Coder: Focus Chat');
    // The chat reopens on the conversation that was open.
    const reloaded = await workbench.webviewFrame('app', 60_000);
    const restoredAnswer = lastAnswer(reloaded);
    await restoredAnswer.locator('.command-card[data-call-id="call_run_green"]').waitFor({ timeout: 20_000 });
    await restoredAnswer.getByRole('button', { name: 'Undo this turn' }).click();

    // Every file of the turn is back: the patched source, and the report the test command wrote is gone.
    await waitForDisk(workspace, 'sum.js', SUM, 20_000);
    const deadline = Date.now() + 10_000;
    while (fs.existsSync(workspace.file('report.txt')) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(fs.existsSync(workspace.file('report.txt')), false, 'the file the command wrote was removed');
    assert.equal(workspace.read('sum.test.js'), TEST);
    await restoredAnswer.getByRole('button', { name: 'Undo this turn' }).waitFor({ state: 'detached', timeout: 10_000 });
  });
});
