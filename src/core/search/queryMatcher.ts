// Which lines of a text a search_text query matches, in time linear in the text whatever the query: a literal
// is found with indexOf (case-insensitive), a regular expression with RE2 (re2js), which has no backtracking
// and so no lookaround or backreferences. Runs in the search worker only (re2js stays out of the host bundles).
import { RE2JS } from 're2js';
import { MiniCoderError } from '../errors';

/** Longest query accepted (RE2 compiles a regex to a program whose size follows the pattern's). */
export const MAX_QUERY_CHARS = 10_000;
/** Longest line text returned; longer lines are cut around the match. */
export const MAX_LINE_CHARS = 300;

export interface QueryMatcher {
  /**
   * Calls `found` for each matching line, in order (1-based line number, the line's text cut around the match),
   * until it returns false. `stop` is asked now and then on a long text and ends the scan when it says true.
   */
  scan(text: string, found: (line: number, text: string) => boolean, stop: () => boolean): void;
}

/** The matcher for a query; throws a `tool` error naming what is wrong with a regex. */
export function compileQuery(query: string, isRegex: boolean): QueryMatcher {
  if (query === '') throw toolError('The query is empty; give the text (or regular expression) to find.');
  if (query.length > MAX_QUERY_CHARS) throw toolError(`The query is ${query.length} characters long; at most ${MAX_QUERY_CHARS} are accepted.`);
  return isRegex ? regexMatcher(query) : literalMatcher(query);
}

function literalMatcher(query: string): QueryMatcher {
  const needle = query.toLowerCase();
  return {
    scan(text, found, stop) {
      // One pass over the whole text first: most files do not match at all.
      if (!text.toLowerCase().includes(needle)) return;
      eachLine(text, stop, (line, n) => {
        const at = line.toLowerCase().indexOf(needle);
        return at < 0 || found(n, cutAround(line, at));
      });
    },
  };
}

function regexMatcher(query: string): QueryMatcher {
  const unsupported = unsupportedConstruct(query);
  if (unsupported) {
    throw toolError(
      `The regular expression uses ${unsupported}, which search_text does not support: it matches with RE2 (linear time, no lookaround, no backreferences). Search for the text itself and read the lines around the matches instead.`,
    );
  }
  let re: RE2JS;
  try {
    re = RE2JS.compile(RE2JS.translateRegExp(query), RE2JS.MULTILINE);
  } catch (err) {
    // re2js quotes the pattern with the multi-line flag it was compiled with; the model never wrote that flag.
    const why = (err as Error).message.replace(/^error parsing regexp: /, '').replace('`(?m)', '`');
    throw toolError(`Invalid regular expression (RE2 syntax): ${why}.`);
  }
  // Testing the whole text once is much faster than line by line, and a line that matches alone matches there
  // too (with `^`/`$` at line ends), except with anchors to the whole text or flags turning multi-line off.
  const wholeTextFirst = !/\\[Az]|\(\?[a-zA-Z]*-/.test(query);
  return {
    scan(text, found, stop) {
      if (wholeTextFirst && !re.test(text)) return;
      eachLine(text, stop, (line, n) => {
        if (!re.test(line)) return true;
        const at = line.length > MAX_LINE_CHARS ? startOf(re, line) : 0;
        return found(n, cutAround(line, at));
      });
    },
  };
}

/** Lines of a text (`\n` or `\r\n`), 1-based, until `each` returns false or `stop` says so (asked every 512 lines). */
function eachLine(text: string, stop: () => boolean, each: (line: string, n: number) => boolean): void {
  let from = 0;
  for (let n = 1; from <= text.length; n++) {
    if (n % 512 === 0 && stop()) return;
    let end = text.indexOf('\n', from);
    if (end < 0) end = text.length;
    const line = text.charCodeAt(end - 1) === 13 && end > from ? text.slice(from, end - 1) : text.slice(from, end);
    if (!each(line, n)) return;
    // A text ending with a line break has no line after it.
    if (end === text.length || end + 1 === text.length) return;
    from = end + 1;
  }
}

function startOf(re: RE2JS, line: string): number {
  const m = re.matcher(line);
  return m.find() ? m.start() : 0;
}

/** The line, or a window of it around `at` when it is too long to return whole. */
function cutAround(line: string, at: number): string {
  if (line.length <= MAX_LINE_CHARS) return line;
  const from = Math.max(0, Math.min(at - 100, line.length - MAX_LINE_CHARS));
  const to = from + MAX_LINE_CHARS;
  return `${from > 0 ? '…' : ''}${line.slice(from, to)}${to < line.length ? '…' : ''}`;
}

/** The first construct RE2 cannot run, in words, or undefined. Escapes and character classes are skipped. */
export function unsupportedConstruct(source: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (!inClass && next >= '1' && next <= '9') return `a backreference (\\${next})`;
      if (!inClass && next === 'k' && source[i + 2] === '<') return 'a named backreference (\\k<…>)';
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
      if (source[i + 1] === '^') i++;
      if (source[i + 1] === ']') i++;
    } else if (c === '(' && source[i + 1] === '?') {
      const kind = source.slice(i + 2, i + 4);
      if (kind.startsWith('=')) return 'a lookahead (?=…)';
      if (kind.startsWith('!')) return 'a negative lookahead (?!…)';
      if (kind === '<=') return 'a lookbehind (?<=…)';
      if (kind === '<!') return 'a negative lookbehind (?<!…)';
      if (kind.startsWith('>')) return 'an atomic group (?>…)';
    }
  }
  return undefined;
}

function toolError(message: string): MiniCoderError {
  return new MiniCoderError({ kind: 'tool', message });
}
