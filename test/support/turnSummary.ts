import type { ModelEvent, ProviderItem, Usage } from '../../src/core/model/types';
import type { ErrorInfo } from '../../src/core/errors';

/** What one model turn amounted to, folded from its events, for assertions. */
export interface TurnSummary {
  text: string;
  /** Text grouped by message phase ('none' when the message had none). */
  textByPhase: Record<string, string>;
  reasoning: string;
  started: Array<{ callId: string; name: string }>;
  /** Argument deltas concatenated per call id. */
  argumentDeltas: Record<string, string>;
  calls: Array<{ callId: string; name: string; arguments: string }>;
  replayItems: ProviderItem[];
  usage: Usage[];
  terminal: ModelEvent | undefined;
  error: ErrorInfo | undefined;
  /** Events after the first terminal event: must always be empty. */
  afterTerminal: ModelEvent[];
}

/** Reads a provider stream to the end. Any throw fails the test, since `stream` must never throw. */
export async function collectEvents(stream: AsyncIterable<ModelEvent>): Promise<ModelEvent[]> {
  const events: ModelEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

export function summarizeTurn(events: ModelEvent[]): TurnSummary {
  const summary: TurnSummary = {
    text: '',
    textByPhase: {},
    reasoning: '',
    started: [],
    argumentDeltas: {},
    calls: [],
    replayItems: [],
    usage: [],
    terminal: undefined,
    error: undefined,
    afterTerminal: [],
  };
  for (const event of events) {
    if (summary.terminal) {
      summary.afterTerminal.push(event);
      continue;
    }
    switch (event.type) {
      case 'text_delta': {
        summary.text += event.delta;
        const phase = event.phase ?? 'none';
        summary.textByPhase[phase] = (summary.textByPhase[phase] ?? '') + event.delta;
        break;
      }
      case 'reasoning_delta':
        summary.reasoning += event.delta;
        break;
      case 'tool_call_started':
        summary.started.push({ callId: event.callId, name: event.name });
        break;
      case 'tool_call_delta':
        summary.argumentDeltas[event.callId] = (summary.argumentDeltas[event.callId] ?? '') + event.delta;
        break;
      case 'tool_call_complete':
        summary.calls.push({ callId: event.callId, name: event.name, arguments: event.arguments });
        break;
      case 'replay_item':
        summary.replayItems.push(event.item);
        break;
      case 'usage':
        summary.usage.push(event.usage);
        break;
      case 'completed':
      case 'incomplete':
        summary.terminal = event;
        break;
      case 'error':
        summary.terminal = event;
        summary.error = event.error;
        break;
    }
  }
  return summary;
}
