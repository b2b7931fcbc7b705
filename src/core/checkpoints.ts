import type { FileChange } from './workspace';

/** An edit that was applied: enough to put every file it touched back. */
export interface AppliedEdit {
  editId: string;
  /** The agent turn (or user action) it belongs to; "undo this turn" undoes all of a turn's edits. */
  turnId: string;
  changes: FileChange[];
}

/** A file's text before the first and after the last of a run of edits; undefined = the file did not exist. */
export interface FileStates {
  path: string;
  before: string | undefined;
  after: string | undefined;
}

export interface UndoPlan {
  /** Changes that restore the files, each computed against the text the file has now. */
  changes: FileChange[];
  /** Files that changed since the edits were applied; undo is refused while there are any. */
  conflicts: string[];
}

/** Applied edits of a session, by edit and by turn, so a turn or a single edit can be undone. */
export class CheckpointBook {
  private readonly edits: AppliedEdit[] = [];

  /** Remembers an edit after it was applied. */
  record(edit: AppliedEdit): void {
    this.edits.push(edit);
  }

  /** The edit with this id, if it was applied and not undone. */
  edit(editId: string): AppliedEdit | undefined {
    return this.edits.find((e) => e.editId === editId);
  }

  /** The turn's edits still in effect, in the order they were applied. */
  turn(turnId: string): AppliedEdit[] {
    return this.edits.filter((e) => e.turnId === turnId);
  }

  /** Forgets edits once undone, so they are not undone twice. */
  forget(editIds: readonly string[]): void {
    for (const id of editIds) {
      const at = this.edits.findIndex((e) => e.editId === id);
      if (at >= 0) this.edits.splice(at, 1);
    }
  }
}

/** Folds a sequence of edits into each path's first and last state. A move is a delete plus an add. */
export function netEffect(edits: readonly AppliedEdit[]): FileStates[] {
  const states = new Map<string, FileStates>();
  const touch = (path: string, before: string | undefined, after: string | undefined) => {
    const key = normalizePath(path);
    const known = states.get(key);
    if (known) known.after = after;
    else states.set(key, { path: key, before, after });
  };
  for (const edit of edits) {
    for (const change of edit.changes) {
      if (change.kind === 'add') touch(change.path, undefined, change.newText);
      else if (change.kind === 'delete') touch(change.path, change.oldText, undefined);
      else if (change.moveTo !== undefined && normalizePath(change.moveTo) !== normalizePath(change.path)) {
        touch(change.path, change.oldText, undefined);
        touch(change.moveTo, undefined, change.newText);
      } else touch(change.path, change.oldText, change.newText);
    }
  }
  return [...states.values()];
}

/**
 * Plans the changes that put every file the edits touched back as it was before them. A file whose
 * current text is not what the edits left (someone changed it since) is a conflict; line endings alone
 * do not count, since the editor may normalise them when it applies an edit.
 */
export function planUndo(edits: readonly AppliedEdit[], currentText: (path: string) => Promise<string | undefined>): Promise<UndoPlan> {
  return planBetween(edits, currentText, 'after', 'before');
}

/**
 * Plans putting back what undone edits had done ("redo"): every file must still read as the undo left it
 * (as it was before the edits); a file changed since is a conflict.
 */
export function planRedo(edits: readonly AppliedEdit[], currentText: (path: string) => Promise<string | undefined>): Promise<UndoPlan> {
  return planBetween(edits, currentText, 'before', 'after');
}

async function planBetween(
  edits: readonly AppliedEdit[],
  currentText: (path: string) => Promise<string | undefined>,
  from: 'before' | 'after',
  to: 'before' | 'after',
): Promise<UndoPlan> {
  const changes: FileChange[] = [];
  const conflicts: string[] = [];
  for (const state of netEffect(edits)) {
    if (state.before === state.after) continue;
    const now = await currentText(state.path);
    if (!sameText(now, state[from])) {
      conflicts.push(state.path);
      continue;
    }
    const target = state[to];
    if (now === undefined) changes.push({ kind: 'add', path: state.path, newText: target as string });
    else if (target === undefined) changes.push({ kind: 'delete', path: state.path, oldText: now });
    else changes.push({ kind: 'update', path: state.path, oldText: now, newText: target });
  }
  return { changes, conflicts };
}

function sameText(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a === b || a.replace(/\r\n/g, '\n') === b.replace(/\r\n/g, '\n');
}

/** One spelling per path: `/` separators, no `./` segments, no doubled slashes. */
export function normalizePath(path: string): string {
  return path
    .replace(/\\/g, '/')
    .split('/')
    .filter((part, i) => part !== '.' && (part !== '' || i === 0))
    .join('/');
}
