import * as assert from 'node:assert/strict';
import { session } from './session';
import { ask, openNewChat, setApiKey } from './steps';

describe('a wrong API key', () => {
  it('shows the key error in the chat view', async () => {
    const { responses } = session();
    const workbench = await session().workbench();
    await setApiKey(workbench, 'e2e-wrong-key');
    const chat = await openNewChat(workbench);
    const requestsBefore = responses.requests.length;

    await ask(chat, 'Does this key work?');

    const error = chat.locator('article.message.assistant .message-error[data-kind="auth"]');
    await error.waitFor({ timeout: 30_000 });
    assert.match((await error.textContent()) ?? '', /key/i);
    assert.equal(responses.requests.at(-1)?.headers.authorization, 'Bearer e2e-wrong-key');
    assert.ok(responses.requests.length > requestsBefore, 'the request reached the service');
  });
});
