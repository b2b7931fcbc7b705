// Edit review: every edit the model makes comes here before a file changes, with the trust policy's verdict
// (core/trust/policy.ts decides; this only presents). An edit the policy allows is applied at once; one that must
// ask waits for the user (accept/reject from the chat or the diff editor's title), showing why it asks. Applied
// edits are kept as checkpoints so an edit or a whole turn can be undone (and a turn redone). Free of `vscode`:
// the diff editor is behind `ReviewScreen`.
import { CheckpointBook, planRedo, planUndo, type AppliedEdit } from '../core/checkpoints';
import { MiniCoderError, toErrorInfo } from '../core/errors';
import type { EditReviewer, FileChange, ReviewDecision, Workspace, WriteVerdict } from '../core/workspace';
import type { EditFileView, EditStatus, EditView } from '../protocol/messages';

/** An edit under review or applied. */
export interface ProposedEdit {
  editId: string;
  turnId: string;
  changes: FileChange[];
  summary: string;
}

/** Where proposals are shown (VS Code's diff editor in the extension). */
export interface ReviewScreen {
  /** Shows the proposal, or one of its files. */
  show(edit: ProposedEdit, path?: string): Promise<void>;
  /** Closes what `show` opened for it. */
  close(edit: ProposedEdit): Promise<void>;
  /** The ids of edits waiting for a decision changed (drives the editor-title buttons). */
  pendingChanged(editIds: string[]): void;
}

/** A workspace that can also tell where a path really points (after symlinks). */
export type ReviewWorkspace = Workspace & { relative?(path: string): Promise<string> };

export interface EditReviewDeps {
  workspace: () => ReviewWorkspace;
  screen: ReviewScreen;
  /** A unified diff of one file, for the chat's edit card. */
  diff: (path: string, oldText: string, newText: string, newPath?: string) => string | Promise<string>;
  newId: () => string;
  log?: (line: string) => void;
}

export type UndoOutcome = { ok: true; files: string[] } | { ok: false; message: string };
export type AcceptOutcome = { ok: true } | { ok: false; message: string };

type EditListener = (turnId: string, edit: EditView) => void;

interface Pending {
  edit: ProposedEdit;
  resolve: (decision: ReviewDecision) => void;
  reject: (err: unknown) => void;
}

export class EditReview {
  readonly checkpoints = new CheckpointBook();
  private readonly pending = new Map<string, Pending>();
  private readonly views = new Map<string, { turnId: string; view: EditView; edit: ProposedEdit }>();
  private readonly listeners: EditListener[] = [];
  /** Turns undone as a whole, with their edits, so "Redo" can put them back while the files stay as the undo left them. */
  private readonly undoneTurns = new Map<string, AppliedEdit[]>();

  constructor(private readonly deps: EditReviewDeps) {}

  /** Called with every new or changed edit card. */
  onDidChange(listener: EditListener): void {
    this.listeners.push(listener);
  }

  /** The reviewer the agent's tools use during one turn. */
  reviewerFor(turnId: string): EditReviewer {
    return { review: (changes, context) => this.review(changes, { ...context, turnId }) };
  }

