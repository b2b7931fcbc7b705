import * as assert from 'node:assert/strict';
import { openableLink } from '../../../src/vscode/links';

describe('links clicked in the chat', () => {
  it('opens web and mail links', () => {
    assert.equal(openableLink('https://example.com/a?b=1'), 'https://example.com/a?b=1');
    assert.equal(openableLink(' http://localhost:3000 '), 'http://localhost:3000/');
    assert.equal(openableLink('mailto:someone@example.com'), 'mailto:someone@example.com');
  });

  it('refuses links that could run code, open local files or editor commands', () => {
    for (const href of ['javascript:alert(1)', 'JavaScript:alert(1)', 'command:workbench.action.terminal.new', 'vscode://settings', 'file:///etc/passwd', 'data:text/html,<script>1</script>', 'src/a.ts', '']) {
      assert.equal(openableLink(href), undefined, href);
    }
  });
});
