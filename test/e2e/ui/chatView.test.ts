import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { resultsDir } from '../support/paths';
import { session } from './session';

describe('the chat view', () => {
  it('opens from its activity bar entry with the composer ready and the packaged codicon font loaded', async () => {
    const workbench = await session().workbench();
    await workbench.openSidebar('Mini Coder');
    const chat = await workbench.webviewFrame('app');
    await chat.locator('textarea').first().waitFor({ state: 'visible' });
    // Resolves to the faces it loaded: empty when codicon.css or codicon.ttf is missing from the .vsix
    // or blocked by the webview's content security policy.
    const loaded = await chat.evaluate(async () => (await document.fonts.load('16px codicon')).map((face) => face.status));
    assert.deepEqual(loaded, ['loaded']);
    await workbench.screenshot(path.join(resultsDir, 'chat-view.png'));
  });
});
