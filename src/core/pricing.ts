import { MiniCoderError } from './errors';
import type { Usage } from './model/types';
import { bareModelName } from './providers/services';

/** USD per one million tokens. */
export interface ModelPrice {
  inputPerMillion: number;
  cachedInputPerMillion: number;
  outputPerMillion: number;
}

/** Model id → price. Keys are bare model names (`gpt-5.4-mini`). */
export type PriceTable = Record<string, ModelPrice>;

/** Published list prices. */
export const defaultPrices: PriceTable = {
  'gpt-5.4-mini': { inputPerMillion: 0.75, cachedInputPerMillion: 0.075, outputPerMillion: 4.5 },
};

const FIELDS: (keyof ModelPrice)[] = ['inputPerMillion', 'cachedInputPerMillion', 'outputPerMillion'];

/**
 * The default table with the user's overrides laid over it (a partial entry keeps the other prices of a
 * known model). A negative or non-numeric price is refused, naming the model and field.
 */
export function priceTable(overrides: Record<string, Partial<ModelPrice>> = {}, base: PriceTable = defaultPrices): PriceTable {
  const table: PriceTable = { ...base };
  for (const [model, partial] of Object.entries(overrides)) {
    const merged = { ...table[model], ...partial } as Partial<ModelPrice>;
    for (const field of FIELDS) {
      const value = merged[field];
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        throw new MiniCoderError({ kind: 'bad_request', message: `Price setting for ${model}: ${field} must be a number of 0 or more (USD per 1M tokens); got ${String(value)}.` });
      }
    }
    table[model] = merged as ModelPrice;
  }
  return table;
}

/** The table entry for a model id, also for provider-prefixed (`openai/…`), Runware (`openai:gpt@5.4-mini`) and dated (`…-2026-03-17`) ids. */
export function priceOf(model: string, table: PriceTable): ModelPrice | undefined {
  if (table[model]) return table[model];
  const bare = bareModelName(model);
  if (table[bare]) return table[bare];
  const prefix = Object.keys(table)
    .filter((key) => bare.startsWith(`${key}-`))
    .sort((a, b) => b.length - a.length)[0];
  return prefix ? table[prefix] : undefined;
}

/** Cost in USD of one turn's usage: cached input at the cached rate, the rest of the input at the input rate; undefined for an unpriced model. */
export function costOf(usage: Usage, model: string, table: PriceTable = defaultPrices): number | undefined {
  const price = priceOf(model, table);
  if (!price) return undefined;
  const cached = Math.min(usage.cachedInputTokens, usage.inputTokens);
  // Reasoning tokens are already counted in outputTokens (and billed as output).
  return ((usage.inputTokens - cached) * price.inputPerMillion + cached * price.cachedInputPerMillion + usage.outputTokens * price.outputPerMillion) / 1_000_000;
}
