// The API key in the real extension host: kept in VS Code's SecretStorage, read from there for each turn,
// and never part of what goes to the chat webview. A fake Responses service runs inside this host, and
// the base-URL variable the extension reads at each turn points it there.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MiniCoderApi } from '../../../src/extension';
import type { HostMessage } from '../../../src/protocol/messages';
import { FakeResponsesServer, httpErrorTurn, textTurn, toolCallTurn } from '../../support/fakeResponsesServer';
import { miniCoder } from './miniCoder';

const baseUrlVariable = 'MINI_CODER_RESPONSES_BASE_URL';

/** Collects what the extension posts to the chat view until disposed. */
function recordPosts(api: MiniCoderApi): { posts: HostMessage[]; dispose(): void } {
  const posts: HostMessage[] = [];
  const subscription = api.onDidPostToView((message) => posts.push(message));
  return { posts, dispose: () => subscription.dispose() };
}

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the API key in SecretStorage', () => {
  let api: MiniCoderApi;
  let service: FakeResponsesServer;
  let savedBaseUrl: string | undefined;

  before(async () => {
    api = (await miniCoder().activate()) as MiniCoderApi;
    service = await FakeResponsesServer.start();
    savedBaseUrl = process.env[baseUrlVariable];
    process.env[baseUrlVariable] = service.baseURL;
  });

  after(async () => {
    await api.removeApiKey('responses');
    if (savedBaseUrl === undefined) delete process.env[baseUrlVariable];
    else process.env[baseUrlVariable] = savedBaseUrl;
    await service.close();
  });

  beforeEach(async () => {
    await api.chat.newChat();
  });

  it('stores a key, reads it back for a turn, and forgets it once removed', async () => {
    const key = 'e2e-host-secret-3f9c1a7b52d8e604';
    const recorder = recordPosts(api);
    try {
      await api.setApiKey('responses', key);
      // SecretStorage reports the change and the view hears that a key is set (never the key itself).
      await until(() => recorder.posts.some((m) => m.type === 'settings' && m.settings.hasKey), 'the view to learn a key is set');
      assert.equal((await api.chat.state()).settings.hasKey, true);
      assert.equal(JSON.stringify(vscode.workspace.getConfiguration('miniCoder')).includes(key), false, 'the key is not in the settings');

      service.enqueue(textTurn('Key received.'));
      const answered = await api.chat.send({ text: 'Is the key there?' });
      assert.equal(answered?.status, 'done');
      assert.equal(service.requests.at(-1)?.headers.authorization, `Bearer ${key}`);

      await api.removeApiKey('responses');
      assert.equal((await api.chat.state()).settings.hasKey, false);
      const requests = service.requests.length;
      const refused = await api.chat.send({ text: 'And now?' });
      assert.equal(refused?.status, 'error');
      assert.equal(refused?.error?.kind, 'auth');
      assert.equal(service.requests.length, requests, 'no request goes out without a key');
    } finally {
      recorder.dispose();
    }
  });

  it('never posts the key to the chat view, through a tool call, an answer or an error that quotes it', async () => {
    const key = 'e2e-host-secret-8d2b6e0f4a1c9735';
    await api.setApiKey('responses', key);
    const recorder = recordPosts(api);
    try {
      service.enqueue(
        toolCallTurn([{ name: 'read_file', arguments: JSON.stringify({ path: 'src/greet.ts' }), callId: 'call_read_greet' }]),
        textTurn('greet() builds the greeting; shout() upper-cases it.'),
        // A misbehaving proxy that echoes the credential back in its error message.
        httpErrorTurn(401, 'invalid_api_key', `Incorrect API key provided: ${key}. Check the key you configured.`),
      );
      const answered = await api.chat.send({ text: 'What does src/greet.ts do?' });
      assert.equal(answered?.status, 'done');
      const failed = await api.chat.send({ text: 'Once more, please.' });
      assert.equal(failed?.status, 'error');
      assert.equal(service.requests.at(-1)?.headers.authorization, `Bearer ${key}`, 'the key was in use for these turns');

      const posted = recorder.posts.map((message) => JSON.stringify(message));
      // The capture saw the turns: the tool card, the answer and the error all reached the view.
      assert.ok(posted.some((m) => m.includes('call_read_greet')), 'the tool call was posted');
      assert.ok(posted.some((m) => m.includes('upper-cases')), 'the answer was posted');
      assert.ok(recorder.posts.some((m) => m.type === 'messageEnd' && m.error?.kind === 'auth'), 'the error was posted');
      const leaks = posted.filter((m) => m.includes(key));
      assert.deepEqual(leaks, [], 'messages to the view that hold the key');
    } finally {
      recorder.dispose();
    }
  });
});
