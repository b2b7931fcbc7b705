// The editor's checkpoint store: one shadow repository per workspace folder, kept in the extension's global
// storage (never in the workspace or its git history), so "Undo this turn" works after a window reload.
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import { CheckpointStore } from '../core/snapshots/turnCheckpoints';

/** The store for the folders open now (a new one when the folders change); undefined with no folder on disk. */
export function editorCheckpoints(storageDir: string): () => Promise<CheckpointStore | undefined> {
  let cached: { key: string; store: CheckpointStore } | undefined;
  return async () => {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    if (folders.length === 0) return undefined;
    const roots = await Promise.all(folders.map((f) => fs.realpath(f.uri.fsPath).catch(() => f.uri.fsPath)));
    const key = roots.join('\n');
    if (cached?.key !== key) cached = { key, store: new CheckpointStore(storageDir, roots) };
    return cached.store;
  };
}
