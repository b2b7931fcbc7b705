import assert from 'node:assert/strict';
import { applyToFiles, patchFiles, refusal, updatePatch } from './memoryFiles';

const FILES = { 'a.txt': 'one\ntwo\nthree\n', 'b.txt': 'b\n' };

describe('a patch that changes nothing', () => {
  it('refuses an Update File section with no hunk, like an empty patch', async () => {
    const error = await refusal(FILES, ['*** Begin Patch', '*** Update File: a.txt', '*** End Patch'].join('\n'));
    assert.match(error, /^The patch could not be read: line 2: '\*\*\* Update File: a\.txt' has no changes/);
  });

  it('refuses a section of only lines that are not hunk lines, saying it changes nothing', async () => {
    const error = await refusal(FILES, ['*** Begin Patch', '*** Update File: a.txt', 'please make two bigger', 'thanks', '*** End Patch'].join('\n'));
    assert.match(error, /^a\.txt: the section at patch line 2 changes nothing: none of its hunks has a line starting with '-' or '\+'/);
  });

  it('refuses a section whose hunks are all context, in either format', async () => {
    const begin = await refusal(FILES, updatePatch('a.txt', '@@', ' one', ' two'));
    assert.match(begin, /a\.txt: the section at patch line 2 changes nothing/);
    const unified = await refusal(FILES, ['--- a/a.txt', '+++ b/a.txt', '@@ -1,2 +1,2 @@', ' one', ' two'].join('\n'));
    assert.match(unified, /a\.txt: the section at patch line 1 changes nothing/);
  });

  it('refuses an empty section even when another section of the patch changes a file', async () => {
    const patch = ['*** Begin Patch', '*** Update File: b.txt', '@@', '-b', '+B', '*** Update File: a.txt', '@@', ' one', '*** End Patch'].join('\n');
    assert.match(await refusal(FILES, patch), /a\.txt: the section at patch line 6 changes nothing/);
  });

  it('refuses a Move to that names the file itself and has no hunk', async () => {
    const error = await refusal(FILES, ['*** Begin Patch', '*** Update File: a.txt', '*** Move to: ./a.txt', '*** End Patch'].join('\n'));
    assert.match(error, /changes nothing/);
  });

  it('refuses a patch whose - and + lines are the same text: no file would change', async () => {
    const error = await refusal(FILES, updatePatch('a.txt', '@@', ' one', '-two', '+two'));
    assert.match(error, /^The patch changes nothing: its '-' and '\+' lines leave every file as it was, so nothing was written/);
  });

  it('applies the other files of a patch whose one section leaves its file as it was, and says so', async () => {
    const patch = ['*** Begin Patch', '*** Update File: a.txt', '@@', '-two', '+two', '*** Update File: b.txt', '@@', '-b', '+B', '*** End Patch'].join('\n');
    const result = await patchFiles(FILES, patch);
    assert.ok(result.ok);
    if (!result.ok) return;
    assert.deepEqual(result.changes.map((c) => c.path), ['b.txt'], 'only the changed file is a change');
    assert.equal(result.summary, 'Update b.txt (1 hunk)');
    assert.ok(result.tolerances.some((t) => /^a\.txt: its hunks leave it as it was/.test(t)), JSON.stringify(result.tolerances));
  });

  it('still applies a pure move, which changes no line', async () => {
    const { files } = await applyToFiles(FILES, ['*** Begin Patch', '*** Update File: a.txt', '*** Move to: c.txt', '*** End Patch'].join('\n'));
    assert.deepEqual(Object.keys(files).sort(), ['b.txt', 'c.txt']);
  });
});
