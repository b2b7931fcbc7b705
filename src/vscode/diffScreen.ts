// Shows an edit under review in VS Code's diff editor: the file as it is now on the left, the proposal on
// the right, served read-only from memory under the `mini-coder-proposed:` scheme. The proposal's URI carries
// the edit id, so the editor-title accept/reject buttons know which edit they act on.
import * as vscode from 'vscode';
import type { FileChange } from '../core/workspace';
import type { EditReview, ProposedEdit, ReviewScreen } from './editReview';

export const PROPOSED_SCHEME = 'mini-coder-proposed';
/** Context key: true while an edit waits for review (enables the palette's accept/reject). */
export const PENDING_CONTEXT_KEY = 'miniCoder.editPending';
const MAX_DIFFS_AT_ONCE = 8;

/** The edit id a proposal URI (or a diff editor showing one) belongs to. */
export function editIdOf(uri: vscode.Uri | undefined): string | undefined {
  if (!uri || uri.scheme !== PROPOSED_SCHEME) return undefined;
  return new URLSearchParams(uri.query).get('edit') ?? undefined;
}

/** Serves the proposed (and, for new files, the empty original) text of edits under review. */
export class ProposedContent implements vscode.TextDocumentContentProvider {
  private review: EditReview | undefined;

  attach(review: EditReview): void {
    this.review = review;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const params = new URLSearchParams(uri.query);
    const edit = this.review?.proposal(params.get('edit') ?? '');
    const change = edit?.changes[Number(params.get('change') ?? -1)];
    if (!change || params.get('side') === 'original') return '';
    return change.kind === 'delete' ? '' : change.newText;
  }
}

export interface DiffScreenDeps {
  uriFor: (path: string) => Promise<vscode.Uri>;
  log: (line: string) => void;
}

export class DiffScreen implements ReviewScreen {
  constructor(private readonly deps: DiffScreenDeps) {}

  async show(edit: ProposedEdit, path?: string): Promise<void> {
    const shown = edit.changes
      .map((change, index) => ({ change, index }))
      .filter(({ change }) => path === undefined || change.path === path || (change.kind === 'update' && change.moveTo === path))
      .slice(0, MAX_DIFFS_AT_ONCE);
    for (const [i, { change, index }] of shown.entries()) {
      const [left, right] = await this.sides(edit, change, index);
      const title = `${change.kind === 'update' && change.moveTo ? `${change.path} → ${change.moveTo}` : change.path} (Mini Coder proposal${change.kind === 'add' ? ', new file' : change.kind === 'delete' ? ', deletion' : ''})`;
      // The first diff takes focus; the others open beside it in the background.
      await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: shown.length === 1, preserveFocus: i > 0 });
    }
  }

  async close(edit: ProposedEdit): Promise<void> {
    const tabs = vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .filter((tab) => tab.input instanceof vscode.TabInputTextDiff && editIdOf(tab.input.modified) === edit.editId);
    if (tabs.length > 0) await vscode.window.tabGroups.close(tabs, true);
  }

  pendingChanged(editIds: string[]): void {
    void vscode.commands.executeCommand('setContext', PENDING_CONTEXT_KEY, editIds.length > 0);
  }

  private async sides(edit: ProposedEdit, change: FileChange, index: number): Promise<[vscode.Uri, vscode.Uri]> {
    const proposed = (side: 'original' | 'proposed', path: string) =>
      vscode.Uri.from({ scheme: PROPOSED_SCHEME, path: `/${path}`, query: `edit=${encodeURIComponent(edit.editId)}&change=${index}&side=${side}` });
    if (change.kind === 'add') return [proposed('original', change.path), proposed('proposed', change.path)];
    const current = await this.deps.uriFor(change.path);
    return [current, proposed('proposed', change.kind === 'update' && change.moveTo ? change.moveTo : change.path)];
  }
}
