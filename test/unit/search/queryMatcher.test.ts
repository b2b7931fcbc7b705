import * as assert from 'node:assert/strict';
import { compileQuery, MAX_LINE_CHARS } from '../../../src/core/search/queryMatcher';

/** Every matching line of a text as [line, text]. */
function scan(query: string, isRegex: boolean, text: string): Array<[number, string]> {
  const found: Array<[number, string]> = [];
  compileQuery(query, isRegex).scan(text, (line, lineText) => (found.push([line, lineText]), true), () => false);
  return found;
}

describe('search_text queries', () => {
  it('finds literal text case-insensitively, one result per line, with CRLF or LF endings', () => {
    assert.deepEqual(scan('needle', false, 'a Needle\r\nnone\r\nNEEDLE and needle\r\n'), [
      [1, 'a Needle'],
      [3, 'NEEDLE and needle'],
    ]);
    assert.deepEqual(scan('a.b', false, 'axb\na.b'), [[2, 'a.b']], 'regex characters are literal');
  });

  it('matches a regular expression line by line, ^ and $ at each line', () => {
    const text = 'const a = 1;\nlet b = 2\n  const c = 3;\n';
    assert.deepEqual(scan('^const \\w', true, text), [[1, 'const a = 1;']]);
    assert.deepEqual(scan('\\d;$', true, text), [
      [1, 'const a = 1;'],
      [3, '  const c = 3;'],
    ]);
    assert.deepEqual(scan('(?i)LET', true, text), [[2, 'let b = 2']]);
    assert.deepEqual(scan('\\Aconst', true, text), [[1, 'const a = 1;']], '\\A is the start of each line');
    assert.deepEqual(scan('1;\\s+let', true, text), [], 'a match never spans lines');
  });

  it('accepts JavaScript spellings RE2 writes differently', () => {
    assert.deepEqual(scan('(?<word>\\u0041)b', true, 'xAb\n'), [[1, 'xAb']]);
  });

  it('runs the classic catastrophic patterns in linear time', () => {
    const line = `${'word '.repeat(40_000)};`;
    assert.deepEqual(scan('(\\w+\\s?)+;$', true, `${line}\nno semicolon here`).map(([n]) => n), [1]);
    assert.deepEqual(scan('(a+)+$', true, `${'a'.repeat(100_000)}!`), []);
  });

  it('returns a long line cut around the match', () => {
    const line = `${'x'.repeat(10_000)}NEEDLE${'y'.repeat(10_000)}`;
    for (const [query, isRegex] of [['needle', false], ['NEE+DLE', true]] as const) {
      const [[n, text]] = scan(query, isRegex, line);
      assert.equal(n, 1);
      assert.ok(text.includes('NEEDLE'), text);
      assert.ok(text.length <= MAX_LINE_CHARS + 2, `${text.length} characters`);
      assert.ok(text.startsWith('…') && text.endsWith('…'));
    }
  });

  it('names lookaround and backreferences, which RE2 cannot run, and says what to do instead', () => {
    const cases: Array<[string, RegExp]> = [
      ['foo(?=bar)', /lookahead \(\?=…\)/],
      ['foo(?!bar)', /negative lookahead/],
      ['(?<=a)b', /lookbehind \(\?<=…\)/],
      ['(?<!a)b', /negative lookbehind/],
      ['(a)\\1', /backreference \(\\1\)/],
      ['(?<x>a)\\k<x>', /named backreference/],
    ];
    for (const [query, message] of cases) {
      assert.throws(() => compileQuery(query, true), (err: Error) => message.test(err.message) && /RE2/.test(err.message), query);
    }
    assert.deepEqual(scan('[(?=]x', true, '=x\n'), [[1, '=x']], 'inside a class the characters are plain');
    assert.deepEqual(scan('\\(?=x', true, '(=x\n'), [[1, '(=x']], 'an escaped parenthesis is plain');
  });

  it('reports a regex syntax error with the part RE2 could not read', () => {
    assert.throws(() => compileQuery('(ab', true), /Invalid regular expression \(RE2 syntax\): missing closing \): `\(ab`/);
    assert.throws(() => compileQuery('a{1001}', true), /invalid repeat count/);
    assert.throws(() => compileQuery('', false), /query is empty/);
  });
});