  /**
   * Decides one edit. Resolves `{approved: true, applied: true}` once the edit is applied, `{approved:
   * false}` when the user rejects it or stops the turn; rejects when applying fails (stale file, refused path).
   */
  async review(changes: FileChange[], context: { summary: string; signal?: AbortSignal; turnId: string; verdict: WriteVerdict }): Promise<ReviewDecision> {
    const edit: ProposedEdit = { editId: this.deps.newId(), turnId: context.turnId, changes, summary: context.summary };
    const files = await this.fileViews(changes);
    const verdict = context.verdict;
    if (verdict.decision === 'allow') {
      this.publish(edit, { editId: edit.editId, files, status: 'pending' });
      await this.apply(edit, 'applied', 'Applied automatically (auto-approve is on).');
      return { approved: true, applied: true };
    }
    const note = verdict.sensitive ? `Always asks: ${verdict.reason}.` : undefined;
    this.publish(edit, { editId: edit.editId, files, status: 'pending', ...(note ? { note } : {}) });
    if (context.signal?.aborted) return this.settle(edit.editId, 'rejected', 'Stopped before review.', 'the user stopped the turn');
    const decision = new Promise<ReviewDecision>((resolve, reject) => this.pending.set(edit.editId, { edit, resolve, reject }));
    this.pendingChanged();
    const onAbort = () => this.settle(edit.editId, 'rejected', 'Stopped before review.', 'the user stopped the turn');
    context.signal?.addEventListener('abort', onAbort, { once: true });
    this.deps.screen.show(edit).catch((err: unknown) => this.deps.log?.(`Could not open the diff: ${toErrorInfo(err).message}`));
    try {
      return await decision;
    } finally {
      context.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Applies a pending edit the user accepted and ends its review. */
  async accept(editId: string): Promise<AcceptOutcome> {
    const pending = this.pending.get(editId);
    if (!pending) return { ok: false, message: 'This edit is no longer waiting for review.' };
    this.pending.delete(editId);
    this.pendingChanged();
    try {
      await this.apply(pending.edit, 'accepted');
      pending.resolve({ approved: true, applied: true });
      return { ok: true };
    } catch (err) {
      pending.reject(err);
      return { ok: false, message: toErrorInfo(err, 'tool').message };
    } finally {
      void this.deps.screen.close(pending.edit).catch(() => undefined);
    }
  }

  /** Ends a pending edit's review without applying it. False when it was not pending. */
  reject(editId: string, reason = 'rejected by the user'): boolean {
    if (!this.pending.has(editId)) return false;
    this.settle(editId, 'rejected', undefined, reason);
    return true;
  }

  /** Rejects every pending edit (a new chat, the window closing). */
  rejectAll(reason: string): void {
    for (const editId of [...this.pending.keys()]) this.settle(editId, 'rejected', undefined, reason);
  }

  /** Edits waiting for a decision, oldest first. */
  pendingEdits(): ProposedEdit[] {
    return [...this.pending.values()].map((p) => p.edit);
  }

  /** An edit by id, pending or decided (the diff view serves its proposed text). */
  proposal(editId: string): ProposedEdit | undefined {
    return this.views.get(editId)?.edit;
  }

  /** Opens the diff of an edit again (from its card in the chat). */
  async showDiff(editId: string, path?: string): Promise<boolean> {
    const known = this.views.get(editId);
    if (!known) return false;
    await this.deps.screen.show(known.edit, path);
    return true;
  }

  /** Puts back the files one applied edit changed; refused when any changed since. */
  undoEdit(editId: string): Promise<UndoOutcome> {
    const edit = this.checkpoints.edit(editId);
    if (!edit) return Promise.resolve({ ok: false, message: 'This edit is not applied (or was already undone), so there is nothing to undo.' });
    return this.undo([edit]);
  }

  /** Puts back every file a turn's edits changed, as it was before the turn; refused when any changed since. */
  async undoTurn(turnId: string): Promise<UndoOutcome> {
    const edits = this.checkpoints.turn(turnId);
    if (edits.length === 0) {
      return { ok: false, message: 'This turn has no applied edits to undo (checkpoints last until the window reloads).' };
    }
    const outcome = await this.undo(edits);
    if (outcome.ok) this.undoneTurns.set(turnId, edits);
    return outcome;
  }

  /** Applies again what "Undo this turn" took back; refused when a file changed since the undo. */
  async redoTurn(turnId: string): Promise<UndoOutcome> {
    const edits = this.undoneTurns.get(turnId);
    if (!edits) return { ok: false, message: 'There is nothing of this turn to redo.' };
    const workspace = this.deps.workspace();
    try {
      const plan = await planRedo(edits, (path) => currentText(workspace, path));
      if (plan.conflicts.length > 0) return { ok: false, message: `Not redone: ${plan.conflicts.join(', ')} changed after the undo.` };
      await workspace.applyChanges(plan.changes);
      this.undoneTurns.delete(turnId);
      for (const edit of edits) {
        this.checkpoints.record(edit);
        this.setStatus(edit.editId, 'applied', 'Redone.');
      }
      return { ok: true, files: plan.changes.map((c) => c.path) };
    } catch (err) {
      return { ok: false, message: `Not redone: ${toErrorInfo(err, 'tool').message}` };
    }
  }

  /** Whether "Undo this turn" would find applied edits (checkpoints exist for the turn). */
  canUndoTurn(turnId: string): boolean {
    return this.checkpoints.turn(turnId).length > 0;
  }

  canRedoTurn(turnId: string): boolean {
    return this.undoneTurns.has(turnId);
  }

  /** The turn was put back from its persistent checkpoint: its edits show as undone and cannot be undone again. */
  markTurnUndone(turnId: string): void {
    const edits = this.checkpoints.turn(turnId);
    if (edits.length === 0) return;
    this.checkpoints.forget(edits.map((e) => e.editId));
    this.undoneTurns.set(turnId, edits);
    for (const edit of edits) this.setStatus(edit.editId, 'undone', 'Undone.');
  }

  /** The turn was applied again from its persistent checkpoint: its edits show as applied again. */
  markTurnRedone(turnId: string): void {
    const edits = this.undoneTurns.get(turnId) ?? [];
    this.undoneTurns.delete(turnId);
    for (const edit of edits) {
      this.checkpoints.record(edit);
      this.setStatus(edit.editId, 'applied', 'Redone.');
    }
  }

  private async undo(edits: AppliedEdit[]): Promise<UndoOutcome> {
    const workspace = this.deps.workspace();
    try {
      const plan = await planUndo(edits, (path) => currentText(workspace, path));
      if (plan.conflicts.length > 0) {
        return {
          ok: false,
          message: `Not undone: ${plan.conflicts.join(', ')} changed after the edit. Undo the later changes first (Ctrl+Z in the file or a later turn's undo).`,
        };
      }
      await workspace.applyChanges(plan.changes);
      this.checkpoints.forget(edits.map((e) => e.editId));
      for (const edit of edits) this.setStatus(edit.editId, 'undone', 'Undone.');
      return { ok: true, files: plan.changes.map((c) => c.path) };
    } catch (err) {
      return { ok: false, message: `Not undone: ${toErrorInfo(err, 'tool').message}` };
    }
  }

  private async apply(edit: ProposedEdit, status: EditStatus, note?: string): Promise<void> {
    try {
      await this.deps.workspace().applyChanges(edit.changes);
    } catch (err) {
      this.setStatus(edit.editId, 'failed', toErrorInfo(err, 'tool').message);
      throw err instanceof MiniCoderError ? err : new MiniCoderError(toErrorInfo(err, 'tool'));
    }
    this.checkpoints.record({ editId: edit.editId, turnId: edit.turnId, changes: edit.changes });
    this.setStatus(edit.editId, status, note);
  }

  private settle(editId: string, status: EditStatus, note: string | undefined, reason: string): ReviewDecision {
    const pending = this.pending.get(editId);
    const decision: ReviewDecision = { approved: false, reason };
    this.pending.delete(editId);
    this.setStatus(editId, status, note);
    if (pending) {
      this.pendingChanged();
      pending.resolve(decision);
      void this.deps.screen.close(pending.edit).catch(() => undefined);
    }
    return decision;
  }

  private async fileViews(changes: FileChange[]): Promise<EditFileView[]> {
    return Promise.all(
      changes.map(async (c) => {
        const oldText = c.kind === 'add' ? '' : c.oldText;
        const newText = c.kind === 'delete' ? '' : c.newText;
        const diff = await this.deps.diff(c.path, oldText, newText, c.kind === 'update' ? c.moveTo : undefined);
        const { added, removed } = countLines(diff);
        return { path: c.path, kind: c.kind, ...(c.kind === 'update' && c.moveTo ? { moveTo: c.moveTo } : {}), diff, added, removed };
      }),
    );
  }

  private publish(edit: ProposedEdit, view: EditView): void {
    this.views.set(edit.editId, { turnId: edit.turnId, view, edit });
    for (const listener of this.listeners) listener(edit.turnId, { ...view });
  }

  private setStatus(editId: string, status: EditStatus, note?: string): void {
    const known = this.views.get(editId);
    if (!known) return;
    // A new note replaces the old one; without one the card keeps why it asked.
    const view: EditView = { ...known.view, status, ...(note ? { note } : {}) };
    this.publish(known.edit, view);
  }

  private pendingChanged(): void {
    this.deps.screen.pendingChanged([...this.pending.keys()]);
  }
}

async function currentText(workspace: Workspace, path: string): Promise<string | undefined> {
  const stat = await workspace.stat(path);
  if (!stat) return undefined;
  if (stat.type === 'directory') throw new MiniCoderError({ kind: 'tool', message: `${path} is now a folder.` });
  return workspace.readText(path);
}

function countLines(diff: string): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+++') || line.startsWith('---')) continue;
    if (line.startsWith('+')) added++;
    else if (line.startsWith('-')) removed++;
  }
  return { added, removed };
}
