import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileGlob, MAX_GLOB_CHARS } from '../../../src/core/glob';

/** The glob as a backtracking RegExp (what glob.ts used to build): the oracle, only ever run on short paths here. */
function oracle(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      while (glob[i + 1] === '*') i++;
      if (glob[i + 1] === '/') {
        re += '(?:.*/)?';
        i++;
      } else re += '.*';
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', glob[i + 1] === '!' ? i + 2 : i + 1);
      const body = glob.slice(glob[i + 1] === '!' ? i + 2 : i + 1, end);
      re += glob[i + 1] === '!' ? `(?!/)[^${body}]` : `[${body}]`;
      i = end;
    } else re += c.replace(/[.+^$()|\\{}]/g, '\\$&');
  }
  return new RegExp(glob.includes('/') ? `^${re}$` : `^(?:.*/)?${re}$`);
}

describe('globs (linear-time matching)', () => {
  it('matches ** across folders, * within one, braces and bare names at any depth', () => {
    const yes = (glob: string, path: string) => assert.ok(compileGlob(glob).test(path), `${glob} should match ${path}`);
    const no = (glob: string, path: string) => assert.ok(!compileGlob(glob).test(path), `${glob} should not match ${path}`);
    yes('src/**/*.ts', 'src/a/b/c.ts');
    yes('src/**/*.ts', 'src/c.ts');
    no('src/*.ts', 'src/a/c.ts');
    yes('*.{ts,js}', 'deep/x.js');
    no('*.ts', 'x.tsx');
    yes('file?.md', 'file1.md');
    no('file?.md', 'file/.md');
    yes('src/**', 'src/a/b');
    yes('**/test/*.ts', 'test/a.ts');
    yes('{src,lib}/{a,b{1,2}}.ts', 'lib/b2.ts');
    no('{src,lib}/{a,b{1,2}}.ts', 'lib/b3.ts');
    yes('[abc].ts', 'b.ts');
    yes('[!abc].ts', 'd.ts');
    no('[!abc].ts', 'a.ts');
    yes('[a-c]x', 'bx');
    yes('[]]x', ']x');
    yes('a[b', 'a[b'); // an unclosed class is a plain `[`
    yes('a{b', 'a{b'); // an unclosed brace too
  });

  it('agrees with the RegExp meaning of the same glob on every short path', () => {
    const token = fc.constantFrom('a', 'b', '.', '/', '*', '**', '**/', '?', '[ab]', '[!a]');
    const glob = fc.array(token, { minLength: 1, maxLength: 7 }).map((t) => t.join(''));
    const path = fc.array(fc.constantFrom('a', 'b', '.', '/', 'c'), { maxLength: 10 }).map((c) => c.join(''));
    fc.assert(
      fc.property(glob, path, (g, p) => compileGlob(g).test(p) === oracle(g).test(p)),
      { numRuns: 3000 },
    );
  });

  it('answers at once for a glob that makes a backtracking RegExp run for ever', () => {
    const hostile = `${'*a'.repeat(12)}*b`;
    const name = 'a'.repeat(5000);
    // No time is asserted (benchmarks measure speed): finishing within mocha's timeout at all is the point.
    assert.equal(compileGlob(hostile).test(name), false);
    assert.equal(compileGlob(hostile).test(`${name}b`), true);
    assert.equal(compileGlob(`${'**/a'.repeat(20)}/**/b`).test(`${'a/'.repeat(2000)}c`), false);
  });

  it('refuses a glob longer than any path could need', () => {
    assert.throws(() => compileGlob('a'.repeat(MAX_GLOB_CHARS + 1)), /at most 1000/);
  });
});
