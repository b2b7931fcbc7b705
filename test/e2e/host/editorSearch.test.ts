// search_text's editor side in the real extension host: VS Code lists the files (files.exclude applied), the
// worker shipped in the installed .vsix searches them, unsaved editor text included, secrets skipped and counted,
// and the extension host's thread stays free while a search runs (every extension shares that thread).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EditorWorkspace } from '../../../src/vscode/editorWorkspace';
import { miniCoder } from './miniCoder';

describe('search in the editor, in a worker thread', () => {
  const workspace = new EditorWorkspace(undefined, { searchWorker: path.join(miniCoder().extensionPath, 'dist', 'searchWorker.js') });
  const root = (): string => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the runner opens a workspace folder');
    return folder.uri.fsPath;
  };
  const created: string[] = [];
  const write = (rel: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(root(), rel)), { recursive: true });
    fs.writeFileSync(path.join(root(), rel), text);
    created.push(rel);
  };

  afterEach(async () => {
    for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const rel of created.splice(0)) fs.rmSync(path.join(root(), rel), { force: true });
    fs.rmSync(path.join(root(), 'search'), { recursive: true, force: true });
  });

  it('searches the unsaved text of an open editor, leaves out .gitignore’d files and counts secrets', async () => {
    write('search/draft.ts', 'saved line\n');
    write('generated/out.ts', 'const marker42 = 1;\n');
    write('search/.env', 'TOKEN=marker42\n');
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(path.join(root(), 'search/draft.ts')));
    await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), 'typed marker42, not saved\n'));
    const outcome = await workspace.search({ query: 'MARKER42' });
    assert.deepEqual(outcome.matches, [{ path: 'search/draft.ts', line: 2, text: 'typed marker42, not saved' }]);
    assert.equal(outcome.skipped.secret, 1);
    assert.equal(outcome.stopped, undefined);
  });

  it('keeps the extension host responsive during a search that runs until its time limit', async () => {
    write('search/slow.txt', `${'abcdefghij '.repeat(20_000)}\n`);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 50);
    try {
      // RE2 runs this in linear time with a constant that makes it minutes on that file.
      const outcome = await workspace.search({ query: '(\\w+\\s?){1000}[0-9]', isRegex: true, include: 'search/*.txt', timeLimitMs: 2000 });
      assert.equal(outcome.stopped?.reason, 'time_limit');
    } finally {
      clearInterval(timer);
    }
    // On the host's own thread not one tick could have run in those seconds.
    assert.ok(ticks >= 10, `only ${ticks} timer ticks ran on the extension host thread during the search`);
  });

  it('ends the search when it is stopped', async () => {
    write('search/slow.txt', `${'abcdefghij '.repeat(20_000)}\n`);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 500);
    const outcome = await workspace.search({ query: '(\\w+\\s?){1000}[0-9]', isRegex: true, include: 'search/*.txt' }, { signal: controller.signal });
    assert.deepEqual(outcome.stopped, { reason: 'cancelled', detail: 'it was stopped' });
  });
});
