import assert from 'node:assert/strict';
import { applyToText, refusal, updatePatch } from './memoryFiles';

const SOURCE = [
  'import { readFile } from "node:fs";',
  '',
  'export function greet(name: string): string {',
  '  const greeting = "Hello, " + name;',
  '  return greeting;',
  '}',
  '',
  'export function part(n: number): number {',
  '  if (n > 10) {',
  '    return n * 2;',
  '  }',
  '  return n;',
  '}',
  '',
].join('\n');

const EXPECTED = SOURCE.replace('  return greeting;', '  return greeting.trim();');

function tolerated(tolerances: string[], pattern: RegExp): void {
  assert.ok(tolerances.some((t) => pattern.test(t)), `expected a tolerance matching ${pattern}, got ${JSON.stringify(tolerances)}`);
}

describe('matching hunks to the current file', () => {
  it('applies an exact hunk and reports no tolerance', async () => {
    const { text, tolerances } = await applyToText(SOURCE, updatePatch('f.txt', '@@', '   const greeting = "Hello, " + name;', '-  return greeting;', '+  return greeting.trim();', ' }'));
    assert.equal(text, EXPECTED);
    assert.deepEqual(tolerances, []);
  });

  it('ignores trailing whitespace the model added or dropped, keeping the file’s context lines', async () => {
    const file = SOURCE.replace('  const greeting = "Hello, " + name;', '  const greeting = "Hello, " + name;   ');
    const { text, tolerances } = await applyToText(file, updatePatch('f.txt', '@@', '   const greeting = "Hello, " + name;', '-  return greeting;  ', '+  return greeting.trim();', ' }'));
    assert.equal(text, EXPECTED.replace('  const greeting = "Hello, " + name;', '  const greeting = "Hello, " + name;   '));
    tolerated(tolerances, /trailing whitespace/);
  });

  it('treats curly quotes and dashes as their ASCII look-alikes', async () => {
    const { text, tolerances } = await applyToText(SOURCE, updatePatch('f.txt', '@@', '   const greeting = “Hello, ” + name;', '-  return greeting;', '+  return greeting.trim();', ' }'));
    assert.equal(text, EXPECTED, 'the context line keeps the file’s straight quotes');
    tolerated(tolerances, /look-alikes/);
  });

  it('matches the file’s curly quotes and en dashes from ASCII in the patch', async () => {
    const file = 'const title = “Fast – safe”;\nconst x = 1;\n';
    const { text } = await applyToText(file, updatePatch('f.txt', '@@', ' const title = "Fast - safe";', '-const x = 1;', '+const x = 2;'));
    assert.equal(text, 'const title = “Fast – safe”;\nconst x = 2;\n');
  });

  it('re-indents a hunk the model wrote at the wrong indentation, added lines included', async () => {
    const { text, tolerances } = await applyToText(SOURCE, updatePatch('f.txt', '@@', ' if (n > 10) {', '-  return n * 2;', '+  const doubled = n * 2;', '+  return doubled;', ' }'));
    assert.equal(text, SOURCE.replace('    return n * 2;', '    const doubled = n * 2;\n    return doubled;'));
    tolerated(tolerances, /re-indented/);
  });

  it('converts spaces in the patch to the tabs the file uses', async () => {
    const file = 'func main() {\n\tif ok {\n\t\trun()\n\t}\n}\n';
    const { text } = await applyToText(file, updatePatch('f.txt', '@@', '     if ok {', '-        run()', '+        start()', '+        run()', '     }'));
    assert.equal(text, 'func main() {\n\tif ok {\n\t\tstart()\n\t\trun()\n\t}\n}\n');
  });

  it('reads a hunk that lost its prefixes and turned tabs into spaces, keeping added lines on the file’s tab grid', async () => {
    const file = 'func main() {\n\tif ok {\n\t\trun()\n\t}\n}\n';
    // `    if ok {` is either ' ' + 3 spaces (1 column off the tabs) or 4 spaces that lost their prefix.
    const { text } = await applyToText(file, updatePatch('f.txt', '@@', 'func main() {', '    if ok {', '+        start()', '        run()'));
    assert.equal(text, 'func main() {\n\tif ok {\n\t\tstart()\n\t\trun()\n\t}\n}\n');
  });

  describe('lines that differ from the file only in whitespace, unevenly', () => {
    const PY = ['class Shop:', '    def total(self, items):', '        sum = 0', '        for item in items:', '            sum += item.price', '        return sum', ''].join('\n');

    it('applies a hunk whose indentation is not the same shift on every line when it fits one place, in the file’s indentation', async () => {
      const file = 'def f():\n    if a:\n        b()\n    c()\n';
      const { text, tolerances } = await applyToText(file, updatePatch('f.txt', '@@', ' if a:', '-b()', '+d()', '    c()'));
      assert.equal(text, 'def f():\n    if a:\n        d()\n    c()\n');
      tolerated(tolerances, /differ from the file's only in whitespace .* fit one place/);
    });

    it('indents added lines like the deleted line they replace, keeping their depth relative to it', async () => {
      // Every line lost its indentation; the new `if` nests the old line one level deeper.
      const { text } = await applyToText(PY, updatePatch('f.txt', '@@', ' def total(self, items):', ' sum = 0', ' for item in items:', '-sum += item.price', '+if item.price:', '+    sum += item.price', ' return sum'));
      assert.equal(text, PY.replace('            sum += item.price', '            if item.price:\n                sum += item.price'));
    });

    it('indents an inserted line like the unchanged line next to it that the patch indents the same', async () => {
      const { text } = await applyToText(PY, updatePatch('f.txt', '@@', '     def total(self, items):', '       sum = 0', '+        count = 0', '         for item in items:'));
      assert.equal(text, PY.replace('        sum = 0\n', '        sum = 0\n        count = 0\n'));
    });

    it('keeps a tab-indented file in tabs', async () => {
      const file = 'func main() {\n\tif ok {\n\t\trun()\n\t}\n}\n';
      const { text } = await applyToText(file, updatePatch('f.txt', '@@', ' func main() {', '  if ok {', '-    run()', '+    start()', '+    run()', '  }'));
      assert.equal(text, 'func main() {\n\tif ok {\n\t\tstart()\n\t\trun()\n\t}\n}\n');
    });

    it('accepts trailing spaces together with uneven indentation', async () => {
      const { text } = await applyToText(PY, updatePatch('f.txt', '@@', ' sum = 0  ', '\tfor item in items:', '-sum += item.price\t', '+sum += item.cost'));
      assert.equal(text, PY.replace('item.price', 'item.cost'));
    });

    it('refuses when the lines fit two places once whitespace is ignored, naming both', async () => {
      const file = 'a:\n  x = 1\n  y = 2\nb:\n    x = 1\n    y = 2\n';
      const error = await refusal({ 'f.txt': file }, updatePatch('f.txt', '@@', ' x = 1', '-  y = 2', '+  y = 3'));
      assert.match(error, /match 2 places equally well \(lines 2, 5\)/);
    });

    it('refuses when another place fits with one slightly different line: two weak readings are ambiguous', async () => {
      const block = (word: string) => ['  /**', `   * Adds a node ${word} to the output stream`, '   */', '  handle(node) {', '  }'];
      const file = [...block('open'), ...block('close'), ''].join('\n');
      // At the `open` block only whitespace differs, unevenly; at `close` one word does.
      const error = await refusal({ 'f.txt': file }, updatePatch('f.txt', '@@', ' /**', '   * Adds a node open to the output stream', '  */', '+  log(node);', ' handle(node) {'));
      assert.match(error, /match no place exactly and 2 places approximately \(lines 1, 6\)/);
    });

    it('says which lines differ only in whitespace and which in text, never that all agree', async () => {
      const error = await refusal({ 'f.txt': PY }, updatePatch('f.txt', '@@', ' def total(self, items):', ' sum = 0', ' for item in things:', '-sum += item.price', '+sum += 1'));
      assert.match(error, /closest text is at line 2 \(0 of 4 lines are the same, 3 differ only in whitespace, 1 differs in text\)/);
      assert.match(error, /first difference is at line 4: the patch has "for item in things:", the file has "for item in items:"/);
      assert.doesNotMatch(error, /(\d+) of \1 lines/);
    });
  });

  it('places a unified hunk whose line numbers are off, and says by how much', async () => {
    const patch = ['--- a/f.txt', '+++ b/f.txt', '@@ -30,3 +30,3 @@', '   const greeting = "Hello, " + name;', '-  return greeting;', '+  return greeting.trim();', ' }'].join('\n');
    const { text, tolerances } = await applyToText(SOURCE, patch);
    assert.equal(text, EXPECTED);
    tolerated(tolerances, /header said line 30; its lines are at line 4/);
  });

  it('uses the header line number to choose between identical places when it is clearly nearer one', async () => {
    const file = ['a', 'x = 1', 'b', 'filler', 'filler2', 'filler3', 'filler4', 'filler5', 'a', 'x = 1', 'b', ''].join('\n');
    const patch = ['--- a/f.txt', '+++ b/f.txt', '@@ -8,3 +8,3 @@', ' a', '-x = 1', '+x = 2', ' b'].join('\n');
    const { text, tolerances } = await applyToText(file, patch);
    assert.equal(text, file.replace(/x = 1\nb\n$/, 'x = 2\nb\n'));
    tolerated(tolerances, /nearest the header's line number/);
  });

  it('accepts one slightly wrong context line, keeping the file’s version of it', async () => {
    const { text, tolerances } = await applyToText(
      SOURCE,
      updatePatch('f.txt', '@@', ' export function greet(name: String): string {', '   const greeting = "Hello, " + name;', '-  return greeting;', '+  return greeting.trim();', ' }'),
    );
    assert.equal(text, EXPECTED);
    tolerated(tolerances, /context line "export function greet\(name: String\): string \{" differs from the file's line 3/);
  });

  it('among places that match only approximately, chooses the one differing in fewer lines', async () => {
    const block = (name: string, kind: string) => [`function ${name}() {`, `  const kind = "${kind}";`, '  const size = 10;', '  return compute(kind, size);', '}', ''];
    const file = [...block('one', 'alpha'), ...block('two', 'beta'), ''].join('\n');
    const patch = updatePatch('f.txt', '@@', ' function twoo() {', '   const kind = "beta";', '   const size = 10;', '-  return compute(kind, size);', '+  return compute(kind, size * 2);', ' }', ' ');
    const { text, tolerances } = await applyToText(file, patch);
    assert.equal(text, file.replace(/(beta[\s\S]*)return compute\(kind, size\);/, '$1return compute(kind, size * 2);'));
    tolerated(tolerances, /fit 2 places only approximately; chose the one that differs least/);
  });

  it('prefers dropping a blank edge line to an approximate match elsewhere that differs more', async () => {
    const block = (name: string, kind: string) => [`function ${name}() {`, `  const kind = "${kind}";`, '  const size = 10;', '  return compute(kind, size);', '}'];
    // Only the first block is followed by a blank line, as the patch's last line says.
    const file = [...block('one', 'alpha'), '', ...block('two', 'beta')].join('\n') + '\n';
    const patch = updatePatch('f.txt', '@@', ' function twoo() {', '   const kind = "beta";', '   const size = 10;', '-  return compute(kind, size);', '+  return compute(kind, size * 2);', ' }', ' ');
    const { text } = await applyToText(file, patch);
    assert.equal(text, file.replace(/(beta[\s\S]*)return compute\(kind, size\);/, '$1return compute(kind, size * 2);'));
  });

  it('reads context lines that lost their leading space', async () => {
    const { text, tolerances } = await applyToText(SOURCE, updatePatch('f.txt', '@@', '  const greeting = "Hello, " + name;', '-  return greeting;', '+  return greeting.trim();', '}'));
    assert.equal(text, EXPECTED);
    tolerated(tolerances, /lacked their leading ' '/);
  });

  it('drops a blank separator line at a hunk edge that the file does not have there', async () => {
    const { text, tolerances } = await applyToText(SOURCE, updatePatch('f.txt', '@@', '   if (n > 10) {', '-    return n * 2;', '+    return n * 3;', '', '@@', '   return n;'));
    assert.equal(text, SOURCE.replace('n * 2', 'n * 3'));
    tolerated(tolerances, /dropped 1 blank context line at its edges/);
  });

  it('reads a twice-escaped patch (\\" for ") when only that makes it match', async () => {
    const { text, tolerances } = await applyToText(SOURCE, updatePatch('f.txt', '@@', '   const greeting = \\"Hello, \\" + name;', '-  return greeting;', '+  return greeting + \\"!\\";'));
    assert.equal(text, SOURCE.replace('  return greeting;', '  return greeting + "!";'));
    tolerated(tolerances, /escaped twice/);
  });

  it('uses the @@ anchor to pick between identical blocks', async () => {
    const file = 'class A {\n  run() {\n    go();\n  }\n}\nclass B {\n  run() {\n    go();\n  }\n}\n';
    const { text } = await applyToText(file, updatePatch('f.txt', '@@ class B {', '   run() {', '-    go();', '+    stop();', '   }'));
    assert.equal(text, file.replace(/go\(\);(?![\s\S]*go\(\);)/, 'stop();'));
  });

  it('uses nested anchors in order', async () => {
    const file = 'class A:\n    def f(self):\n        return 1\nclass B:\n    def g(self):\n        return 1\n    def f(self):\n        return 1\n';
    const { text } = await applyToText(file, updatePatch('f.txt', '@@ class B:', '@@     def f(self):', '-        return 1', '+        return 2'));
    assert.equal(text, file.replace(/return 1\n$/, 'return 2\n'));
  });

  it('appends after the last line with *** End of File', async () => {
    const { text } = await applyToText('a\nb\n', updatePatch('f.txt', '@@', ' b', '+c', '*** End of File'));
    assert.equal(text, 'a\nb\nc\n');
  });

  it('prefers the place at the end of the file when *** End of File says so', async () => {
    const { text } = await applyToText('x\ny\nx\ny\n', updatePatch('f.txt', '@@', ' x', '-y', '+z', '*** End of File'));
    assert.equal(text, 'x\ny\nx\nz\n');
  });

  it('inserts after an anchor line when the hunk only adds lines', async () => {
    const { text } = await applyToText('class A {\n}\n', updatePatch('f.txt', '@@ class A {', '+  field = 1;'));
    assert.equal(text, 'class A {\n  field = 1;\n}\n');
  });

  it('applies several hunks in one file in order', async () => {
    const { text } = await applyToText(SOURCE, updatePatch('f.txt', '@@', '-import { readFile } from "node:fs";', '+import { readFile } from "node:fs/promises";', '@@', '   if (n > 10) {', '-    return n * 2;', '+    return n * 3;'));
    assert.equal(text, SOURCE.replace('"node:fs"', '"node:fs/promises"').replace('n * 2', 'n * 3'));
  });
});
