import * as assert from 'node:assert/strict';
import { contextBudget, DEFAULT_RESERVE_TOKENS, GPT_5_4_MINI_LIMITS, inputLimit } from '../../../src/core/context/budget';

describe('the token budget', () => {
  it('is the window minus the requested output minus the reserve', () => {
    assert.equal(inputLimit({ maxOutputTokens: 128_000, reserveTokens: 2_000 }), 400_000 - 128_000 - 2_000);
    assert.equal(inputLimit({ maxOutputTokens: 200_000 }), 400_000 - 128_000 - DEFAULT_RESERVE_TOKENS);
  });

  it('never goes above the 272K input limit however small the output asked for', () => {
    assert.equal(inputLimit({ maxOutputTokens: 16_000 }), 272_000);
    assert.equal(inputLimit({ maxOutputTokens: 0, reserveTokens: 0 }), GPT_5_4_MINI_LIMITS.maxInputTokens);
  });

  it('assumes the largest output when none is requested', () => {
    assert.equal(inputLimit(), 400_000 - 128_000 - DEFAULT_RESERVE_TOKENS);
  });

  it('leaves for context what the rest of the request does not use, never below zero', () => {
    assert.equal(contextBudget(100_000, { maxOutputTokens: 16_000 }), 172_000);
    assert.equal(contextBudget(500_000), 0);
  });
});
