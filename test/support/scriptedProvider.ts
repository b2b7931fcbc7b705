// A model provider that plays scripted events, for tests of code above the provider (agent loop, chat host).
import type { ModelEvent, ModelProvider, ModelRequest } from '../../src/core/model/types';

export interface ScriptedProvider extends ModelProvider {
  requests: ModelRequest[];
}

/** A step of the script: its events, and optionally a gate the stream waits on before the event at `pauseAt`. */
export interface ScriptStep {
  events: ModelEvent[];
  pauseAt?: number;
  gate?: Promise<void>;
}

/** A provider that plays one scripted step per model call and records the requests it got. */
export function scriptedProvider(steps: Array<ModelEvent[] | ScriptStep>): ScriptedProvider {
  const noneLeft: ModelEvent[] = [{ type: 'error', error: { kind: 'protocol', message: 'no scripted step left' } }];
  return routedProvider(() => steps.shift() ?? noneLeft);
}

/**
 * A provider whose answer to each request is chosen by `route` from the request itself, for callers that send
 * requests in no fixed order (parallel subagents). Requests are recorded in arrival order.
 */
export function routedProvider(route: (request: ModelRequest) => ModelEvent[] | ScriptStep): ScriptedProvider {
  const requests: ModelRequest[] = [];
  return {
    id: 'scripted',
    requests,
    async *stream(request, signal) {
      requests.push(structuredClone(request));
      yield* play(route(request), signal);
    },
  };
}

async function* play(next: ModelEvent[] | ScriptStep, signal?: AbortSignal): AsyncIterable<ModelEvent> {
  const step = Array.isArray(next) ? { events: next } : next;
  for (let i = 0; i < step.events.length; i++) {
    if (i === step.pauseAt && step.gate) await Promise.race([step.gate, aborted(signal)]);
    if (signal?.aborted) {
      yield { type: 'error', error: { kind: 'cancelled', message: 'Stopped.' } };
      return;
    }
    await new Promise((resolve) => setImmediate(resolve));
    yield step.events[i];
  }
}

function aborted(signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true }));
}
