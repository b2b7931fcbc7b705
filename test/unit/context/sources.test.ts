import * as assert from 'node:assert/strict';
import { changesSource, findMentions, folderFilesToRead, matchMentions, parseMention } from '../../../src/core/context/sources';
import { secretFilter } from '../../../src/core/trust/secretFiles';

describe('context sources', () => {
  it('completes @ mentions: name prefixes first, then names, then paths, folders included', () => {
    const files = ['src/cart.ts', 'src/ui/cartView.ts', 'test/unit/cart.test.ts', 'src/shop/checkout.ts', 'README.md'];
    assert.deepEqual(matchMentions('cart', files).map((m) => `${m.kind}:${m.path}`), ['file:src/cart.ts', 'file:src/ui/cartView.ts', 'file:test/unit/cart.test.ts']);
    assert.deepEqual(matchMentions('sh', files).map((m) => `${m.kind}:${m.label}`), ['folder:shop/', 'file:checkout.ts']);
    assert.deepEqual(matchMentions('@chan', files), [{ label: 'changes', path: 'changes', kind: 'special' }]);
    assert.equal(matchMentions('', files, 3).length, 3);
  });

  it('reads a mentioned folder smallest files first, only as much as can fill the budget', () => {
    const files = [{ path: 'a.ts', size: 50_000 }, { path: 'b.ts', size: 900 }, { path: 'huge.js', size: 9_000_000 }, { path: 'c.ts', size: 2_000 }];
    assert.deepEqual(folderFilesToRead(files, 1_000), { read: ['a.ts', 'b.ts', 'c.ts'], skipped: ['huge.js'] });
    assert.deepEqual(folderFilesToRead(files, 100), { read: ['b.ts', 'c.ts'], skipped: ['a.ts', 'huge.js'] });
    assert.deepEqual(folderFilesToRead(files).skipped, []);
  });

  it('finds the @ mentions in a message, but not e-mail addresses or trailing punctuation', () => {
    assert.deepEqual(findMentions('Compare @src/cart.ts with @src/shop/, see @changes. Mail me@example.com (@#Cart) and @src/cart.ts again.'), ['src/cart.ts', 'src/shop/', 'changes', '#Cart']);
    assert.deepEqual(findMentions('@README.md: what is @symbol:Cart?'), ['README.md', 'symbol:Cart']);
  });

  it('parses what can follow @', () => {
    assert.deepEqual(parseMention('@changes'), { type: 'changes' });
    assert.deepEqual(parseMention('symbol:Cart'), { type: 'symbol', name: 'Cart' });
    assert.deepEqual(parseMention('#Cart'), { type: 'symbol', name: 'Cart' });
    assert.deepEqual(parseMention('@./src\\shop/'), { type: 'path', path: 'src/shop' });
  });

  it('says when there are no uncommitted changes', () => {
    assert.equal(changesSource('', secretFilter()).text, '(no uncommitted changes)\n');
  });
});
