// Checks of the harness itself on what VS Code ships (the Markdown preview's webview, the activity bar), so
// a failing product flow can be told apart from a harness that cannot reach the workbench.
import * as assert from 'node:assert/strict';
import { session } from './session';

describe('the harness on the real workbench', () => {
  it('reaches the document inside a webview by an element id', async () => {
    const workbench = await session().workbench();
    await workbench.openFile('README.md');
    await workbench.runCommand('Markdown: Open Preview');
    // The preview gives each heading an id made from its text.
    const frame = await workbench.webviewFrame('sample-project');
    assert.equal((await frame.locator('#sample-project').textContent())?.trim(), 'Sample project');
  });

  it('switches the sidebar to a view container by its name', async () => {
    const workbench = await session().workbench();
    await workbench.openSidebar('Search');
    await workbench.page.locator('.search-view').waitFor({ state: 'visible' });
    await workbench.openSidebar('Explorer');
    await workbench.page.locator('.explorer-folders-view').waitFor({ state: 'visible' });
    assert.equal(await workbench.page.locator('.search-view').isVisible(), false);
  });
});
