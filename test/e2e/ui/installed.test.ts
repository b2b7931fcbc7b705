import * as assert from 'node:assert/strict';
import { paletteTitles } from '../support/contributions';
import { session } from './session';

describe('the packaged extension in the workbench', () => {
  it('is listed among the enabled extensions', async () => {
    const workbench = await session().workbench();
    await workbench.runCommand('Extensions: Show Enabled Extensions');
    const entry = workbench.page.locator('.extensions-viewlet .extension-list-item .name', { hasText: /^Mini Coder$/ });
    await entry.first().waitFor({ timeout: 20_000 });
  });

  it('offers every contributed command in the command palette', async () => {
    const workbench = await session().workbench();
    const missing: string[] = [];
    for (const title of paletteTitles()) {
      if (!(await workbench.paletteHas(title))) missing.push(title);
    }
    assert.deepEqual(missing, [], `not in the command palette: ${missing.join(', ')}`);
  });
});
