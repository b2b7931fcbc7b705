// What search_text tells the model about a search: the matching lines, how many files were searched, what was
// left out and why (secret files are counted, never named or quoted, and the user can allow them), and when
// the search ended early, so that "no matches" is never said of files that were not searched.
import { formatBytes } from '../files/safeOpen';
import type { SearchOutcome, SearchSkips } from '../workspace';

/** The tool output for a search outcome. */
export function describeOutcome(outcome: SearchOutcome, maxFileBytes: number): string {
  const { matches, filesSearched, stopped } = outcome;
  const files = count(filesSearched, 'file');
  const lines = matches.map((m) => `${m.path}:${m.line}: ${m.text}`);
  if (stopped?.reason === 'max_results') {
    lines.push(`(the first ${count(matches.length, 'match', 'matches')}, in ${files} searched; the search stopped there: narrow the query or use include)`);
  } else if (stopped) {
    const found = matches.length === 0 ? `No matches in the ${files} searched` : `${count(matches.length, 'match', 'matches')} in the ${files} searched`;
    lines.push(`${found} before the search stopped early because ${stopped.detail}. Files not searched may hold matches; narrow the search with include or a more specific query.`);
  } else {
    lines.push(matches.length === 0 ? `No matches in ${files} searched.` : `(${count(matches.length, 'match', 'matches')} in ${files} searched)`);
  }
  const skipped = describeSkips(outcome.skipped, maxFileBytes);
  if (skipped) lines.push(skipped);
  return lines.join('\n');
}

function describeSkips(skipped: SearchSkips, maxFileBytes: number): string | undefined {
  const parts: string[] = [];
  if (skipped.secret > 0) {
    parts.push(
      `${count(skipped.secret, 'secret file')} (.env, keys, credentials: not searched without the user's permission; the user can allow such files with the miniCoder.context.allow user setting in VS Code or --allow-read PATH in the terminal)`,
    );
  }
  if (skipped.large > 0) parts.push(`${count(skipped.large, 'file')} larger than ${formatBytes(maxFileBytes)} (read_file reads them a page at a time)`);
  if (skipped.binary > 0) parts.push(`${count(skipped.binary, 'binary file')}`);
  if (skipped.links > 0) parts.push(`${count(skipped.links, 'symbolic link')} (never followed)`);
  if (skipped.special > 0) parts.push(`${count(skipped.special, 'FIFO, device or socket', 'FIFOs, devices or sockets')}`);
  if (skipped.unreadable > 0) parts.push(`${count(skipped.unreadable, 'unreadable file')}`);
  return parts.length > 0 ? `Skipped: ${parts.join('; ')}.` : undefined;
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
