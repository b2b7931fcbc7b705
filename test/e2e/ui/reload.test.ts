// After a window reload the chat opens on the conversation that was open, and "Undo this turn" still works:
// the turn's checkpoint is kept on disk, not in the window that was reloaded.
import * as assert from 'node:assert/strict';
import { textTurn, toolCallTurn } from '../../support/fakeResponsesServer';
import { session, validApiKey } from './session';
import { ask, lastAnswer, openNewChat, setApiKey, waitForAnswerStatus, waitForDisk } from './steps';

const file = 'src/greet.ts';

describe('reloading the window', () => {
  it('reopens the last conversation, and still undoes its turn from the checkpoint on disk, then offers Redo', async function () {
    this.timeout(180_000);
    const { responses } = session();
    const { workbench, workspace } = await session().workbenchOnFreshCopy();
    const before = workspace.read(file);
    await setApiKey(workbench, validApiKey);
    // Open in an editor: an edit to a file no editor holds is saved by VS Code's refactoring auto-save, which
    // races the host's own save on a busy machine ("could not be saved"), a separate matter from this flow.
    await workbench.openFile(file);
    const chat = await openNewChat(workbench);
    const patch = `*** Begin Patch\n*** Update File: ${file}\n@@\n-  return 'Hello, ' + name + '!';\n+  return \`Hello, \${name}!\`;\n*** End Patch`;
    responses.enqueue(toolCallTurn([{ name: 'apply_patch', arguments: JSON.stringify({ patch }), callId: 'call_reload_patch' }]), textTurn('greet() now uses a template literal.'));
    await ask(chat, 'Use a template literal in greet');
    const card = chat.locator('.edit-card[data-status="pending"]');
    await card.waitFor({ timeout: 60_000 });
    await card.getByRole('button', { name: 'Accept edit' }).click();
    await waitForAnswerStatus(chat, 'done', 60_000);
    await waitForDisk(workspace, file, before.replace("'Hello, ' + name + '!'", '`Hello, ${name}!`'));
    await lastAnswer(chat).getByRole('button', { name: 'Undo this turn' }).waitFor({ timeout: 10_000 });

    await workbench.reloadWindow();
    // Focus Chat, not the activity bar icon: after a reload the side bar may come back open, and a click would close it.
    await workbench.runCommand('Mini Coder: Focus Chat');
    const reloaded = await workbench.webviewFrame('app', 60_000);
    const answer = reloaded.locator('article.message.assistant', { hasText: 'greet() now uses a template literal.' });
    await answer.waitFor({ timeout: 30_000 });
    assert.equal(await reloaded.locator('article.message.user', { hasText: 'Use a template literal in greet' }).count(), 1, 'the question is back too');
    assert.equal(await answer.locator('.edit-card[data-status="accepted"]').count(), 1, 'the edit card says what happened');
    assert.equal(await reloaded.locator('#conversation-title').textContent(), 'Use a template literal in greet');
    await answer.getByRole('button', { name: 'Undo this turn' }).click();
    await waitForDisk(workspace, file, before, 20_000);
    await answer.getByRole('button', { name: 'Redo' }).waitFor({ timeout: 10_000 });
    assert.equal(await answer.getByRole('button', { name: 'Undo this turn' }).count(), 0, 'no second undo of the same turn');
  });
});
