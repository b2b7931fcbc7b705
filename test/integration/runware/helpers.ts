import type { ModelEvent, ModelRequest } from '../../../src/core/model/types';
import { createRunwareProvider, type RunwareConfig } from '../../../src/core/providers/runware';
import { FakeRunwareServer } from '../../support/fakeRunwareServer';

/** A provider aimed at the fake server, with polls and retries shrunk to milliseconds. */
export function providerFor(server: FakeRunwareServer, overrides: Partial<RunwareConfig> = {}) {
  return createRunwareProvider({
    apiKey: server.apiKey,
    baseURL: server.url,
    pollSchedule: { delayMs: () => 5, maxWaitMs: 5_000 },
    retry: { maxRetries: 2, delayMs: () => 1, maxRetryAfterMs: 1_000 },
    ...overrides,
  });
}

export async function collect(events: AsyncIterable<ModelEvent>): Promise<ModelEvent[]> {
  const out: ModelEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

export function textOf(events: ModelEvent[], resultIndex?: number): string {
  return events
    .filter((e): e is Extract<ModelEvent, { type: 'text_delta' }> => e.type === 'text_delta' && e.resultIndex === resultIndex)
    .map((e) => e.delta)
    .join('');
}

export function last(events: ModelEvent[]): ModelEvent {
  return events[events.length - 1];
}

export function ask(content: string, options: ModelRequest['options'] = {}, extra: Partial<ModelRequest> = {}): ModelRequest {
  return { model: 'gpt-5.4-mini', input: [{ type: 'message', role: 'user', content }], options, ...extra };
}

/** A fresh fake server for each test of the enclosing `describe`, closed after it. */
export function useFakeRunware(): { server: FakeRunwareServer } {
  const fake = {} as { server: FakeRunwareServer };
  beforeEach(async () => {
    fake.server = await FakeRunwareServer.start();
  });
  afterEach(() => fake.server.close());
  return fake;
}
