import * as assert from 'node:assert/strict';
import { cutToFit, MIN_USEFUL_TOKENS } from '../../../src/core/context/cut';
import { loadTokenCounter, type TokenCounter } from '../../../src/core/context/tokens';

const numbered = (n: number) => Array.from({ length: n }, (_, i) => `const value${i + 1} = compute(${i + 1}, "line ${i + 1}");`).join('\n') + '\n';
const MARKER = /^\[\.\.\. .* left out to fit the context budget \.\.\.\]$/;

describe('cutting a source to fit', () => {
  let counter: TokenCounter;
  before(async () => {
    counter = await loadTokenCounter();
  });

  it('keeps a text that fits whole, without a marker', () => {
    const text = numbered(10);
    const cut = cutToFit(text, 10_000, counter)!;
    assert.equal(cut.text, text);
    assert.equal(cut.truncated, false);
    assert.equal(cut.tokens, counter.count(text));
  });

  it('cuts at line boundaries and says which lines were left out', () => {
    const text = numbered(500);
    const cut = cutToFit(text, 400, counter)!;
    assert.ok(cut.truncated);
    assert.ok(cut.tokens <= 400 && cut.tokens === counter.count(cut.text));
    const lines = cut.text.trimEnd().split('\n');
    const marker = lines.pop()!;
    assert.match(marker, MARKER);
    const original = new Set(text.split('\n'));
    for (const line of lines) assert.ok(original.has(line), `"${line}" is not a whole line of the source`);
    assert.equal(lines[0], 'const value1 = compute(1, "line 1");');
    assert.ok(marker.includes(`lines ${lines.length + 1}-500 of 500`), marker);
    assert.equal(cut.note, `lines ${lines.length + 1}-500 of 500 left out`);
  });

  it('keeps the focused lines, with markers above and below', () => {
    const text = numbered(2000);
    const cut = cutToFit(text, 600, counter, { startLine: 1200, endLine: 1205 })!;
    const lines = cut.text.trimEnd().split('\n');
    assert.match(lines[0], MARKER);
    assert.match(lines[lines.length - 1], MARKER);
    for (let n = 1200; n <= 1205; n++) assert.ok(lines.includes(`const value${n} = compute(${n}, "line ${n}");`), `line ${n} kept`);
    const firstKept = Number(/value(\d+)/.exec(lines[1])![1]);
    assert.ok(firstKept < 1200, 'some lead-in above the focus is kept');
    assert.ok(lines[0].includes(`lines 1-${firstKept - 1} of 2000`), lines[0]);
    assert.ok(cut.tokens <= 600);
  });

  it('keeps the start of a single overlong line (minified code) and marks the rest', () => {
    const text = 'var a=1;'.repeat(5000);
    const cut = cutToFit(text, 300, counter)!;
    assert.ok(cut.truncated && cut.tokens <= 300);
    assert.ok(text.startsWith(cut.text.split('\n')[0]));
    assert.match(cut.text, /the rest of line 1 left out/);
  });

  it('gives up when not even a useful piece fits', () => {
    assert.equal(cutToFit(numbered(500), MIN_USEFUL_TOKENS - 1, counter), undefined);
  });
});
