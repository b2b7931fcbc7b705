import assert from 'node:assert/strict';
import { computePatch } from '../../../src/core/edits';
import { patchFiles, refusal, updatePatch } from './memoryFiles';

const FILE = ['function area(r) {', '  const pi = 3.14159;', '  return pi * r * r;', '}', '', 'function perimeter(r) {', '  const pi = 3.14159;', '  return 2 * pi * r;', '}', ''].join('\n');

describe('refusing what cannot be applied safely', () => {
  it('refuses a hunk whose lines are not in the file, naming the file, hunk, patch line and closest text', async () => {
    const error = await refusal({ 'm.js': FILE }, updatePatch('m.js', '@@', ' function area(r) {', '-  const pi = 3.14;', '+  const pi = Math.PI;'));
    assert.match(error, /^m\.js: hunk 1 of 1 \(patch line 3\) was refused/);
    assert.match(error, /the line to remove "const pi = 3\.14;" is not in the file/);
    assert.match(error, /closest text is at line 1/);
    assert.match(error, /2\|   const pi = 3\.14159;/);
    assert.match(error, /first difference is at line 2: the patch has "const pi = 3\.14;", the file has "const pi = 3\.14159;"/);
  });

  it('refuses a hunk that matches two places equally well and lists them', async () => {
    const error = await refusal({ 'm.js': FILE }, updatePatch('m.js', '@@', '-  const pi = 3.14159;', '+  const pi = Math.PI;'));
    assert.match(error, /match 2 places equally well \(lines 2, 7\)/);
    assert.match(error, /@@ <line above the change>/);
  });

  it('refuses when the header line number is not clearly nearer one of the places', async () => {
    const patch = ['--- a/m.js', '+++ b/m.js', '@@ -5,1 +5,1 @@', '-  const pi = 3.14159;', '+  const pi = Math.PI;'].join('\n');
    const error = await refusal({ 'm.js': FILE }, patch);
    assert.match(error, /equally well/);
  });

  it('refuses a match that needs two of three context lines to be only similar (too weak)', async () => {
    const error = await refusal({ 'm.js': FILE }, updatePatch('m.js', '@@', ' function areas(r) {', '   const p = 3.14159;', '-  return pi * r * r;', '+  return Math.PI * r * r;', ' }'));
    assert.match(error, /not in the file in that order|is not in the file/);
  });

  it('refuses a deleted line that is only similar to the file’s (deletions must match)', async () => {
    const error = await refusal({ 'm.js': FILE }, updatePatch('m.js', '@@', ' function area(r) {', '   const pi = 3.14159;', '-  return pi * r * R;', '+  return Math.PI * r * r;', ' }'));
    assert.match(error, /the line to remove "return pi \* r \* R;" is not in the file/);
  });

  it('refuses hunks out of file order', async () => {
    const error = await refusal(
      { 'm.js': FILE },
      updatePatch('m.js', '@@', ' function perimeter(r) {', '-  const pi = 3.14159;', '+  const pi = Math.PI;', '@@', ' function area(r) {', '-  const pi = 3.14159;', '+  const pi = Math.PI;'),
    );
    assert.match(error, /hunk 2 of 2/);
    assert.match(error, /not after the previous hunk/);
  });

  it('refuses overlapping hunks', async () => {
    const error = await refusal(
      { 'm.js': FILE },
      updatePatch('m.js', '@@', ' function area(r) {', '-  const pi = 3.14159;', '+  const pi = Math.PI;', '   return pi * r * r;', '@@', '-  return pi * r * r;', '+  return pi * r ** 2;', ' }', ' ', ' function perimeter(r) {'),
    );
    assert.match(error, /hunk 2 of 2/);
    assert.match(error, /overlapping/);
  });

  it('refuses an insertion with no context lines into a non-empty file', async () => {
    const error = await refusal({ 'm.js': FILE }, updatePatch('m.js', '@@', '+// header comment'));
    assert.match(error, /only adds lines and has no unchanged lines/);
  });

  it('refuses updating a file that does not exist', async () => {
    const error = await refusal({}, updatePatch('missing.ts', '@@', '-a', '+b'));
    assert.match(error, /missing\.ts does not exist/);
  });

  it('refuses adding a file that exists', async () => {
    const error = await refusal({ 'm.js': FILE }, ['*** Begin Patch', '*** Add File: m.js', '+x', '*** End Patch'].join('\n'));
    assert.match(error, /m\.js already exists/);
  });

  it('refuses deleting a file that does not exist', async () => {
    const error = await refusal({}, ['*** Begin Patch', '*** Delete File: gone.js', '*** End Patch'].join('\n'));
    assert.match(error, /gone\.js does not exist/);
  });

  it('refuses moving a file onto one that exists', async () => {
    const error = await refusal({ 'a.js': 'a\n', 'b.js': 'b\n' }, ['*** Begin Patch', '*** Update File: a.js', '*** Move to: b.js', '*** End Patch'].join('\n'));
    assert.match(error, /Cannot move a\.js to b\.js: that file exists/);
  });

  it('turns a read failure into a refusal naming the path', async () => {
    const result = await computePatch(updatePatch('dir', '@@', '-a', '+b'), async () => {
      throw new Error('dir is a folder, not a file');
    });
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.error, /^dir: dir is a folder/);
  });

  it('reports a malformed patch with its line number', async () => {
    const result = await patchFiles({ 'm.js': FILE }, ['*** Begin Patch', '*** Update File: m.js', '@@', '-x', '*** Nonsense', '*** End Patch'].join('\n'));
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.error, /^The patch could not be read: line 5: expected a hunk line/);
  });

  describe('atomicity', () => {
    it('returns no change at all when a later file fails', async () => {
      const patch = ['*** Begin Patch', '*** Update File: a.js', '@@', '-a', '+A', '*** Add File: c.js', '+c', '*** Update File: b.js', '@@', '-nope', '+B', '*** End Patch'].join('\n');
      const result = await patchFiles({ 'a.js': 'a\n', 'b.js': 'b\n' }, patch);
      assert.equal(result.ok, false);
      assert.equal('changes' in result, false, 'a refusal carries no changes to apply');
      assert.match(result.ok ? '' : result.error, /^b\.js: hunk 1 of 1/);
    });

    it('refuses the whole file when any one of its hunks fails', async () => {
      const result = await patchFiles({ 'a.js': 'one\ntwo\nthree\n' }, updatePatch('a.js', '@@', '-one', '+ONE', '@@', '-four', '+FOUR'));
      assert.equal(result.ok, false);
      assert.match(result.ok ? '' : result.error, /hunk 2 of 2/);
    });
  });
});
