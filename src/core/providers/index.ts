import type { ModelProvider } from '../model/types';
import { DEFAULT_BASE_URLS, type ServiceId } from './services';

export { DEFAULT_MODELS, DEFAULT_BASE_URLS, SERVICE_IDS, SERVICE_LABELS, accountOf, wireOf } from './services';
export type { AccountId, ServiceId, WireFormat } from './services';

/** Which service to talk to and where; everything but the key, which comes from a secret store. */
export interface ServiceSettings {
  service: ServiceId;
  baseUrl?: string;
  model?: string;
  idleTimeoutMs?: number;
  maxRetries?: number;
  runwareDelivery?: 'sync' | 'async' | 'stream';
  runwareToolMode?: 'text' | 'native';
  /** The sentence shown with a key error, saying where this host takes the key. */
  authHint?: string;
}

/** Builds the provider for a service. Providers load lazily so start-up stays fast. */
export function createProvider(settings: ServiceSettings, apiKey: string): ModelProvider {
  if (settings.service === 'runware') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createRunwareProvider, defaultRetryPolicy } = require('./runware') as typeof import('./runware');
    return createRunwareProvider({
      apiKey,
      baseURL: settings.baseUrl,
      model: settings.model,
      toolMode: settings.runwareToolMode,
      delivery: settings.runwareDelivery,
      streamIdleTimeoutMs: settings.idleTimeoutMs,
      retry: settings.maxRetries === undefined ? undefined : { ...defaultRetryPolicy, maxRetries: settings.maxRetries },
    });
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createResponsesProvider } = require('./responses') as typeof import('./responses');
  // Runware's Responses endpoint is the same API at Runware's base URL, with the Runware key.
  const onRunware = settings.service === 'runware-responses';
  return createResponsesProvider({
    apiKey,
    baseURL: settings.baseUrl ?? (onRunware ? DEFAULT_BASE_URLS.runware : undefined),
    model: settings.model,
    service: settings.service,
    idleTimeoutMs: settings.idleTimeoutMs,
    maxRetries: settings.maxRetries,
    authHint: settings.authHint,
  });
}
