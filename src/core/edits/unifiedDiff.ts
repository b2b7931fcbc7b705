import { createTwoFilesPatch } from 'diff';
import type { FileChange } from '../workspace';

/** A unified diff of one file's change, for showing an edit to a person (`a/` and `b/` prefixed names). */
export function unifiedDiff(path: string, oldText: string, newText: string, newPath: string = path): string {
  return createTwoFilesPatch(
    oldText === '' ? '/dev/null' : `a/${path}`,
    newText === '' ? '/dev/null' : `b/${newPath}`,
    oldText,
    newText,
    undefined,
    undefined,
    { context: 3, headerOptions: { includeIndex: false, includeUnderline: false, includeFileHeaders: true } },
  );
}

/** The unified diff of one FileChange: an add from /dev/null, a delete to it, an update (and move) between texts. */
export function changeDiff(change: FileChange): string {
  if (change.kind === 'add') return unifiedDiff(change.path, '', change.newText);
  if (change.kind === 'delete') return unifiedDiff(change.path, change.oldText, '');
  return unifiedDiff(change.path, change.oldText, change.newText, change.moveTo);
}
