import * as assert from 'node:assert/strict';
import { textTurn, toolCallTurn } from '../../support/fakeResponsesServer';
import { session, validApiKey } from './session';
import { ask, diffEditorShowing, lastAnswer, openNewChat, setApiKey, waitForAnswerStatus, waitForDisk } from './steps';

const file = 'src/math.ts';
const patch = [
  '*** Begin Patch',
  `*** Update File: ${file}`,
  '@@ export function average(values: number[]): number {',
  '-  let total = 0;',
  '+  if (values.length === 0) return 0;',
  '+  let total = 0;',
  '   for (const value of values) total += value;',
  '   return total / values.length;',
  '*** End Patch',
].join('\n');

describe('reviewing a patch the model proposes', () => {
  it('reads the file, shows the patch in the diff editor, applies it on accept and restores the file on undo', async () => {
    const { responses } = session();
    const { workbench, workspace } = await session().workbenchOnFreshCopy();
    const before = workspace.read(file);
    const after = before.replace('  let total = 0;\n', '  if (values.length === 0) return 0;\n  let total = 0;\n');
    assert.notEqual(after, before, 'the sample file has the line the patch changes');
    await setApiKey(workbench, validApiKey);
    const chat = await openNewChat(workbench);

    responses.enqueue(
      toolCallTurn([{ name: 'read_file', arguments: JSON.stringify({ path: file }), callId: 'call_read_math' }]),
      toolCallTurn([{ name: 'apply_patch', arguments: JSON.stringify({ patch }), callId: 'call_patch_math' }]),
      textTurn('average() now returns 0 for an empty list instead of NaN.'),
    );
    const requestsBefore = responses.requests.length;
    await ask(chat, 'Make average() safe for an empty list.');

    await chat.locator('.tool-card[data-call-id="call_read_math"][data-status="done"]').waitFor({ timeout: 30_000 });
    const card = chat.locator('.edit-card[data-status="pending"]');
    await card.waitFor({ timeout: 30_000 });
    // What read_file returned went back to the model: the file's real text, from the workspace.
    const followUp = JSON.stringify(responses.requests[requestsBefore + 1]?.body?.input ?? '');
    assert.ok(followUp.includes('call_read_math') && followUp.includes('return total / values.length;'), 'the file text was sent back as the tool output');

    const diff = diffEditorShowing(workbench, 'mini-coder-proposed');
    await diff.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match((await diff.getAttribute('data-uri')) ?? '', /math\.ts/);
    await workbench.page.locator('.tabs-container .tab.active[aria-label*="Mini Coder proposal"]').waitFor();
    await diff.locator('.view-lines', { hasText: 'if (values.length === 0) return 0;' }).waitFor();
    assert.equal(workspace.read(file), before, 'nothing is written before the edit is accepted');

    await card.getByRole('button', { name: 'Accept edit' }).click();
    await waitForDisk(workspace, file, after);
    await chat.locator('.edit-card[data-status="accepted"]').waitFor({ timeout: 10_000 });
    const answer = await waitForAnswerStatus(chat, 'done');
    assert.match((await answer.locator('.message-body').textContent()) ?? '', /returns 0 for an empty list/);
    await diff.waitFor({ state: 'detached', timeout: 10_000 });

    await lastAnswer(chat).getByRole('button', { name: 'Undo this turn' }).click();
    await waitForDisk(workspace, file, before);
    await chat.locator('.edit-card[data-status="undone"]').waitFor({ timeout: 10_000 });
  });
});
