import assert from 'node:assert/strict';
import { parsedFiles, syntaxError } from './parsed';

const parsed = (text: string) => parsedFiles(text, 'unified');

describe('unified diffs', () => {
  it('reads several files, stripping a/ and b/ prefixes', () => {
    const files = parsed(
      ['--- a/src/one.ts', '+++ b/src/one.ts', '@@ -1,2 +1,2 @@', ' a', '-b', '+c', '--- a/two.ts', '+++ b/two.ts', '@@ -5 +5 @@', '-x', '+y'].join('\n'),
    );
    assert.deepEqual(
      files.map((f) => [f.kind, f.path]),
      [
        ['update', 'src/one.ts'],
        ['update', 'two.ts'],
      ],
    );
    const two = files[1];
    assert.equal(two.kind === 'update' && two.hunks[0].oldStart, 5);
  });

  it('reads /dev/null as a new or deleted file', () => {
    const files = parsed(['--- /dev/null', '+++ b/new.txt', '@@ -0,0 +1,2 @@', '+hello', '+world', '--- a/old.txt', '+++ /dev/null', '@@ -1 +0,0 @@', '-bye'].join('\n'));
    assert.deepEqual(files[0], { kind: 'add', path: 'new.txt', lines: ['hello', 'world'], finalNewline: true, patchLine: 1 });
    assert.deepEqual(files[1], { kind: 'delete', path: 'old.txt', patchLine: 6 });
  });

  it("honours '\\ No newline at end of file' for a new file", () => {
    const [file] = parsed(['--- /dev/null', '+++ b/n.txt', '@@ -0,0 +1 @@', '+x', '\\ No newline at end of file'].join('\n'));
    assert.equal(file.kind === 'add' && file.finalNewline, false);
  });

  it('reads lines past a header whose counts are too small', () => {
    const [file] = parsed(['--- a/f', '+++ b/f', '@@ -1,1 +1,1 @@', ' a', '-b', '+c', ' d'].join('\n'));
    assert.equal(file.kind === 'update' && file.hunks[0].lines.length, 4);
  });

  it('reads a hunk whose header counts are too large up to the next file', () => {
    const files = parsed(['--- a/f', '+++ b/f', '@@ -1,9 +1,9 @@', ' a', '-b', '+c', '--- a/g', '+++ b/g', '@@ -1 +1 @@', '-x', '+y'].join('\n'));
    assert.deepEqual(
      files.map((f) => (f.kind === 'update' ? [f.path, f.hunks[0].lines.length] : [])),
      [
        ['f', 3],
        ['g', 2],
      ],
    );
  });

  it('stops a hunk at prose once its counts are met', () => {
    const [file] = parsed(['```diff', '--- a/f', '+++ b/f', '@@ -1,2 +1,2 @@', ' a', '-b', '+c', '```', '', 'This renames b.'].join('\n'));
    assert.equal(file.kind === 'update' && file.hunks[0].lines.length, 3);
  });

  it('reads a bare @@ (no line numbers) as a hunk placed by its lines', () => {
    const [file] = parsed(['--- f', '+++ f', '@@', ' a', '-b', '+c'].join('\n'));
    assert.equal(file.kind === 'update' && file.hunks[0].oldStart, undefined);
  });

  it('reads a git rename as a move', () => {
    const [file] = parsed(['diff --git a/old.ts b/new.ts', 'similarity index 90%', 'rename from old.ts', 'rename to new.ts', '--- a/old.ts', '+++ b/new.ts', '@@ -1 +1 @@', '-x', '+y'].join('\n'));
    assert.equal(file.kind, 'update');
    assert.equal(file.kind === 'update' && file.moveTo, 'new.ts');
    assert.equal(file.path, 'old.ts');
  });

  it('reads a git new-file diff with no hunks as an empty new file', () => {
    const [file] = parsed(['diff --git a/empty b/empty', 'new file mode 100644', 'index 0000000..e69de29'].join('\n'));
    assert.deepEqual(file, { kind: 'add', path: 'empty', lines: [], finalNewline: true, patchLine: 1 });
  });

  it('names the line of a malformed hunk header', () => {
    const error = syntaxError(['--- a/f', '+++ b/f', '@@ -x,2 +1,2 @@', ' a'].join('\n'));
    assert.equal(error.line, 3);
    assert.match(error.message, /hunk header like '@@ -12,5 \+12,6 @@'/);
  });

  it('names the line where +++ was expected', () => {
    const error = syntaxError(['diff --git a/f b/f', '--- a/f', 'junk', '@@ -1 +1 @@'].join('\n'));
    assert.equal(error.line, 3);
    assert.match(error.message, /expected '\+\+\+ b\/path'/);
  });

  it('refuses a new file whose hunk has context lines', () => {
    assert.equal(syntaxError(['--- /dev/null', '+++ b/n', '@@ -0,0 +1,2 @@', ' a', '+b'].join('\n')).line, 3);
  });
});
