import assert from 'node:assert/strict';
import { computePatch, unifiedDiff } from '../../../src/core/edits';
import { applyToFiles, patchFiles, updatePatch } from './memoryFiles';

describe('adding, deleting and moving files', () => {
  it('adds a file with a final newline', async () => {
    const { files } = await applyToFiles({}, ['*** Begin Patch', '*** Add File: src/new.ts', '+export const x = 1;', '+', '+export const y = 2;', '*** End Patch'].join('\n'));
    assert.equal(files['src/new.ts'], 'export const x = 1;\n\nexport const y = 2;\n');
  });

  it('adds a file from a unified diff, without a final newline when it says so', async () => {
    const { files } = await applyToFiles({}, ['--- /dev/null', '+++ b/n.txt', '@@ -0,0 +1,2 @@', '+a', '+b', '\\ No newline at end of file'].join('\n'));
    assert.equal(files['n.txt'], 'a\nb');
  });

  it('deletes a file with the text it had as oldText', async () => {
    const result = await patchFiles({ 'old.ts': 'bye\n' }, ['*** Begin Patch', '*** Delete File: old.ts', '*** End Patch'].join('\n'));
    assert.ok(result.ok);
    assert.deepEqual(result.ok && result.changes, [{ kind: 'delete', path: 'old.ts', oldText: 'bye\n' }]);
  });

  it('deletes a file named by a unified diff to /dev/null', async () => {
    const { files } = await applyToFiles({ 'a.txt': 'x\n', 'keep.txt': 'k\n' }, ['--- a/a.txt', '+++ /dev/null', '@@ -1 +0,0 @@', '-x'].join('\n'));
    assert.deepEqual(files, { 'keep.txt': 'k\n' });
  });

  it('moves a file and edits it in one section', async () => {
    const result = await patchFiles({ 'a.ts': 'one\ntwo\n' }, ['*** Begin Patch', '*** Update File: a.ts', '*** Move to: lib/b.ts', '@@', ' one', '-two', '+2', '*** End Patch'].join('\n'));
    assert.ok(result.ok);
    assert.deepEqual(result.ok && result.changes, [{ kind: 'update', path: 'a.ts', oldText: 'one\ntwo\n', newText: 'one\n2\n', moveTo: 'lib/b.ts' }]);
  });

  it('moves a file without changes (git rename)', async () => {
    const { files } = await applyToFiles({ 'a.ts': 'x\n' }, ['diff --git a/a.ts b/c.ts', 'similarity index 100%', 'rename from a.ts', 'rename to c.ts'].join('\n'));
    assert.deepEqual(files, { 'c.ts': 'x\n' });
  });

  it('changes several files in one patch', async () => {
    const patch = [
      '--- a/src/a.ts',
      '+++ b/src/a.ts',
      '@@ -1,2 +1,2 @@',
      ' import x',
      '-x()',
      '+x(1)',
      'diff --git a/src/b.ts b/src/b.ts',
      '--- a/src/b.ts',
      '+++ b/src/b.ts',
      '@@ -1 +1 @@',
      '-y',
      '+z',
    ].join('\n');
    const { files } = await applyToFiles({ 'src/a.ts': 'import x\nx()\n', 'src/b.ts': 'y\n' }, patch);
    assert.deepEqual(files, { 'src/a.ts': 'import x\nx(1)\n', 'src/b.ts': 'z\n' });
  });

  it('applies two sections for the same file one after the other', async () => {
    const patch = ['*** Begin Patch', '*** Update File: a', '@@', '-1', '+one', '*** Update File: a', '@@', ' one', '-2', '+two', '*** End Patch'].join('\n');
    const { files } = await applyToFiles({ a: '1\n2\n' }, patch);
    assert.equal(files.a, 'one\ntwo\n');
  });

  it('strips ./ and keeps absolute paths for the workspace to judge', async () => {
    const seen: string[] = [];
    await computePatch(['*** Begin Patch', '*** Delete File: ./x.ts', '*** Delete File: /etc/passwd', '*** End Patch'].join('\n'), async (p) => {
      seen.push(p);
      return 'text';
    });
    assert.deepEqual(seen, ['x.ts', '/etc/passwd']);
  });

  it('summarizes what the patch does', async () => {
    const result = await patchFiles({ 'a.ts': 'a\n', 'd.ts': 'd\n' }, ['*** Begin Patch', '*** Update File: a.ts', '@@', '-a', '+b', '*** Add File: n.ts', '+n', '*** Delete File: d.ts', '*** End Patch'].join('\n'));
    assert.equal(result.ok && result.summary, 'Update a.ts (1 hunk), add n.ts, delete d.ts');
  });

  it('shows a change as a unified diff', () => {
    assert.equal(unifiedDiff('src/a.ts', 'x\ny\n', 'x\nz\n'), ['--- a/src/a.ts', '+++ b/src/a.ts', '@@ -1,2 +1,2 @@', ' x', '-y', '+z', ''].join('\n'));
  });

  describe('stale copies', () => {
    const modelSaw = 'function f() {\n  return 1;\n}\n';
    const edit = updatePatch('f.ts', '@@', ' function f() {', '-  return 1;', '+  return 2;', ' }');

    it('places the hunk in the text the file has now, after lines were added above it', async () => {
      const now = '// a header added since the model read the file\n\n' + modelSaw;
      const result = await patchFiles({ 'f.ts': now }, edit);
      assert.ok(result.ok);
      assert.deepEqual(result.ok && result.changes, [{ kind: 'update', path: 'f.ts', oldText: now, newText: now.replace('return 1', 'return 2') }]);
    });

    it('refuses when the lines it changes were edited since the model read them', async () => {
      const result = await patchFiles({ 'f.ts': modelSaw.replace('return 1', 'return 42') }, edit);
      assert.equal(result.ok, false);
      assert.match(result.ok ? '' : result.error, /the line to remove "return 1;" is not in the file/);
    });
  });
});
