// Where an inline action works: the document and selection it was invoked on (from a code action's
// arguments or the active editor), the range chosen in it, and small readers of editor state.
import * as vscode from 'vscode';
import type { ActionDiagnostic, ActionSource } from '../core/actions/prompts';
import { chooseActionRange, type ChosenRange } from '../core/actions/range';
import type { OffsetRange } from '../core/actions/text';
import { isInlineActionArgs, type InlineActionArgs } from './inlineCommandIds';
import { documentSymbols } from './inlineEditorContext';
import { PROPOSAL_SCHEME } from './inlineProposal';

/** The document, the selection (or a code action's range) and, for a fix, the problem. */
export interface Target {
  editor: vscode.TextEditor;
  document: vscode.TextDocument;
  selection: vscode.Range;
  diagnostic?: vscode.Diagnostic;
}

/** The document and selection to act on: a code action's, else the active editor's. */
export async function actionTarget(arg: unknown): Promise<Target | undefined> {
  if (isInlineActionArgs(arg)) return targetFromArgs(arg);
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.uri.scheme === PROPOSAL_SCHEME) {
    void vscode.window.showInformationMessage('Mini Coder: open a file and select code (or put the cursor in a function) first.');
    return undefined;
  }
  return { editor, document: editor.document, selection: editor.selection };
}

async function targetFromArgs(args: InlineActionArgs): Promise<Target> {
  const document = await vscode.workspace.openTextDocument(args.uri);
  const editor = vscode.window.visibleTextEditors.find((e) => e.document === document) ?? (await vscode.window.showTextDocument(document));
  return { editor, document, selection: args.range, diagnostic: args.diagnostic };
}

/** The range to work on, shown to the user by selecting it when it was not their own selection. */
export async function chooseForTarget(target: Target): Promise<ChosenRange | undefined> {
  const text = target.document.getText();
  const symbols = target.selection.isEmpty ? await documentSymbols(target.document) : [];
  const chosen = chooseActionRange(text, { start: target.selection.start, end: target.selection.end }, symbols);
  if (chosen.range.start === chosen.range.end) {
    void vscode.window.showInformationMessage('Mini Coder: there is no code here to work on; select some first.');
    return undefined;
  }
  if (chosen.source !== 'selection') {
    const start = target.document.positionAt(chosen.range.start);
    const end = target.document.positionAt(chosen.range.end);
    target.editor.selection = new vscode.Selection(start, end);
    target.editor.revealRange(new vscode.Range(start, end), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
  return chosen;
}

export function actionSource(document: vscode.TextDocument, range: OffsetRange): ActionSource {
  return { path: vscode.workspace.asRelativePath(document.uri, false), languageId: document.languageId, text: document.getText(), range };
}

export function problemsAt(target: Target): vscode.Diagnostic[] {
  const all = vscode.languages.getDiagnostics(target.document.uri);
  const here = all.filter((d) => (target.selection.isEmpty ? d.range.contains(target.selection.start) : d.range.intersection(target.selection) !== undefined));
  return here.sort((a, b) => a.severity - b.severity);
}

// In the order of vscode.DiagnosticSeverity's values (Error = 0 … Hint = 3).
const SEVERITY_NAMES: ActionDiagnostic['severity'][] = ['error', 'warning', 'info', 'hint'];

export function severityName(severity: vscode.DiagnosticSeverity): ActionDiagnostic['severity'] {
  return SEVERITY_NAMES[severity] ?? 'hint';
}

export async function readIfExists(uri: vscode.Uri): Promise<string | undefined> {
  try {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return open.getText();
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}
