import assert from 'node:assert/strict';
import { computePatch, type PatchOptions, type PatchResult } from '../../../src/core/edits';
import { refusal, type Files } from './memoryFiles';

const A = 'one\ntwo\nthree\nfour\n';

/** Runs the engine over in-memory files, with the host's options; reads go by the name given. */
function run(files: Files, sections: string[], options?: PatchOptions): Promise<PatchResult> {
  return computePatch(['*** Begin Patch', ...sections, '*** End Patch'].join('\n'), async (p) => files[p], options);
}

function changesOf(result: PatchResult) {
  if (!result.ok) assert.fail(`expected the patch to apply, it was refused: ${result.error}`);
  return result.changes;
}

describe('sections that name the same file', () => {
  const twoEdits = (first: string, second: string) => [`*** Update File: ${first}`, '@@', '-one', '+ONE', `*** Update File: ${second}`, '@@', ' three', '-four', '+FOUR'];

  for (const alias of ['sub/../a.txt', './a.txt', 'sub//../a.txt', 'x/./../a.txt']) {
    it(`merges a.txt and ${alias} into one change holding both edits`, async () => {
      const changes = changesOf(await run({ 'a.txt': A, [alias]: A }, twoEdits('a.txt', alias)));
      assert.deepEqual(changes, [{ kind: 'update', path: 'a.txt', oldText: A, newText: 'ONE\ntwo\nthree\nFOUR\n' }]);
    });
  }

  it('names the change by the first section’s spelling', async () => {
    const changes = changesOf(await run({ 'a.txt': A, 'sub/../a.txt': A }, twoEdits('sub/../a.txt', 'a.txt')));
    assert.deepEqual(changes.map((c) => c.path), ['sub/../a.txt']);
  });

  it('merges a symlink and its target when canonicalPath resolves the link', async () => {
    const canonicalPath = async (p: string) => (p === 'link.txt' ? 'docs/a.txt' : p);
    const files = { 'docs/a.txt': A, 'link.txt': A };
    const changes = changesOf(await run(files, twoEdits('link.txt', 'docs/a.txt'), { canonicalPath }));
    assert.deepEqual(changes, [{ kind: 'update', path: 'link.txt', oldText: A, newText: 'ONE\ntwo\nthree\nFOUR\n' }]);
    // Without the host's answer the two names are two files, and both changes are kept, not one lost.
    assert.equal(changesOf(await run(files, twoEdits('link.txt', 'docs/a.txt'))).length, 2);
  });

  it('applies the second section to the text the first one left', async () => {
    const sections = ['*** Update File: a.txt', '@@', '-one', '+ONE', '*** Update File: sub/../a.txt', '@@', '-ONE', '+uno'];
    const changes = changesOf(await run({ 'a.txt': A, 'sub/../a.txt': A }, sections));
    assert.deepEqual(changes, [{ kind: 'update', path: 'a.txt', oldText: A, newText: 'uno\ntwo\nthree\nfour\n' }]);
  });

  it('counts the hunks of every section in the summary', async () => {
    const result = await run({ 'a.txt': A, './a.txt': A }, twoEdits('a.txt', './a.txt'));
    assert.equal(result.ok && result.summary, 'Update a.txt (2 hunks)');
  });

  it('changes a file in place when Move to names it by another spelling', async () => {
    const result = await run({ 'a.txt': A }, ['*** Update File: a.txt', '*** Move to: sub/../a.txt', '@@', '-one', '+ONE']);
    assert.deepEqual(changesOf(result), [{ kind: 'update', path: 'a.txt', oldText: A, newText: A.replace('one', 'ONE') }]);
  });

  it('refuses a path canonicalPath refuses, naming it and keeping the reason', async () => {
    const canonicalPath = async (p: string) => {
      if (p.startsWith('..')) throw new Error('is outside the workspace');
      return p;
    };
    const result = await run({}, ['*** Delete File: ../x.txt'], { canonicalPath });
    assert.deepEqual(result, { ok: false, error: '../x.txt: is outside the workspace' });
  });

  describe('conflicting sections', () => {
    const files = { 'a.txt': A, 'b.txt': 'b\n' };
    const refused = (sections: string[]) => refusal(files, ['*** Begin Patch', ...sections, '*** End Patch'].join('\n'));

    it('refuses deleting a file twice', async () => {
      assert.match(await refused(['*** Delete File: a.txt', '*** Delete File: sub/../a.txt']), /^sub\/\.\.\/a\.txt is deleted twice \(it is already deleted by this patch at line 2\)/);
    });

    it('refuses adding a file twice', async () => {
      assert.match(await refused(['*** Add File: n.txt', '+1', '*** Add File: sub/../n.txt', '+2']), /^sub\/\.\.\/n\.txt is added twice \(it is already added by this patch at line 2\)/);
    });

    it('refuses updating a file the patch deleted', async () => {
      assert.match(await refused(['*** Delete File: a.txt', '*** Update File: ./a.txt', '@@', '-one', '+ONE']), /is deleted by this patch at line 2, so it cannot be updated/);
    });

    it('refuses deleting a file the patch changed or added: that change would be lost', async () => {
      assert.match(await refused(['*** Update File: a.txt', '@@', '-one', '+ONE', '*** Delete File: ./a.txt']), /is changed by this patch at line 2 and then deleted at line 6; that change would be lost/);
      assert.match(await refused(['*** Add File: n.txt', '+1', '*** Delete File: n.txt']), /is added by this patch at line 2 and then deleted/);
    });

    it('refuses changing a file after moving it, or the file it was moved to', async () => {
      assert.match(await refused(['*** Update File: a.txt', '*** Move to: c.txt', '*** Delete File: ./a.txt']), /a\.txt is moved away by this patch at line 2 and cannot be changed again/);
      assert.match(await refused(['*** Update File: a.txt', '*** Move to: c.txt', '*** Update File: sub/../c.txt', '@@', '-one', '+ONE']), /c\.txt is the target of a move by this patch at line 2/);
    });

    it('refuses moving two files to one, and moving onto a file the patch deleted', async () => {
      assert.match(await refused(['*** Update File: a.txt', '*** Move to: c.txt', '*** Update File: b.txt', '*** Move to: sub/../c.txt']), /Cannot move b\.txt to sub\/\.\.\/c\.txt: that file exists \(it is the target of a move by this patch at line 2\)/);
      assert.match(await refused(['*** Delete File: b.txt', '*** Update File: a.txt', '*** Move to: b.txt']), /Cannot move a\.txt to b\.txt: that file is deleted by this patch at line 2, and a move does not replace a file/);
    });

    it('replaces a file deleted and added again in one patch with one update', async () => {
      const result = await run(files, ['*** Delete File: a.txt', '*** Add File: ./a.txt', '+new']);
      assert.deepEqual(changesOf(result), [{ kind: 'update', path: 'a.txt', oldText: A, newText: 'new\n' }]);
    });
  });
});
