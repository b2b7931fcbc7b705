// The `miniCoder.*` settings read into what the engine takes. Free of `vscode` (a reader function is passed
// in) so the mapping, the fallbacks for wrong values and the test-only environment overrides are unit-tested.
import type { ModelOptions, ReasoningEffort, Verbosity } from '../core/model/types';
import type { ModelPrice } from '../core/pricing';
import { DEFAULT_MODELS, type ServiceId, type ServiceSettings } from '../core/providers';

export const DEFAULT_BASE_URLS: Record<ServiceId, string> = {
  responses: 'https://www.anyfast.ai/v1',
  runware: 'https://api.runware.ai/v1',
};

/** Environment variables that override the base URLs (end-to-end tests point them at a local fake server). */
export const BASE_URL_ENV: Record<ServiceId, string> = {
  responses: 'MINI_CODER_RESPONSES_BASE_URL',
  runware: 'MINI_CODER_RUNWARE_BASE_URL',
};

/** Context window of gpt-5.4-mini, in tokens. */
export const CONTEXT_WINDOW = 400_000;

export interface ChatSettings {
  service: ServiceId;
  connection: ServiceSettings;
  model: string;
  options: ModelOptions;
  autoApproveEdits: boolean;
  /** The user's price overrides, in the engine's terms (USD per 1M tokens). */
  prices: Record<string, Partial<ModelPrice>>;
  contextExclude: string[];
}

/** Reads one setting under `miniCoder.` (e.g. `responses.model`). */
export type ReadSetting = (key: string) => unknown;

const EFFORTS: readonly ReasoningEffort[] = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'];
const VERBOSITIES: readonly Verbosity[] = ['low', 'medium', 'high'];
const SUMMARIES = ['auto', 'concise', 'detailed'] as const;
const DELIVERIES = ['sync', 'async', 'stream'] as const;

/** The settings as the engine takes them; a wrong value falls back to its default rather than failing. */
export function chatSettingsFrom(read: ReadSetting, env: Record<string, string | undefined> = {}): ChatSettings {
  const service: ServiceId = read('service') === 'runware' ? 'runware' : 'responses';
  const model = text(read(`${service}.model`)) ?? DEFAULT_MODELS[service];
  const baseUrl = text(env[BASE_URL_ENV[service]]) ?? text(read(`${service}.baseUrl`)) ?? DEFAULT_BASE_URLS[service];
  const idleSeconds = number(read('requestIdleTimeoutSeconds'));
  const numberResults = positiveInteger(read('runware.numberResults'));
  // Several results cannot stream: with more than one asked for, they are awaited together instead.
  const chosenDelivery = oneOf(read('runware.delivery'), DELIVERIES) ?? 'stream';
  const delivery = (numberResults ?? 1) > 1 && chosenDelivery === 'stream' ? 'sync' : chosenDelivery;
  const connection: ServiceSettings = {
    service,
    baseUrl,
    model,
    ...(idleSeconds !== undefined && idleSeconds > 0 ? { idleTimeoutMs: idleSeconds * 1000 } : {}),
    ...(service === 'runware' ? { runwareDelivery: delivery, runwareToolMode: read('runware.toolMode') === 'native' ? 'native' : 'text' } : {}),
  };
  const summary = read('reasoningSummary');
  const options: ModelOptions = {
    reasoningEffort: oneOf(read('reasoningEffort'), EFFORTS),
    reasoningSummary: summary === 'off' ? undefined : (oneOf(summary, SUMMARIES) ?? 'auto'),
    verbosity: oneOf(read('verbosity'), VERBOSITIES),
    maxOutputTokens: positiveInteger(read('maxOutputTokens')),
    temperature: number(read('temperature')),
    topP: number(read('topP')),
    ...(service === 'runware' ? { delivery, numberResults } : {}),
  };
  return {
    service,
    connection,
    model,
    options: dropUndefined(options),
    autoApproveEdits: read('autoApproveEdits') === true,
    prices: pricesFrom(read('priceTable')),
    contextExclude: Array.isArray(read('context.exclude')) ? (read('context.exclude') as unknown[]).filter((g): g is string => typeof g === 'string') : [],
  };
}

/** `{model: {input, cachedInput, output}}` from the settings into the engine's price fields. */
export function pricesFrom(value: unknown): Record<string, Partial<ModelPrice>> {
  const out: Record<string, Partial<ModelPrice>> = {};
  if (!value || typeof value !== 'object') return out;
  for (const [model, entry] of Object.entries(value as Record<string, unknown>)) {
    if (!entry || typeof entry !== 'object') continue;
    const e = entry as Record<string, unknown>;
    out[model] = dropUndefined({ inputPerMillion: e.input, cachedInputPerMillion: e.cachedInput, outputPerMillion: e.output }) as Partial<ModelPrice>;
  }
  return out;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function number(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function positiveInteger(value: unknown): number | undefined {
  const n = number(value);
  return n !== undefined && n >= 1 ? Math.floor(n) : undefined;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | undefined {
  return allowed.includes(value as T) ? (value as T) : undefined;
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
