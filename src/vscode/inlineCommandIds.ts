// Command ids of the inline actions (package.json contributes them; see inlineActions.contributes.json).
import type * as vscode from 'vscode';

export const INLINE_COMMANDS = {
  refactorSelection: 'miniCoder.refactorSelection',
  explainSelection: 'miniCoder.explainSelection',
  fixDiagnostic: 'miniCoder.fixDiagnostic',
  addDocComment: 'miniCoder.addDocComment',
  writeTests: 'miniCoder.writeTests',
  acceptRefactor: 'miniCoder.acceptRefactor',
  rejectRefactor: 'miniCoder.rejectRefactor',
  refineRefactor: 'miniCoder.refineRefactor',
} as const;

/** What a code action passes to its command: where to act, and for a fix, which problem. */
export interface InlineActionArgs {
  uri: vscode.Uri;
  range: vscode.Range;
  diagnostic?: vscode.Diagnostic;
}

/** Whether a command argument came from one of our code actions (menus pass a Uri, keys pass nothing). */
export function isInlineActionArgs(value: unknown): value is InlineActionArgs {
  return typeof value === 'object' && value !== null && 'uri' in value && 'range' in value;
}
