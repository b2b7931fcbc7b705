// The light bulb entries of the inline actions: Explain / Refactor… / Add documentation comment / Write
// tests on a selection, and "Fix with Mini Coder" on each problem in range. They only name a command;
// nothing is computed or sent until the user picks one.
import * as vscode from 'vscode';
import { INLINE_COMMANDS, type InlineActionArgs } from './inlineCommandIds';

const KIND = {
  quickFix: vscode.CodeActionKind.QuickFix.append('miniCoder'),
  rewrite: vscode.CodeActionKind.RefactorRewrite.append('miniCoder'),
  // Explain and tests change nothing in the file: they are plain actions, not refactorings.
  other: vscode.CodeActionKind.Empty.append('miniCoder'),
};

const MAX_FIXES = 3;

export class InlineCodeActionProvider implements vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [KIND.quickFix, KIND.rewrite, KIND.other];

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const wants = (kind: vscode.CodeActionKind) => !context.only || context.only.contains(kind) || kind.contains(context.only);
    const actions: vscode.CodeAction[] = [];
    const args = (extra?: Partial<InlineActionArgs>): [InlineActionArgs] => [{ uri: document.uri, range, ...extra }];

    if (wants(KIND.quickFix)) {
      const problems = context.diagnostics.slice(0, MAX_FIXES);
      for (const diagnostic of problems) {
        const title = problems.length === 1 ? 'Fix with Mini Coder' : `Fix with Mini Coder: ${shorten(diagnostic.message)}`;
        const action = new vscode.CodeAction(title, KIND.quickFix);
        action.diagnostics = [diagnostic];
        action.command = { command: INLINE_COMMANDS.fixDiagnostic, title, arguments: args({ range: diagnostic.range, diagnostic }) };
        actions.push(action);
      }
    }
    if (range.isEmpty || document.getText(range).trim() === '') return actions;

    const add = (title: string, kind: vscode.CodeActionKind, command: string) => {
      if (!wants(kind)) return;
      const action = new vscode.CodeAction(title, kind);
      action.command = { command, title, arguments: args() };
      actions.push(action);
    };
    add('Explain with Mini Coder', KIND.other, INLINE_COMMANDS.explainSelection);
    add('Refactor with Mini Coder…', KIND.rewrite, INLINE_COMMANDS.refactorSelection);
    add('Add documentation comment (Mini Coder)', KIND.rewrite, INLINE_COMMANDS.addDocComment);
    add('Write tests with Mini Coder', KIND.other, INLINE_COMMANDS.writeTests);
    return actions;
  }
}

function shorten(message: string): string {
  const line = message.split('\n')[0].trim();
  return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}
