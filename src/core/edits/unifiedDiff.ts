import { createTwoFilesPatch } from 'diff';

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
