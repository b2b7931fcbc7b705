// The `miniCoder.*` settings read into what the engine takes. Free of `vscode` (a reader function is passed
// in) so the mapping, the checks and the test-only environment overrides are unit-tested. Values are checked
// with the same rules as the CLI flags (core/providers/optionRules): a wrong value becomes a problem the chat
// shows before any request, never a silent fallback and never a request the service would refuse.
import type { ModelOptions } from '../core/model/types';
import type { ModelPrice } from '../core/pricing';
import { modelFor, optionProblems, optionsNotSent, type OptionKey } from '../core/providers/optionRules';
import {
  accountOf,
  DEFAULT_BASE_URLS as ACCOUNT_BASE_URLS,
  DEFAULT_MODELS,
  SERVICE_IDS,
  SERVICE_LABELS,
  type AccountId,
  type ServiceId,
} from '../core/providers/services';
import type { ServiceSettings } from '../core/providers';

export const DEFAULT_BASE_URLS: Record<AccountId, string> = ACCOUNT_BASE_URLS;

/** Environment variables that override the base URLs (end-to-end tests point them at a local fake server). */
export const BASE_URL_ENV: Record<AccountId, string> = {
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
  /** Settings whose values no request may carry, each naming the setting; the chat shows them instead of asking. */
  problems: string[];
  /** Settings the user chose that this service does not take, said once in the chat; undefined when none. */
  notSent?: string;
}

/** Reads one setting under `miniCoder.` (e.g. `responses.model`). */
export type ReadSetting = (key: string) => unknown;

/** The setting behind each engine option (under `miniCoder.`), and its declared default. */
const SETTINGS: Partial<Record<OptionKey, { key: string; default: unknown }>> = {
  reasoningEffort: { key: 'reasoningEffort', default: 'medium' },
  reasoningSummary: { key: 'reasoningSummary', default: 'auto' },
  verbosity: { key: 'verbosity', default: 'medium' },
  maxOutputTokens: { key: 'maxOutputTokens', default: null },
  temperature: { key: 'temperature', default: null },
  topP: { key: 'topP', default: null },
  store: { key: 'responses.store', default: false },
  user: { key: 'responses.user', default: '' },
  delivery: { key: 'runware.delivery', default: 'stream' },
  numberResults: { key: 'runware.numberResults', default: 1 },
  cache: { key: 'runware.cache', default: 'system+history' },
  cacheTtl: { key: 'runware.cacheTtl', default: '5m' },
};

const RUNWARE_ONLY: OptionKey[] = ['delivery', 'numberResults', 'cache', 'cacheTtl'];

/** The settings as the engine takes them, with every value checked before it can reach a request. */
export function chatSettingsFrom(read: ReadSetting, env: Record<string, string | undefined> = {}): ChatSettings {
  const problems: string[] = [];
  const chosenService = read('service');
  const service: ServiceId = SERVICE_IDS.includes(chosenService as ServiceId) ? (chosenService as ServiceId) : 'responses';
  if (given(chosenService) && service !== chosenService) problems.push(`miniCoder.service must be one of ${SERVICE_IDS.join(', ')}; got ${JSON.stringify(chosenService)}`);
  const account = accountOf(service);
  const model = modelFor(service, text(read(`${account}.model`)) ?? DEFAULT_MODELS[service]);
  if ('problem' in model) problems.push(`miniCoder.${account}.model: ${model.problem}`);
  const modelId = 'model' in model ? model.model : DEFAULT_MODELS[service];
  const baseUrl = text(env[BASE_URL_ENV[account]]) ?? text(read(`${account}.baseUrl`)) ?? DEFAULT_BASE_URLS[account];
  const idleSeconds = number(read('requestIdleTimeoutSeconds'));

  const options: ModelOptions = {};
  const chosen = new Set<OptionKey>();
  for (const [key, setting] of Object.entries(SETTINGS) as Array<[OptionKey, { key: string; default: unknown }]>) {
    if (service !== 'runware' && RUNWARE_ONLY.includes(key)) continue;
    const value = read(setting.key);
    if (key === 'reasoningSummary' && value === 'off') continue;
    if (key === 'user' && value === '') continue;
    if (!given(value)) continue;
    (options as Record<string, unknown>)[key] = value;
    if (value !== setting.default) chosen.add(key);
  }
  if (!given(read('reasoningSummary'))) options.reasoningSummary = 'auto';
  // Several results cannot stream: with more than one asked for, they are awaited together instead.
  if (service === 'runware') {
    options.delivery ??= 'stream';
    if (typeof options.numberResults === 'number' && options.numberResults > 1 && options.delivery === 'stream') options.delivery = 'sync';
  }
  for (const p of optionProblems(service, options)) problems.push(`miniCoder.${SETTINGS[p.key]?.key ?? p.key} ${p.message}`);

  const toolMode = read('runware.toolMode');
  if (service === 'runware' && given(toolMode) && toolMode !== 'text' && toolMode !== 'native') problems.push(`miniCoder.runware.toolMode must be one of text, native; got ${JSON.stringify(toolMode)}`);
  const connection: ServiceSettings = {
    service,
    baseUrl,
    model: modelId,
    ...(idleSeconds !== undefined && idleSeconds > 0 ? { idleTimeoutMs: idleSeconds * 1000 } : {}),
    ...(service === 'runware' ? { runwareDelivery: options.delivery, runwareToolMode: toolMode === 'native' ? 'native' : 'text' } : {}),
  };
  // Only what the user chose is worth a word: a default the service does not take is simply not sent.
  const notSent = optionsNotSent(service, modelId, options).filter((n) => chosen.has(n.key));
  return {
    service,
    connection,
    model: modelId,
    options,
    autoApproveEdits: read('autoApproveEdits') === true,
    prices: pricesFrom(read('priceTable')),
    contextExclude: Array.isArray(read('context.exclude')) ? (read('context.exclude') as unknown[]).filter((g): g is string => typeof g === 'string') : [],
    problems,
    ...(notSent.length
      ? { notSent: `Not sent to ${SERVICE_LABELS[service]}: ${notSent.map((n) => `miniCoder.${SETTINGS[n.key]?.key ?? n.key} (${n.reason})`).join('; ')}.` }
      : {}),
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

/** A setting left at nothing: VS Code gives `null` for an emptied nullable setting. */
function given(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function number(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
