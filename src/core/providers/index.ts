import type { ModelProvider } from '../model/types';

export type ServiceId = 'responses' | 'runware';

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

export const DEFAULT_MODELS: Record<ServiceId, string> = {
  responses: 'gpt-5.4-mini',
  runware: 'openai:gpt@5.4-mini',
};

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
  return createResponsesProvider({
    apiKey,
    baseURL: settings.baseUrl,
    model: settings.model,
    idleTimeoutMs: settings.idleTimeoutMs,
    maxRetries: settings.maxRetries,
    authHint: settings.authHint,
  });
}
