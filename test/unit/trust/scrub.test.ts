import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { scrubValue, StreamScrubber } from '../../../src/core/errors';
import { boundedFetch } from '../../../src/core/providers/boundedFetch';

const KEY = 'rw-0123456789abcdefghij';

describe('keeping the key out of every output', () => {
  it('scrubs every string of a nested value, keys of objects included', () => {
    const event = { type: 'error', error: { code: `bad_${KEY}`, message: `key ${KEY}`, list: [KEY, 3] }, [KEY]: true };
    const clean = scrubValue(event, [KEY]);
    assert.ok(!JSON.stringify(clean).includes(KEY));
    assert.deepEqual(clean.error.list[1], 3);
    assert.equal(clean.type, 'error');
  });

  it('catches a key however a stream splits it, and loses no other text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), fc.array(fc.nat(200), { maxLength: 8 }), (before, after, cuts) => {
        const text = `${before}${KEY}${after}`;
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const scrubber = new StreamScrubber([KEY]);
        let out = '';
        let at = 0;
        for (const p of [...points, text.length]) {
          out += scrubber.push(text.slice(at, p));
          at = p;
        }
        out += scrubber.flush();
        assert.ok(!out.includes(KEY), out);
        assert.equal(out, scrubValue(text, [KEY]));
      }),
    );
  });
});

describe('bounding what a response may make the client hold', () => {
  const streamOf = (chunks: Uint8Array[], type: string) => async (_input?: unknown, _init?: unknown) =>
    new Response(new ReadableStream({ pull(c) { const next = chunks.shift(); if (next) c.enqueue(next); else c.close(); } }), { headers: { 'content-type': type } });

  it('errors an event stream once one line passes the line limit, with a clear message', async () => {
    const fetchImpl = boundedFetch(streamOf([new Uint8Array(600).fill(120), new Uint8Array(600).fill(120)], 'text/event-stream'), { maxBytes: 10_000, maxLineBytes: 1000 });
    const response = await fetchImpl('http://x');
    await assert.rejects(response.text(), /a line longer than/);
  });

  it('lets a JSON body be one long line but not larger than the total limit', async () => {
    const ok = boundedFetch(streamOf([new Uint8Array(1500).fill(120)], 'application/json'), { maxBytes: 10_000, maxLineBytes: 1000 });
    assert.equal((await (await ok('http://x')).text()).length, 1500);
    const big = boundedFetch(streamOf([new Uint8Array(6000).fill(10), new Uint8Array(6000).fill(10)], 'application/json'), { maxBytes: 10_000, maxLineBytes: 1000 });
    await assert.rejects((await big('http://x')).text(), /more than 0 MB|runaway/);
  });
});
