// The editor's implementation of the engine's Workspace (src/vscode/editorWorkspace.ts) against the real
// VS Code API, in the throwaway copy of test/e2e/workspace that the runner opens.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EditorWorkspace } from '../../../src/vscode/editorWorkspace';
import { miniCoder } from './miniCoder';

describe('the editor Workspace on the real VS Code API', () => {
  // This suite is bundled apart from the extension: search uses the worker the installed extension ships.
  const workspace = new EditorWorkspace(undefined, { searchWorker: path.join(miniCoder().extensionPath, 'dist', 'searchWorker.js') });
  const root = (): vscode.Uri => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the runner opens a workspace folder');
    return folder.uri;
  };
  const onDisk = (relative: string): string => fs.readFileSync(path.join(root().fsPath, relative), 'utf8');
  const uri = (relative: string): vscode.Uri => vscode.Uri.joinPath(root(), relative);

  afterEach(async () => {
    // Revert works on the active editor: bring each unsaved document forward first.
    for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('reads a file as it is on disk', async () => {
    assert.equal(await workspace.readText('src/greet.ts'), onDisk('src/greet.ts'));
  });

  it('reads the unsaved text of an open editor rather than the disk', async () => {
    // A file of its own, so the draft cannot leak into other tests even if reverting it failed.
    fs.writeFileSync(path.join(root().fsPath, 'draft.md'), 'saved text\n');
    const editor = await vscode.window.showTextDocument(uri('draft.md'));
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), 'unsaved line\n'));
    assert.equal(await workspace.readText('draft.md'), 'unsaved line\nsaved text\n');
    assert.equal(onDisk('draft.md'), 'saved text\n');
  });

  it('lists files recursively, leaving out what .gitignore ignores', async () => {
    fs.mkdirSync(path.join(root().fsPath, 'generated'), { recursive: true });
    fs.writeFileSync(path.join(root().fsPath, 'generated', 'cache.txt'), 'built output');
    const listed = (await workspace.list('', { recursive: true })).map((entry) => entry.path);
    for (const file of ['README.md', 'src/greet.ts', 'src/math.ts']) assert.ok(listed.includes(file), `${file} missing from ${listed.join(', ')}`);
    assert.deepEqual(listed.filter((p) => p.startsWith('generated')), []);
  });

  it('finds text across files with the line it is on', async () => {
    const { matches } = await workspace.search({ query: 'total / values.length' });
    assert.deepEqual(
      matches.map((m) => [m.path, m.line]),
      [['src/math.ts', 4]],
    );
  });

  it('reports the diagnostics the editor holds for a file, with 1-based positions', async () => {
    const collection = vscode.languages.createDiagnosticCollection('mini-coder-e2e');
    try {
      const range = new vscode.Range(3, 9, 3, 14);
      collection.set(uri('src/math.ts'), [new vscode.Diagnostic(range, 'divides by zero when the list is empty', vscode.DiagnosticSeverity.Warning)]);
      const found = (await workspace.diagnostics('src/math.ts')).filter((d) => d.message.startsWith('divides by zero'));
      assert.deepEqual(
        found.map((d) => ({ path: d.path, line: d.line, column: d.column, severity: d.severity })),
        [{ path: 'src/math.ts', line: 4, column: 10, severity: 'warning' }],
      );
    } finally {
      collection.dispose();
    }
  });

  it('applies an edit through one WorkspaceEdit, saves it, and undo in the editor restores the file', async () => {
    const before = onDisk('src/greet.ts');
    const after = before.replace("'Hello, '", "'Hi, '");
    assert.notEqual(after, before);
    await workspace.applyChanges([{ kind: 'update', path: 'src/greet.ts', oldText: before, newText: after }]);
    assert.equal(onDisk('src/greet.ts'), after);

    const editor = await vscode.window.showTextDocument(uri('src/greet.ts'));
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), before);
    await editor.document.save();
    assert.equal(onDisk('src/greet.ts'), before);
  });

  it('refuses an edit computed on a stale copy and leaves the file untouched', async () => {
    const before = onDisk('src/math.ts');
    await assert.rejects(
      workspace.applyChanges([{ kind: 'update', path: 'src/math.ts', oldText: 'text the file no longer has', newText: 'replaced' }]),
      /changed since the edit was computed/,
    );
    assert.equal(onDisk('src/math.ts'), before);
  });
});
