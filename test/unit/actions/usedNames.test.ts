import * as assert from 'node:assert/strict';
import { usedNames } from '../../../src/core/actions/usedNames';

describe('names the selected code uses', () => {
  it('lists called functions and capitalised types once, in order of first use', () => {
    const code = 'const cart: Cart = loadCart(id);\nconst total = sumPrices(cart.items) + loadCart(id).tax;\nreturn new Receipt(total);';
    assert.deepEqual(usedNames(code).map((n) => n.name), ['Cart', 'loadCart', 'sumPrices', 'Receipt']);
  });

  it('skips keywords, members reached through a dot, short names and what the code defines itself', () => {
    const code = 'function helper(x) { return x; }\nif (ok) { db.query(x); fn(1); helper(2); print(3); }';
    assert.deepEqual(usedNames(code).map((n) => n.name), []);
  });

  it('reports where each name first appears', () => {
    const code = 'a = parse(b)';
    assert.deepEqual(usedNames(code), [{ name: 'parse', offset: 4 }]);
  });
});
