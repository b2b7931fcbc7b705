import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { contributedCommands, miniCoder } from './miniCoder';

describe('commands in the real extension host', () => {
  it('registers every command that package.json contributes once activated', async () => {
    await miniCoder().activate();
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = contributedCommands();
    const missing = contributed.map((c) => c.command).filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `contributed but never registered: ${missing.join(', ')}`);
    console.log(`  (${contributed.length} contributed command(s) checked)`);
  });
});
