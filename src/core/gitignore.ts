// .gitignore rules as a cloned repository may write them, hostile ones included. The `ignore` package turns each
// pattern into a backtracking RegExp; since 7.0 it keeps `*`, `?` and `[...]` linear, but every `**` folder in
// the middle of a pattern (`a/**/b/**/c`) adds a degree to a polynomial in the path's depth: two of them on a
// path 100 folders deep take 10 ms per test, four take 3 s, and a listing tests every path. Such patterns are
// left out (the files they would hide are listed) rather than let a repository hang the host.
import ignore, { type Ignore } from 'ignore';

/** `**` folders a pattern may have between its first and last segment; more make matching cost grow with depth. */
export const MAX_MIDDLE_GLOBSTARS = 1;

/** The rules of one .gitignore file, without the patterns `isCostlyPattern` refuses. */
export function gitignoreRules(text: string): Ignore {
  return ignore().add(text.split(/\r?\n/).filter((line) => !isCostlyPattern(line)));
}

/** Whether a .gitignore line has more `**` folders in its middle than MAX_MIDDLE_GLOBSTARS. */
export function isCostlyPattern(line: string): boolean {
  const pattern = line.trim().replace(/^!/, '').replace(/^\//, '').replace(/\/$/, '');
  if (pattern === '' || pattern.startsWith('#')) return false;
  const segments = pattern.split('/');
  let middle = 0;
  for (let k = 1; k < segments.length - 1; k++) if (/^\*{2,}$/.test(segments[k])) middle++;
  return middle > MAX_MIDDLE_GLOBSTARS;
}
