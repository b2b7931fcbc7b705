/**
 * The model services Mini Coder can talk to, and the facts about them every host shares: which account
 * (key and base URL) a service uses, its default model, and how model ids are written for it.
 */

/**
 * `responses`: an OpenAI Responses API server (Anyfast by default). `runware`: Runware's task API.
 * `runware-responses`: Runware's OpenAI-compatible Responses endpoint, same key and base URL as `runware`.
 */
export type ServiceId = 'responses' | 'runware' | 'runware-responses';

export const SERVICE_IDS: readonly ServiceId[] = ['responses', 'runware', 'runware-responses'];

/** Whose key and base URL a service uses: Runware's Responses endpoint is part of the Runware account. */
export type AccountId = 'responses' | 'runware';

/** Which wire format a service speaks: the Responses API or Runware's task array. */
export type WireFormat = 'responses' | 'runware-task';

export const SERVICE_LABELS: Record<ServiceId, string> = {
  responses: 'Responses API (Anyfast, OpenAI or compatible)',
  runware: 'Runware',
  'runware-responses': 'Runware (Responses endpoint)',
};

export const DEFAULT_MODELS: Record<ServiceId, string> = {
  responses: 'gpt-5.4-mini',
  runware: 'openai:gpt@5.4-mini',
  'runware-responses': 'openai:gpt@5.4-mini',
};

export const DEFAULT_BASE_URLS: Record<AccountId, string> = {
  responses: 'https://www.anyfast.ai/v1',
  runware: 'https://api.runware.ai/v1',
};

/** The account a service belongs to. */
export function accountOf(service: ServiceId): AccountId {
  return service === 'responses' ? 'responses' : 'runware';
}

/** The wire format a service speaks. */
export function wireOf(service: ServiceId): WireFormat {
  return service === 'runware' ? 'runware-task' : 'responses';
}

/**
 * The model's plain name whatever way it is written: `openai/gpt-5.4-mini` (proxies) and Runware's AIR id
 * `openai:gpt@5.4-mini` are both `gpt-5.4-mini`.
 */
export function bareModelName(model: string): string {
  const air = /^[a-z0-9_-]+:([A-Za-z0-9._-]+)@([A-Za-z0-9._-]+)$/i.exec(model);
  if (air) return `${air[1]}-${air[2]}`.toLowerCase();
  return model.slice(model.lastIndexOf('/') + 1).toLowerCase();
}

/** Bare model names Runware serves, by the AIR id it takes for them. */
const RUNWARE_MODEL_IDS: Record<string, string> = {
  'gpt-5.4-mini': 'openai:gpt@5.4-mini',
};

/** Runware's model ids are AIR ids: `provider:model@version`. */
const AIR_ID = /^[a-z0-9_-]+:[A-Za-z0-9._-]+@[A-Za-z0-9._-]+$/;

/**
 * The id Runware takes for `model`: an AIR id as given, a known bare name mapped (`gpt-5.4-mini` →
 * `openai:gpt@5.4-mini`), anything else refused with the form Runware accepts.
 */
export function runwareModelId(model: string): { model: string } | { problem: string } {
  const trimmed = model.trim();
  if (AIR_ID.test(trimmed)) return { model: trimmed };
  const known = RUNWARE_MODEL_IDS[trimmed.toLowerCase()];
  if (known) return { model: known };
  return {
    problem: `"${model}" is not a Runware model id: Runware takes AIR ids written provider:model@version, e.g. openai:gpt@5.4-mini (the bare names Mini Coder maps are ${Object.keys(RUNWARE_MODEL_IDS).join(', ')}).`,
  };
}
