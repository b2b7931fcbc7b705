// The preview of an inline action's answer: a read-only virtual document holding the proposed text,
// shown against the real file in VS Code's diff editor while it streams, then accepted as ONE undoable
// WorkspaceEdit on the document's current text, or rejected. One proposal is open at a time.
import * as vscode from 'vscode';
import { applyRangeRewrite, type RangeSnapshot } from '../core/actions/applyRewrite';
import type { ErrorInfo } from '../core/errors';

export const PROPOSAL_SCHEME = 'mini-coder-proposal';
/** Context key that shows the accept/reject/refine buttons and palette entries. */
export const PROPOSAL_CONTEXT_KEY = 'miniCoder.inlineProposalPending';

/** Serves the text of proposals (and the empty left side of a new file) to the diff editor. */
export class ProposalDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  set(uri: vscode.Uri, text: string): void {
    if (this.texts.get(uri.toString()) === text) return;
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
  }

  delete(uri: vscode.Uri): void {
    this.texts.delete(uri.toString());
  }

  dispose(): void {
    this.changed.dispose();
    this.texts.clear();
  }
}

/** Where a proposal's answer goes: a range of an existing document, or a new file. */
export type ProposalTarget = { kind: 'range'; uri: vscode.Uri; snapshot: RangeSnapshot } | { kind: 'newFile'; uri: vscode.Uri };

let nextId = 1;

/** One proposal: its documents in the diff editor and the replacement once the answer is complete. */
export class Proposal {
  readonly id = String(nextId++);
  readonly proposedUri: vscode.Uri;
  readonly originalUri: vscode.Uri;
  /** The cleaned replacement, set when the answer is complete and usable. */
  replacement?: string;
  private pendingRender?: () => string;
  private timer?: ReturnType<typeof setTimeout>;

  constructor(
    readonly target: ProposalTarget,
    readonly title: string,
    private readonly documents: ProposalDocuments,
  ) {
    const name = target.uri.path.split('/').pop() || 'proposal';
    // The file name is kept last so the diff editor picks the right language for highlighting.
    this.proposedUri = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${this.id}/proposed/${name}` });
    this.originalUri = target.kind === 'range' ? target.uri : vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${this.id}/empty/${name}` });
    if (target.kind === 'newFile') documents.set(this.originalUri, '');
    this.restart();
  }

  /** The whole proposed document with `replacement` in place of the range. */
  fullText(replacement: string): string {
    if (this.target.kind === 'newFile') return replacement;
    const { text, range } = this.target.snapshot;
    return text.slice(0, range.start) + replacement + text.slice(range.end);
  }

  /** Opens the diff editor, unless it is open already. */
  async show(): Promise<void> {
    if (this.diffTabs().length > 0) return;
    await vscode.commands.executeCommand('vscode.diff', this.originalUri, this.proposedUri, this.title, { preview: false });
  }

  /**
   * Shows streamed text, rendered at most every 60 ms: a fast stream neither re-renders the diff nor
   * re-cleans the whole answer per token.
   */
  stream(render: () => string): void {
    this.pendingRender = render;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const pending = this.pendingRender;
      this.pendingRender = undefined;
      if (pending) this.documents.set(this.proposedUri, this.fullText(pending()));
    }, 60);
  }

  /** Shows the final replacement and remembers it for accepting. */
  complete(replacement: string): void {
    this.cancelTimer();
    this.replacement = replacement;
    this.documents.set(this.proposedUri, this.fullText(replacement));
  }

  /** Back to the original text, not accepted, for a refinement or a retry (or after an unusable answer). */
  restart(): void {
    this.cancelTimer();
    this.replacement = undefined;
    this.documents.set(this.proposedUri, this.fullText(this.target.kind === 'range' ? this.target.snapshot.text.slice(this.target.snapshot.range.start, this.target.snapshot.range.end) : ''));
  }

  /**
   * Applies the replacement as one WorkspaceEdit: on the document's current text (re-locating the range
   * if it moved), or by creating the new file. Resolves the document and the new code's range.
   */
  async accept(): Promise<{ ok: true; document: vscode.TextDocument; range: vscode.Range; exact: boolean } | { ok: false; error: ErrorInfo }> {
    const replacement = this.replacement;
    if (replacement === undefined) return { ok: false, error: { kind: 'tool', message: 'The proposal is not complete yet.' } };
    const edit = new vscode.WorkspaceEdit();
    if (this.target.kind === 'newFile') {
      const taken = await vscode.workspace.fs.stat(this.target.uri).then(() => true, () => false);
      if (taken) {
        return { ok: false, error: { kind: 'tool', message: `${vscode.workspace.asRelativePath(this.target.uri)} was created meanwhile; the proposal was not written over it. Run the action again.` } };
      }
      edit.createFile(this.target.uri, { contents: new TextEncoder().encode(replacement) }, { label: this.title, needsConfirmation: false });
      if (!(await vscode.workspace.applyEdit(edit))) return { ok: false, error: { kind: 'tool', message: 'VS Code did not create the file.' } };
      const document = await vscode.workspace.openTextDocument(this.target.uri);
      return { ok: true, document, range: new vscode.Range(0, 0, 0, 0), exact: document.getText() === replacement };
    }
    const document = await vscode.workspace.openTextDocument(this.target.uri);
    const version = document.version;
    const current = document.getText();
    const result = applyRangeRewrite(current, this.target.snapshot, replacement);
    if (!result.ok) return result;
    const range = new vscode.Range(document.positionAt(result.replaced.start), document.positionAt(result.replaced.end));
    edit.replace(this.target.uri, range, replacement, { label: this.title, needsConfirmation: false });
    if (document.version !== version) return { ok: false, error: { kind: 'tool', message: 'The document changed while the change was being applied; accept again.' } };
    if (!(await vscode.workspace.applyEdit(edit))) return { ok: false, error: { kind: 'tool', message: 'VS Code did not apply the edit (is the file read-only?).' } };
    const inserted = new vscode.Range(document.positionAt(result.inserted.start), document.positionAt(result.inserted.end));
    // The edit was computed so that nothing outside the range changes; say so if something else moved in between.
    const exact = document.getText() === result.text;
    return { ok: true, document, range: inserted, exact };
  }

  /** Closes the diff editor and forgets the proposal's documents. */
  async dispose(): Promise<void> {
    this.cancelTimer();
    const tabs = this.diffTabs();
    if (tabs.length > 0) await vscode.window.tabGroups.close(tabs, true);
    this.documents.delete(this.proposedUri);
    this.documents.delete(this.originalUri);
  }

  private diffTabs(): vscode.Tab[] {
    return vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .filter((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.toString() === this.proposedUri.toString());
  }

  private cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pendingRender = undefined;
  }
}
