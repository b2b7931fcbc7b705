import * as assert from 'node:assert/strict';
import { parseLineLink } from '../../../src/core/actions/lineLinks';

describe('links from an explanation back to lines', () => {
  it('reads a single line and a line range', () => {
    assert.deepEqual(parseLineLink('src/a.ts#L12'), { path: 'src/a.ts', startLine: 12, endLine: 12 });
    assert.deepEqual(parseLineLink('src/a.ts#L12-L20'), { path: 'src/a.ts', startLine: 12, endLine: 20 });
    assert.deepEqual(parseLineLink('./src/my%20file.ts#L3-5'), { path: 'src/my file.ts', startLine: 3, endLine: 5 });
  });

  it('leaves web links, plain anchors and backwards ranges alone', () => {
    assert.equal(parseLineLink('https://example.com/a.ts#L3'), undefined);
    assert.equal(parseLineLink('#L3'), undefined);
    assert.equal(parseLineLink('src/a.ts'), undefined);
    assert.equal(parseLineLink('src/a.ts#L9-L3'), undefined);
    assert.equal(parseLineLink('src/a.ts#L0'), undefined);
  });
});
