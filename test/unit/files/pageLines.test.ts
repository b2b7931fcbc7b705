import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { pageLines } from '../../../src/core/files/pageLines';

const page = (text: string | string[], request: Partial<Parameters<typeof pageLines>[1]> = {}) =>
  pageLines(Array.isArray(text) ? text : [text], { startLine: 1, maxLines: 2000, maxChars: 200_000, ...request });

describe('paging a file by lines and characters', () => {
  it('numbers the lines of a small file and counts them, with or without a final newline', async () => {
    assert.deepEqual(await page('a\nb\n'), { lines: [{ line: 1, text: 'a', fromChar: 0 }, { line: 2, text: 'b', fromChar: 0 }], totalLines: 2 });
    assert.deepEqual((await page('a\nb')).totalLines, 2);
    assert.deepEqual(await page(''), { lines: [], totalLines: 0 });
    assert.deepEqual((await page('\n\n')).lines.map((l) => l.text), ['', '']);
  });

  it('drops the CR of CRLF line endings from the text', async () => {
    assert.deepEqual((await page('a\r\nb\r\n')).lines.map((l) => l.text), ['a', 'b']);
  });

  it('stops at the line limit and says where to go on', async () => {
    const text = Array.from({ length: 10 }, (_, i) => `line ${i + 1}`).join('\n');
    const first = await page(text, { maxLines: 4 });
    assert.deepEqual(first.lines.map((l) => l.line), [1, 2, 3, 4]);
    assert.deepEqual(first.next, { line: 5, char: 0 });
    assert.equal(first.totalLines, 10);
    const last = await page(text, { startLine: 9, maxLines: 4 });
    assert.deepEqual(last.lines.map((l) => l.text), ['line 9', 'line 10']);
    assert.equal(last.next, undefined);
  });

  it('cuts one huge line inside the line, by characters, and continues from the offset', async () => {
    const line = 'x'.repeat(1000);
    const first = await page([line.slice(0, 300), line.slice(300), '\nend\n'], { maxChars: 101 });
    assert.equal(first.lines.length, 1);
    assert.equal(first.lines[0].text.length, 100);
    assert.equal(first.lines[0].lineLength, 1000);
    assert.deepEqual(first.next, { line: 1, char: 100 });
    const second = await page(line + '\nend\n', { startLine: 1, startChar: 100, maxChars: 10_000 });
    assert.equal(second.lines[0].fromChar, 100);
    assert.equal(second.lines[0].text.length, 900);
    assert.deepEqual(second.lines[1], { line: 2, text: 'end', fromChar: 0 });
  });

  it('honours an end line', async () => {
    const result = await page('1\n2\n3\n4\n', { startLine: 2, endLine: 3 });
    assert.deepEqual(result.lines.map((l) => l.text), ['2', '3']);
    assert.equal(result.next, undefined);
  });

  it('gives the same lines however the text is split into chunks, and never more characters than the page', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: fc.constantFrom('a', 'b', '\n', '\r', 'é'), maxLength: 200 }),
        fc.array(fc.nat(200), { maxLength: 6 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 8 }),
        async (text, cuts, maxChars, maxLines) => {
          const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const chunks: string[] = [];
          let at = 0;
          for (const p of points) {
            chunks.push(text.slice(at, p));
            at = p;
          }
          chunks.push(text.slice(at));
          const whole = await page(text, { maxChars, maxLines });
          assert.deepEqual(await page(chunks, { maxChars, maxLines }), whole);
          const shown = whole.lines.reduce((n, l) => n + l.text.length + 1, 0);
          assert.ok(shown <= Math.max(maxChars, 1) + 1, `${shown} > ${maxChars}`);
          const expected = text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
          assert.equal(whole.totalLines, expected);
        },
      ),
    );
  });

  it('reads a whole file page by page back to its text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: fc.constantFrom('a', 'b', '\n'), maxLength: 300 }), fc.integer({ min: 2, max: 25 }), async (text, maxChars) => {
        const rebuilt: string[] = [];
        let request = { startLine: 1, startChar: 0 };
        for (let guard = 0; guard < 1000; guard++) {
          const p = await page(text, { ...request, maxChars, maxLines: 3 });
          for (const l of p.lines) {
            if (l.fromChar === 0) rebuilt.push(l.text);
            else rebuilt[rebuilt.length - 1] += l.text;
          }
          if (!p.next) break;
          request = { startLine: p.next.line, startChar: p.next.char };
        }
        const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
        assert.deepEqual(rebuilt, lines);
      }),
    );
  });
});
