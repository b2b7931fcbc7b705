import assert from 'node:assert/strict';
import { parsePatch, type FilePatch } from '../../../src/core/edits';
import { parsedFiles, syntaxError } from './parsed';

const parsed = (text: string) => parsedFiles(text, 'begin-patch');

describe('the *** Begin Patch format', () => {
  it('reads Add, Delete and Update File sections in order', () => {
    const files = parsed(
      ['*** Begin Patch', '*** Add File: new.txt', '+one', '+two', '*** Delete File: old.txt', '*** Update File: src/a.ts', '@@', ' keep', '-gone', '+added', '*** End Patch'].join('\n'),
    );
    assert.deepEqual(
      files.map((f) => [f.kind, f.path]),
      [
        ['add', 'new.txt'],
        ['delete', 'old.txt'],
        ['update', 'src/a.ts'],
      ],
    );
    const add = files[0] as Extract<FilePatch, { kind: 'add' }>;
    assert.deepEqual(add.lines, ['one', 'two']);
    const update = files[2] as Extract<FilePatch, { kind: 'update' }>;
    assert.deepEqual(
      update.hunks[0].lines.map((l) => [l.op, l.text]),
      [
        ['context', 'keep'],
        ['delete', 'gone'],
        ['add', 'added'],
      ],
    );
  });

  it('reads a Move to line and nested @@ anchors, outermost first', () => {
    const [file] = parsed(['*** Begin Patch', '*** Update File: a.py', '*** Move to: b.py', '@@ class A:', '@@     def f(self):', '-        return 1', '+        return 2', '*** End Patch'].join('\n'));
    assert.equal(file.kind, 'update');
    if (file.kind !== 'update') return;
    assert.equal(file.moveTo, 'b.py');
    assert.deepEqual(file.hunks[0].anchors, ['class A:', 'def f(self):']);
  });

  it('marks a hunk followed by *** End of File', () => {
    const [file] = parsed(['*** Begin Patch', '*** Update File: a', '@@', ' last', '+appended', '*** End of File', '*** End Patch'].join('\n'));
    assert.equal(file.kind === 'update' && file.hunks[0].atEndOfFile, true);
  });

  it('reads a unified hunk header inside the format as a line-number hint', () => {
    const [file] = parsed(['*** Begin Patch', '*** Update File: a', '@@ -12,3 +12,3 @@ function f() {', ' x', '-y', '+z', '*** End Patch'].join('\n'));
    assert.equal(file.kind, 'update');
    if (file.kind !== 'update') return;
    assert.equal(file.hunks[0].oldStart, 12);
    assert.deepEqual(file.hunks[0].anchors, ['function f() {']);
  });

  it('tolerates a missing *** Begin Patch and *** End Patch, and says so', () => {
    const result = parsePatch(['*** Update File: a', '@@', '-x', '+y'].join('\n'));
    assert.ok(result.ok);
    if (!result.ok) return;
    assert.equal(result.patch.files.length, 1);
    assert.ok(result.patch.notes.some((n) => n.includes('Begin Patch')));
    assert.ok(result.patch.notes.some((n) => n.includes('End Patch')));
  });

  it('skips prose and a ```diff fence around the patch', () => {
    const files = parsed(['Here is the change:', '', '```diff', '*** Begin Patch', '*** Update File: a', '@@', '-x', '+y', '```', 'Let me know if it works.'].join('\n'));
    assert.equal(files.length, 1);
    assert.equal(files[0].kind === 'update' && files[0].hunks[0].lines.length, 2);
  });

  it('reads a second patch that follows the first in the same text', () => {
    const files = parsed(['*** Begin Patch', '*** Delete File: a', '*** End Patch', 'and also:', '*** Begin Patch', '*** Delete File: b', '*** End Patch'].join('\n'));
    assert.deepEqual(
      files.map((f) => f.path),
      ['a', 'b'],
    );
  });

  it('accepts *** Begin Patch and *** End Patch with whitespace around them', () => {
    const result = parsePatch(['  *** Begin Patch\t', '*** Update File: a', '@@', ' k', '-x', '+y', ' *** End Patch  ', ''].join('\n'));
    assert.ok(result.ok);
    if (!result.ok) return;
    const [file] = result.patch.files;
    assert.equal(file.kind === 'update' && file.hunks[0].lines.map((l) => `${l.op}:${l.text}`).join('|'), 'context:k|delete:x|add:y');
    assert.deepEqual(result.patch.notes, [], 'both markers were seen');
  });

  it('ends the patch at an indented *** End Patch followed by prose, but keeps it as a context line when hunk lines follow', () => {
    const ended = parsed(['*** Begin Patch', '*** Update File: a', '@@', '-x', '+y', '\t*** End Patch', 'Done.'].join('\n'));
    assert.equal(ended[0].kind === 'update' && ended[0].hunks[0].lines.length, 2);
    // A file that documents the format contains the line `*** End Patch`; its context line is ' *** End Patch'.
    const [doc] = parsed(['*** Begin Patch', '*** Update File: README.md', '@@', ' *** End Patch', '-old', '+new', '*** End Patch'].join('\n'));
    assert.deepEqual(doc.kind === 'update' && doc.hunks[0].lines.map((l) => `${l.op}:${l.text}`), ['context:*** End Patch', 'delete:old', 'add:new']);
  });

  it('reads CRLF patch text like LF', () => {
    const [file] = parsed(['*** Begin Patch', '*** Update File: a', '@@', ' k', '-x', '+y', '*** End Patch'].join('\r\n'));
    assert.equal(file.kind === 'update' && file.hunks[0].lines.map((l) => l.text).join('|'), 'k|x|y');
  });

  it('keeps context lines written without their leading space, marked as such', () => {
    const [file] = parsed(['*** Begin Patch', '*** Update File: a', '@@', '\tindented()', '-old', '+new', ' spaced', '*** End Patch'].join('\n'));
    assert.equal(file.kind, 'update');
    if (file.kind !== 'update') return;
    const [first, , , last] = file.hunks[0].lines;
    assert.deepEqual([first.op, first.text, first.unprefixed], ['context', '\tindented()', true]);
    assert.equal(last.spaceMayBeContent, true, 'in such a hunk a leading space may be the line’s own');
  });

  it('strips a leading ./ from paths and keeps absolute paths as written', () => {
    const files = parsed(['*** Begin Patch', '*** Delete File: ./src/x.ts', '*** Delete File: /abs/y.ts', '*** End Patch'].join('\n'));
    assert.deepEqual(
      files.map((f) => f.path),
      ['src/x.ts', '/abs/y.ts'],
    );
  });

  describe('malformed input', () => {
    it('names the line of an added-file line without +', () => {
      const error = syntaxError(['*** Begin Patch', '*** Add File: a', '+ok', 'oops', '*** End Patch'].join('\n'));
      assert.equal(error.line, 4);
      assert.match(error.message, /starts with '\+'/);
    });

    it('names the line of an unknown *** directive inside a hunk', () => {
      const error = syntaxError(['*** Begin Patch', '*** Update File: a', '@@', '-x', '*** Rename File: b', '*** End Patch'].join('\n'));
      assert.equal(error.line, 5);
      assert.match(error.message, /expected a hunk line/);
    });

    it('names the line of text where a file header was expected', () => {
      const error = syntaxError(['*** Begin Patch', 'Update File: a', '*** End Patch'].join('\n'));
      assert.equal(error.line, 2);
      assert.match(error.message, /expected '\*\*\* Add File: <path>'/);
    });

    it('refuses an Update File with no hunks', () => {
      const error = syntaxError(['*** Begin Patch', '*** Update File: a', '*** End Patch'].join('\n'));
      assert.equal(error.line, 2);
      assert.match(error.message, /has no changes/);
    });

    it('refuses a header without a path', () => {
      const error = syntaxError(['*** Begin Patch', '*** Delete File:   ', '*** End Patch'].join('\n'));
      assert.equal(error.line, 2);
      assert.match(error.message, /file path/);
    });

    it('says what a patch looks like when the text is not one', () => {
      const result = parsePatch('\n\nplease change x to y');
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.equal(result.error.line, 3);
      assert.match(result.error.message, /Begin Patch/);
    });
  });
});
