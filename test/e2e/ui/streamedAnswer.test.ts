import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { textTurn } from '../../support/fakeResponsesServer';
import { resultsDir } from '../support/paths';
import { session, validApiKey } from './session';
import { ask, openNewChat, setApiKey } from './steps';

describe('asking a question in the chat', () => {
  it('stores the key set through the command and streams the answer into the view', async () => {
    const { responses } = session();
    const workbench = await session().workbench();
    await setApiKey(workbench, validApiKey);
    const chat = await openNewChat(workbench);

    const question = 'What do the functions in src/greet.ts do?';
    const answer = 'greet(name) returns a friendly greeting for name; shout(name) returns it in capitals.';
    responses.enqueue(textTurn(answer, { chunkSize: 5 }));
    await ask(chat, question);

    await chat.locator('article.message.user', { hasText: question }).waitFor();
    await chat.locator('article.message.assistant .message-body', { hasText: answer }).waitFor({ timeout: 30_000 });
    // The key went from VS Code's secret storage into the request; the fake service refuses any other.
    const request = responses.requests.at(-1);
    assert.equal(request?.headers.authorization, `Bearer ${validApiKey}`);
    assert.ok(JSON.stringify(request?.body?.input).includes(question), 'the question is in the request');
    await workbench.screenshot(path.join(resultsDir, 'chat-answer.png'));
  });
});
