import assert from 'node:assert/strict';
import { joinLines, splitLines } from '../../../src/core/edits';
import { applyToText, updatePatch } from './memoryFiles';

describe('keeping the file’s format', () => {
  it('splits and joins any text back to itself', () => {
    for (const text of ['', 'a', 'a\n', 'a\r\nb', 'a\r\nb\r\n', '\uFEFFx\ny', '\n\n', 'a\rb\n', 'mixed\r\nends\nhere']) {
      assert.equal(joinLines(splitLines(text)), text, JSON.stringify(text));
    }
  });

  it('keeps CRLF line endings and gives added lines CRLF too', async () => {
    const { text } = await applyToText('one\r\ntwo\r\nthree\r\n', updatePatch('f.txt', '@@', ' one', '-two', '+2', '+2.5', ' three'));
    assert.equal(text, 'one\r\n2\r\n2.5\r\nthree\r\n');
  });

  it('applies an LF patch to a CRLF file and a CRLF patch to an LF file', async () => {
    const lfPatch = updatePatch('f.txt', '@@', ' a', '-b', '+c');
    assert.equal((await applyToText('a\r\nb\r\n', lfPatch)).text, 'a\r\nc\r\n');
    assert.equal((await applyToText('a\nb\n', lfPatch.replace(/\n/g, '\r\n'))).text, 'a\nc\n');
  });

  it('keeps each untouched line’s own ending in a mixed file', async () => {
    const { text } = await applyToText('a\r\nb\nc\r\nd\r\n', updatePatch('f.txt', '@@', ' c', '-d', '+e'));
    assert.equal(text, 'a\r\nb\nc\r\ne\r\n');
  });

  it('keeps a missing final newline when the last line changes', async () => {
    const { text } = await applyToText('a\nb', updatePatch('f.txt', '@@', ' a', '-b', '+B'));
    assert.equal(text, 'a\nB');
  });

  it('keeps a missing final newline when lines are appended', async () => {
    const { text } = await applyToText('a\nb', updatePatch('f.txt', '@@', ' b', '+c', '*** End of File'));
    assert.equal(text, 'a\nb\nc');
  });

  it('keeps a missing final newline when the last line is deleted', async () => {
    const { text } = await applyToText('a\nb\nc', updatePatch('f.txt', '@@', ' b', '-c'));
    assert.equal(text, 'a\nb');
  });

  it('keeps the final newline when the last line is deleted', async () => {
    const { text } = await applyToText('a\nb\nc\n', updatePatch('f.txt', '@@', ' b', '-c'));
    assert.equal(text, 'a\nb\n');
  });

  it('keeps a UTF-8 byte order mark and matches the first line past it', async () => {
    const { text } = await applyToText('\uFEFFfirst\nsecond\n', updatePatch('f.txt', '@@', '-first', '+FIRST', ' second'));
    assert.equal(text, '\uFEFFFIRST\nsecond\n');
  });

  it('fills an empty file from a hunk with only added lines', async () => {
    const { text } = await applyToText('', updatePatch('f.txt', '@@', '+hello', '+world'));
    assert.equal(text, 'hello\nworld\n');
  });

  it('keeps non-ASCII text byte for byte', async () => {
    const { text } = await applyToText('const s = "naïve – 東京 🙂";\nx();\n', updatePatch('f.txt', '@@', ' const s = "naïve – 東京 🙂";', '-x();', '+y();'));
    assert.equal(text, 'const s = "naïve – 東京 🙂";\ny();\n');
  });
});
