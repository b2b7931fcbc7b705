import * as assert from 'node:assert/strict';
import { looksBinaryChunk, OutputBuffer, readableText } from '../../../src/core/commands/outputBuffer';

describe('a command\'s output, bounded', () => {
  it('keeps everything while it fits', () => {
    const buffer = new OutputBuffer(10, 20);
    buffer.append('hello\n');
    buffer.append('world\n');
    assert.equal(buffer.text(), 'hello\nworld\n');
    assert.equal(buffer.cut, false);
  });

  it('keeps the start and the end of a long output, at line boundaries, and says how much was cut', () => {
    const buffer = new OutputBuffer(20, 30);
    for (let i = 1; i <= 1000; i++) buffer.append(`line ${i}\n`);
    const text = buffer.text();
    assert.match(text, /^line 1\nline 2\n/);
    assert.match(text, /line 1000\n$/);
    assert.match(text, /\[… [\d,]+ characters of output cut here \(8,893 in all\); the start and the end are kept …\]/);
    assert.ok(text.length < 200);
    for (const line of text.split('\n').filter((l) => l.startsWith('line'))) assert.match(line, /^line \d+$/, 'no half lines');
  });

  it('removes sequences that could rewrite the terminal the output is echoed to: titles, cursor moves, C1 controls', () => {
    const hostile = 'ok\x1b]0;spoofed title\x07\x1b[2K\x1b[1A\x1b[Hmini-coder> \u009d0;title\u009c\u009b2Kdone\x1bPpayload\x1b\\\n';
    const shown = readableText(hostile);
    assert.doesNotMatch(shown, /[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    assert.equal(shown, 'okmini-coder> 0;titledone\n');
  });

  it('holds a bounded amount however much is appended', () => {
    const buffer = new OutputBuffer(100, 100);
    const chunk = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 1000; i++) buffer.append(chunk);
    assert.equal(buffer.totalChars, 64 * 1024 * 1000);
    assert.ok(buffer.text().length < 400);
  });

  it('removes colours and cursor movements and keeps the last state of progress lines', () => {
    assert.equal(readableText('\x1b[31mFAIL\x1b[0m a.test.ts\n'), 'FAIL a.test.ts\n');
    assert.equal(readableText('10%\r50%\r100%\ndone\n'), '100%\ndone\n');
    assert.equal(readableText('\x1b]0;title\x07text\r\n'), 'text\n');
    assert.equal(readableText('bell\x07 and backspace\x08\n'), 'bell and backspace\n');
  });

  it('tells binary output from text', () => {
    assert.equal(looksBinaryChunk(Buffer.from('plain text\twith tabs\n')), false);
    assert.equal(looksBinaryChunk(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00])), true);
    assert.equal(looksBinaryChunk(Buffer.from('\x1b[32mgreen\x1b[0m\n')), false);
  });
});
