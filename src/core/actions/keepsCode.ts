import { isBlank, splitLines } from './text';

/**
 * Whether every non-blank line of the original is still in the rewrite, in order (ignoring indentation):
 * true when a "document this" answer only added comments, false when it also changed code.
 */
export function keepsEveryLine(original: string, rewrite: string): boolean {
  const wanted = splitLines(original).filter((l) => !isBlank(l)).map((l) => l.trim());
  const have = splitLines(rewrite).map((l) => l.trim());
  let at = 0;
  for (const line of have) if (at < wanted.length && line === wanted[at]) at++;
  return at === wanted.length;
}
