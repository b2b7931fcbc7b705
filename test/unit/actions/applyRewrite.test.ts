import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyRangeRewrite } from '../../../src/core/actions/applyRewrite';

const doc = 'function a() {\n  return 1;\n}\n\nfunction b() {\n  return 2;\n}\n';
const rangeOf = (text: string, part: string) => {
  const start = text.indexOf(part);
  return { start, end: start + part.length };
};

describe('applying a rewrite to its range only', () => {
  it('replaces exactly the range in an unchanged document', () => {
    const range = rangeOf(doc, '  return 2;');
    const result = applyRangeRewrite(doc, { text: doc, range }, '  return 20;');
    assert.ok(result.ok);
    assert.equal(result.text, doc.replace('return 2;', 'return 20;'));
    assert.deepEqual(result.replaced, range);
    assert.equal(result.text.slice(result.inserted.start, result.inserted.end), '  return 20;');
  });

  it('changes nothing outside a random range, for any text, range and replacement', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 200 }), fc.nat(), fc.nat(), fc.string({ maxLength: 50 }), (text, x, y, replacement) => {
        const a = x % (text.length + 1);
        const b = y % (text.length + 1);
        const range = { start: Math.min(a, b), end: Math.max(a, b) };
        const result = applyRangeRewrite(text, { text, range }, replacement);
        assert.ok(result.ok);
        assert.equal(result.text.slice(0, range.start), text.slice(0, range.start));
        assert.equal(result.text.slice(range.start + replacement.length), text.slice(range.end));
        assert.equal(result.text.slice(range.start, range.start + replacement.length), replacement);
      }),
      { numRuns: 500 },
    );
  });

  it('finds the range again after an edit above it moved it', () => {
    const range = rangeOf(doc, '  return 2;');
    const current = '// header\n' + doc;
    const result = applyRangeRewrite(current, { text: doc, range }, '  return 20;');
    assert.ok(result.ok);
    assert.equal(result.text, current.replace('return 2;', 'return 20;'));
  });

  it('tells two equal-looking places apart by what surrounds them', () => {
    const twice = 'function a() {\n  go();\n}\nfunction b() {\n  go();\n}\n';
    const second = twice.lastIndexOf('  go();');
    const range = { start: second, end: second + '  go();'.length };
    const current = twice.replace('function a() {', 'function a(x) {');
    const result = applyRangeRewrite(current, { text: twice, range }, '  stop();');
    assert.ok(result.ok);
    assert.equal(result.text, 'function a(x) {\n  go();\n}\nfunction b() {\n  stop();\n}\n');
  });

  it('refuses when the selected code itself was edited since the request', () => {
    const range = rangeOf(doc, '  return 2;');
    const result = applyRangeRewrite(doc.replace('return 2;', 'return 3;'), { text: doc, range }, '  return 20;');
    assert.ok(!result.ok);
    assert.match(result.error.message, /edited since the request/);
  });

  it('refuses when the selected code now appears in two places with the same surroundings', () => {
    const result = applyRangeRewrite(doc + doc, { text: doc, range: { start: 0, end: doc.length } }, 'x');
    assert.ok(!result.ok);
    assert.match(result.error.message, /appears in 2 places/);
  });

  it('after an edit outside the range, replaces the original code at its new place or refuses, never elsewhere', () => {
    let applied = 0;
    fc.assert(
      fc.property(
        // A small alphabet makes repeated text, and so look-alike places, common.
        fc.string({ unit: fc.constantFrom('a', 'b', '\n', ' '), minLength: 1, maxLength: 80 }),
        fc.nat(),
        fc.nat(),
        fc.nat(),
        fc.string({ unit: fc.constantFrom('a', 'b', '\n', 'x'), minLength: 1, maxLength: 10 }),
        (text, x, y, z, inserted) => {
          const a = x % (text.length + 1);
          const b = y % (text.length + 1);
          const range = { start: Math.min(a, b), end: Math.max(a, b) };
          if (range.start === range.end) return;
          const outside = [...Array(text.length + 1).keys()].filter((i) => i <= range.start || i >= range.end);
          const current = text.slice(0, outside[z % outside.length]) + inserted + text.slice(outside[z % outside.length]);
          const result = applyRangeRewrite(current, { text, range }, 'NEW');
          if (!result.ok) return;
          applied++;
          // Every insertion point that explains the current text gives a correct new place for the range.
          const correct = new Set<number>();
          for (const at of outside) {
            if (text.slice(0, at) + inserted + text.slice(at) !== current) continue;
            if (at <= range.start) correct.add(range.start + inserted.length);
            if (at >= range.end) correct.add(range.start);
          }
          assert.ok(correct.has(result.replaced.start), `replaced at ${result.replaced.start}, expected one of ${[...correct].join(', ')}`);
          assert.equal(result.text, current.slice(0, result.replaced.start) + 'NEW' + current.slice(result.replaced.end));
        },
      ),
      { numRuns: 2000 },
    );
    assert.ok(applied > 1000, `only ${applied} of 2000 edits were applied`);
  });

  it('refuses an insertion point (empty range) once the document changed', () => {
    const at = doc.indexOf('function b');
    const result = applyRangeRewrite('// top\n' + doc, { text: doc, range: { start: at, end: at } }, '/** Doc. */\n');
    assert.ok(!result.ok);
  });

});
