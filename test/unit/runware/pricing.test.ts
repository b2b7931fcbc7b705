import assert from 'node:assert/strict';
import { MiniCoderError } from '../../../src/core/errors';
import type { Usage } from '../../../src/core/model/types';
import { costOf, defaultPrices, priceOf, priceTable } from '../../../src/core/pricing';

function usage(inputTokens: number, cachedInputTokens: number, outputTokens: number): Usage {
  return { inputTokens, cachedInputTokens, outputTokens, reasoningTokens: 0, totalTokens: inputTokens + outputTokens };
}

describe('Pricing', () => {
  it('prices gpt-5.4-mini at its list prices per million tokens', () => {
    assert.equal(costOf(usage(1_000_000, 0, 0), 'gpt-5.4-mini'), 0.75);
    assert.equal(costOf(usage(0, 0, 1_000_000), 'gpt-5.4-mini'), 4.5);
    assert.equal(costOf(usage(1_000_000, 1_000_000, 0), 'gpt-5.4-mini'), 0.075);
  });

  it('prices cached input at the cached rate and the rest of the input at the input rate', () => {
    const cost = costOf(usage(10_000, 4_000, 2_000), 'gpt-5.4-mini') as number;
    const expected = (6_000 * 0.75 + 4_000 * 0.075 + 2_000 * 4.5) / 1e6;
    assert.ok(Math.abs(cost - expected) < 1e-12, `${cost} vs ${expected}`);
  });

  it('finds the price of provider-prefixed and dated model ids', () => {
    assert.equal(priceOf('openai/gpt-5.4-mini', defaultPrices), defaultPrices['gpt-5.4-mini']);
    assert.equal(priceOf('gpt-5.4-mini-2026-03-17', defaultPrices), defaultPrices['gpt-5.4-mini']);
    assert.equal(priceOf('openai:gpt@5.4-mini', defaultPrices), defaultPrices['gpt-5.4-mini'], 'the Runware (AIR) id');
    assert.equal(priceOf('gpt-5.4', defaultPrices), undefined);
  });

  it('has no cost for a model without a price', () => {
    assert.equal(costOf(usage(100, 0, 100), 'local-llama'), undefined);
  });

  it('lets the user override a price and add a model', () => {
    const table = priceTable({ 'gpt-5.4-mini': { outputPerMillion: 5 }, 'local-llama': { inputPerMillion: 0, cachedInputPerMillion: 0, outputPerMillion: 0 } });
    assert.equal(costOf(usage(0, 0, 1_000_000), 'gpt-5.4-mini', table), 5);
    assert.equal(costOf(usage(1_000_000, 0, 0), 'gpt-5.4-mini', table), 0.75);
    assert.equal(costOf(usage(100, 0, 100), 'local-llama', table), 0);
    assert.equal(defaultPrices['gpt-5.4-mini'].outputPerMillion, 4.5, 'the defaults stay untouched');
  });

  it('refuses a negative or missing price, naming the model and field', () => {
    assert.throws(() => priceTable({ 'gpt-5.4-mini': { inputPerMillion: -1 } }), (e: unknown) => e instanceof MiniCoderError && /gpt-5\.4-mini: inputPerMillion/.test(e.message));
    assert.throws(() => priceTable({ 'new-model': { inputPerMillion: 1 } }), /new-model: cachedInputPerMillion/);
  });
});
