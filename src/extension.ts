import * as vscode from 'vscode';

/** Composition root of the editor host: wires adapters to the engine, owns no logic. */
export function activate(context: vscode.ExtensionContext): void {
  void context;
}

export function deactivate(): void {}
