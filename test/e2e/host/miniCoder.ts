// The extension under test, as the real extension host sees it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const extensionId = 'mini-coder.mini-coder';

export interface ContributedCommand {
  command: string;
  title: string;
  category?: string;
}

export function miniCoder(): vscode.Extension<unknown> {
  const extension = vscode.extensions.getExtension(extensionId);
  assert.ok(extension, `${extensionId} is not installed in this extension host`);
  return extension;
}

/** The commands package.json contributes, read at run time so new ones are covered without edits here. */
export function contributedCommands(): ContributedCommand[] {
  const contributes = (miniCoder().packageJSON as { contributes?: { commands?: ContributedCommand[] } }).contributes;
  return contributes?.commands ?? [];
}
