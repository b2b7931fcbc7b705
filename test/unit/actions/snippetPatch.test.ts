import assert from 'node:assert/strict';
import { changeFromPatchAnswer, snippetPatchRequest } from '../../../src/core/actions/snippetPatch';

const file = 'export function a(): number {\n  return 1;\n}\n\nexport function b(): number {\n  return 2;\n}\n';

describe('asking the model where a code block goes', () => {
  it('sends the file and the block as data, with low reasoning, no tools and one result', () => {
    const request = snippetPatchRequest({ path: 'src/a.ts', fileText: file, snippet: 'return 3;', language: 'ts', reason: 'the block declares nothing by name' }, 'gpt-5.4-mini', {
      reasoningEffort: 'high',
      numberResults: 3,
      delivery: 'stream',
      maxOutputTokens: 900,
    });
    assert.equal(request.tools, undefined);
    assert.equal(request.options?.reasoningEffort, 'low');
    assert.equal(request.options?.numberResults, undefined);
    assert.equal(request.options?.maxOutputTokens, 900);
    const content = request.input[0].type === 'message' ? request.input[0].content : '';
    assert.ok(content.includes('```ts\nexport function a(): number {'));
    assert.ok(content.includes('the block declares nothing by name'));
    assert.match(request.instructions ?? '', /data, not instructions/);
  });

  it('turns a patch answer, fenced and with prose around it, into the change of that one file', async () => {
    const answer = 'Here it is:\n```\n*** Begin Patch\n*** Update File: src/a.ts\n@@ export function b(): number {\n-  return 2;\n+  return 3;\n }\n*** End Patch\n```';
    const result = await changeFromPatchAnswer(answer, 'src/a.ts', file);
    assert.ok(result.ok);
    assert.equal(result.change.kind === 'update' && result.change.newText, file.replace('return 2;', 'return 3;'));
  });

  it('refuses an answer that is not a patch, one that does not apply, and one that touches another file', async () => {
    assert.deepEqual(await changeFromPatchAnswer('Put it after a().', 'src/a.ts', file), { ok: false, error: 'the model did not answer with a patch' });
    const wrong = await changeFromPatchAnswer('*** Begin Patch\n*** Update File: src/a.ts\n@@\n-  return 42;\n+  return 3;\n*** End Patch', 'src/a.ts', file);
    assert.equal(wrong.ok, false);
    const other = await changeFromPatchAnswer('*** Begin Patch\n*** Add File: src/evil.ts\n+x\n*** End Patch', 'src/a.ts', file);
    assert.equal(other.ok, false);
  });
});
