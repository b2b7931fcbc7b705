import type { ModelProvider, ModelRequest } from '../../../src/core/model/types';
import { createResponsesProvider, type ResponsesProviderConfig } from '../../../src/core/providers/responses';
import { FakeResponsesServer, type FakeResponsesServerOptions } from '../../support/fakeResponsesServer';

export interface FakeService {
  /** The fresh server of the current test. */
  readonly server: FakeResponsesServer;
  /** A provider aimed at the server with the right key and no retries, unless `config` says otherwise. */
  provider(config?: Partial<ResponsesProviderConfig>): ModelProvider;
}

/** Gives each test of the suite its own fake Responses server expecting `apiKey`, closed after it. */
export function useFakeService(apiKey: string, options: FakeResponsesServerOptions = {}): FakeService {
  let server: FakeResponsesServer | undefined;
  const current = (): FakeResponsesServer => {
    if (!server) throw new Error('the fake server only exists inside a test');
    return server;
  };
  beforeEach(async () => {
    server = await FakeResponsesServer.start({ expectedApiKey: apiKey, ...options });
  });
  afterEach(() => server?.close());
  return {
    get server() {
      return current();
    },
    provider: (config = {}) => createResponsesProvider({ apiKey, baseURL: current().baseURL, maxRetries: 0, ...config }),
  };
}

/** A one-message user request to gpt-5.4-mini. */
export function ask(content: string): ModelRequest {
  return { model: 'gpt-5.4-mini', input: [{ type: 'message', role: 'user', content }] };
}
