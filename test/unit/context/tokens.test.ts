import * as assert from 'node:assert/strict';
import { loadTokenCounter, TokenCounter, type Tokenizer } from '../../../src/core/context/tokens';

/** A tokenizer that counts words and records every text it was asked to count. */
function recordingTokenizer(): Tokenizer & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    count(text) {
      calls.push(text);
      return text.split(/\s+/).filter(Boolean).length;
    },
  };
}

describe('token counting', () => {
  it('counts with o200k_base, the encoding of GPT-5.4 Mini', async () => {
    const counter = await loadTokenCounter();
    assert.equal(counter.count('hello world'), 2);
    assert.equal(counter.count(''), 0);
  });

  it('reads special-token text in files as plain text instead of throwing', async () => {
    const counter = await loadTokenCounter();
    assert.ok(counter.count('before <|endoftext|> after') > 3);
  });

  it('never tokenizes unchanged content twice', () => {
    const tokenizer = recordingTokenizer();
    const counter = new TokenCounter(tokenizer);
    const file = 'export const x = 1;\n'.repeat(50);
    assert.equal(counter.count(file), counter.count(file));
    assert.equal(tokenizer.calls.length, 1);
    counter.count(`${file}// changed\n`);
    assert.equal(tokenizer.calls.length, 2);
    assert.deepEqual(counter.stats, { hits: 1, misses: 2 });
  });

  it('answers countWithin from an exact count it already has', () => {
    const tokenizer = recordingTokenizer();
    const counter = new TokenCounter(tokenizer);
    const text = 'one two three four five six seven eight nine ten '.repeat(5);
    const exact = counter.count(text);
    assert.equal(counter.countWithin(text, exact), exact);
    assert.equal(counter.countWithin(text, exact - 1), undefined);
    assert.equal(tokenizer.calls.length, 1);
  });

  it('remembers that a text is over a limit, so a smaller limit is answered without counting', async () => {
    const counter = await loadTokenCounter();
    const fresh = new TokenCounter({ count: (t) => counter.count(t), countWithin: (t, l) => counter.countWithin(t, l) });
    const text = 'word '.repeat(3000);
    assert.equal(fresh.countWithin(text, 100), undefined);
    const misses = fresh.stats.misses;
    assert.equal(fresh.countWithin(text, 50), undefined);
    assert.equal(fresh.stats.misses, misses);
  });

  it('forgets the least recently used counts beyond its size limit', () => {
    const tokenizer = recordingTokenizer();
    const counter = new TokenCounter(tokenizer, { maxEntries: 2 });
    counter.count('a');
    counter.count('b');
    counter.count('a'); // a is now the most recent
    counter.count('c'); // evicts b
    counter.count('a');
    assert.deepEqual(tokenizer.calls, ['a', 'b', 'c']);
    counter.count('b');
    assert.deepEqual(tokenizer.calls, ['a', 'b', 'c', 'b']);
  });

  it('gives the leading text of a long input within a token limit', async () => {
    const counter = await loadTokenCounter();
    const text = Array.from({ length: 400 }, (_, i) => `line ${i} of the file`).join('\n');
    const lead = counter.leadingText(text, 100);
    assert.ok(lead !== undefined && text.startsWith(lead));
    assert.ok(counter.count(lead) <= 100);
    assert.equal(counter.leadingText('short', 100), undefined);
  });
});
