import type { ErrorInfo } from '../errors';
import type { MessagePhase, ModelEvent } from '../model/types';
import { failedInfo, isWire, preview, protocolError, streamErrorInfo, usageFrom, type Wire } from './responsesWire';

/** The provider id that tags items this normalizer asks to have replayed. */
export const RESPONSES_PROVIDER_ID = 'responses';

interface FunctionCallState {
  callId: string;
  name: string;
  arguments: string;
  completed: boolean;
}

const NONE: ModelEvent[] = [];

/**
 * Turns Responses API stream events (or one non-streaming Response object) into ModelEvents.
 * One instance per HTTP response: it remembers which item each delta belongs to, so parallel
 * function calls, message phases and "done" events that repeat the deltas come out right.
 */
export class ResponsesEventNormalizer {
  responseId: string | undefined;
  private terminal = false;
  private readonly calls = new Map<string, FunctionCallState>();
  private readonly callsByOutputIndex = new Map<number, FunctionCallState>();
  private readonly phases = new Map<string, MessagePhase>();
  /**
   * Text shown so far per content part (`itemId:index`): `.done` events and final items carry the
   * whole text, and whatever the deltas missed of it is shown from there, once.
   */
  private readonly shownText = new Map<string, string>();
  private readonly shownReasoning = new Map<string, string>();
  private lastText: { itemId: string; index: unknown; key: string } = { itemId: '', index: undefined, key: '' };
  private readonly replayed = new Set<string>();
  /** Reasoning text was shown since the last paragraph break. */
  private reasoningEmitted = false;

  /** True once a completed, incomplete or error event was produced; later input is ignored. */
  get finished(): boolean {
    return this.terminal;
  }

  /** Normalizes one parsed stream event. */
  normalize(input: unknown): ModelEvent[] {
    if (this.terminal) return NONE;
    if (!isWire(input) || typeof input.type !== 'string') {
      return this.fail(protocolError(`an event without a "type" field: ${preview(input)}`));
    }
    const event = input;
    switch (event.type) {
      case 'response.output_text.delta':
        return this.textDelta(event);
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta':
        return this.reasoningDelta(event);
      case 'response.function_call_arguments.delta':
        return this.argumentsDelta(event);
      case 'response.refusal.delta':
        return this.refusalDelta(event);
      case 'response.created':
      case 'response.in_progress':
      case 'response.queued':
        this.rememberResponseId(event.response);
        return NONE;
      case 'response.output_item.added':
        return this.itemAdded(event);
      case 'response.output_item.done':
        return isWire(event.item) ? this.itemDone(event.item) : this.fail(missingField(event, 'item'));
      case 'response.output_text.done':
        return this.textDone(event);
      case 'response.refusal.done':
        return typeof event.item_id === 'string' && typeof event.refusal === 'string'
          ? this.catchUpText(event.item_id, partKey(event.item_id, event.content_index), event.refusal, 'refusal')
          : NONE;
      case 'response.reasoning_summary_part.added':
        return this.reasoningPartAdded();
      case 'response.reasoning_summary_text.done':
      case 'response.reasoning_text.done':
        return this.reasoningDone(event);
      case 'response.function_call_arguments.done':
        return this.argumentsDone(event);
      case 'response.completed':
      case 'response.incomplete':
      case 'response.failed':
        return isWire(event.response)
          ? this.finish(event.response, event.type.slice('response.'.length), event.usage)
          : this.fail(missingField(event, 'response'));
      case 'error':
        return this.fail(streamErrorInfo(isWire(event.error) ? event.error : event));
      default:
        // Content parts, annotations, server tool progress: nothing the engine shows.
        return NONE;
    }
  }

  /** Normalizes a whole (non-streaming) Response object into the same events a stream would give. */
  normalizeResponse(response: unknown): ModelEvent[] {
    if (!isWire(response)) return this.fail(protocolError(`a response that is not an object: ${preview(response)}`));
    return this.finish(response, response.status, undefined);
  }

  private textDelta(event: Wire): ModelEvent[] {
    const delta = event.delta;
    if (typeof delta !== 'string') return this.fail(missingField(event, 'delta'));
    const itemId = event.item_id;
    if (typeof itemId !== 'string') return [{ type: 'text_delta', delta }];
    const key = this.textKey(itemId, event.content_index);
    this.shownText.set(key, (this.shownText.get(key) ?? '') + delta);
    return [this.textEvent(itemId, delta)];
  }

  /** Deltas come in long runs for one part: reuse its key rather than build a string per delta. */
  private textKey(itemId: string, index: unknown): string {
    if (itemId !== this.lastText.itemId || index !== this.lastText.index) this.lastText = { itemId, index, key: partKey(itemId, index) };
    return this.lastText.key;
  }

  /** A refusal is its own event: the host must never show it as an ordinary answer. */
  private refusalDelta(event: Wire): ModelEvent[] {
    const delta = event.delta;
    if (typeof delta !== 'string') return this.fail(missingField(event, 'delta'));
    if (typeof event.item_id === 'string') {
      const key = partKey(event.item_id, event.content_index);
      this.shownText.set(key, (this.shownText.get(key) ?? '') + delta);
    }
    return [{ type: 'refusal_delta', delta }];
  }

  private textDone(event: Wire): ModelEvent[] {
    const itemId = event.item_id;
    const text = event.text;
    if (typeof itemId !== 'string' || typeof text !== 'string') return NONE;
    return this.catchUpText(itemId, partKey(itemId, event.content_index), text);
  }

  /** Shows the part of `full` not shown yet; text that contradicts what was shown cannot be taken back. */
  private catchUpText(itemId: string, key: string, full: string, kind: 'text' | 'refusal' = 'text'): ModelEvent[] {
    const shown = this.shownText.get(key) ?? '';
    if (full.length <= shown.length || !full.startsWith(shown)) return NONE;
    this.shownText.set(key, full);
    const delta = full.slice(shown.length);
    return [kind === 'refusal' ? { type: 'refusal_delta', delta } : this.textEvent(itemId, delta)];
  }

  private textEvent(itemId: string, delta: string): ModelEvent {
    const phase = this.phases.get(itemId);
    return phase ? { type: 'text_delta', delta, phase } : { type: 'text_delta', delta };
  }

  private reasoningDelta(event: Wire): ModelEvent[] {
    const delta = event.delta;
    if (typeof delta !== 'string') return this.fail(missingField(event, 'delta'));
    const key = reasoningPartKey(event);
    this.shownReasoning.set(key, (this.shownReasoning.get(key) ?? '') + delta);
    this.reasoningEmitted = true;
    return [{ type: 'reasoning_delta', delta }];
  }

  /** Summary parts are separate paragraphs; keep them apart in the one reasoning text. */
  private reasoningPartAdded(): ModelEvent[] {
    if (!this.reasoningEmitted) return NONE;
    this.reasoningEmitted = false;
    return [{ type: 'reasoning_delta', delta: '\n\n' }];
  }

  /** Fills in what the deltas missed; a part that arrived only whole is shown as its own paragraph. */
  private reasoningDone(event: Wire): ModelEvent[] {
    const full = event.text;
    if (typeof full !== 'string') return NONE;
    const key = reasoningPartKey(event);
    const shown = this.shownReasoning.get(key);
    if (full.length <= (shown ?? '').length || !full.startsWith(shown ?? '')) return NONE;
    this.shownReasoning.set(key, full);
    const rest = full.slice((shown ?? '').length);
    const delta = shown === undefined && this.reasoningEmitted ? `\n\n${rest}` : rest;
    this.reasoningEmitted = true;
    return [{ type: 'reasoning_delta', delta }];
  }

  private itemAdded(event: Wire): ModelEvent[] {
    const item = event.item;
    if (!isWire(item)) return this.fail(missingField(event, 'item'));
    if (item.type === 'message') {
      if (typeof item.id === 'string' && isPhase(item.phase)) this.phases.set(item.id, item.phase);
      return NONE;
    }
    if (item.type !== 'function_call') return NONE;
    const call = this.trackCall(item, event.output_index);
    if (!call) return this.fail(missingField(item, 'name'));
    return [{ type: 'tool_call_started', callId: call.callId, name: call.name }];
  }

  private trackCall(item: Wire, outputIndex: unknown): FunctionCallState | undefined {
    const itemId = typeof item.id === 'string' ? item.id : undefined;
    const callId = typeof item.call_id === 'string' && item.call_id ? item.call_id : itemId;
    if (typeof item.name !== 'string' || !callId) return undefined;
    const call: FunctionCallState = { callId, name: item.name, arguments: '', completed: false };
    this.calls.set(itemId ?? callId, call);
    if (typeof outputIndex === 'number') this.callsByOutputIndex.set(outputIndex, call);
    return call;
  }

  private callFor(event: Wire): FunctionCallState | undefined {
    const byId = typeof event.item_id === 'string' ? this.calls.get(event.item_id) : undefined;
    if (byId) return byId;
    return typeof event.output_index === 'number' ? this.callsByOutputIndex.get(event.output_index) : undefined;
  }

  private argumentsDelta(event: Wire): ModelEvent[] {
    const delta = event.delta;
    if (typeof delta !== 'string') return this.fail(missingField(event, 'delta'));
    const call = this.callFor(event);
    // A delta for a call never announced cannot be attributed; its `.done` item carries the full arguments.
    if (!call || call.completed) return NONE;
    call.arguments += delta;
    return [{ type: 'tool_call_delta', callId: call.callId, delta }];
  }

  private argumentsDone(event: Wire): ModelEvent[] {
    const call = this.callFor(event);
    if (!call || call.completed) return NONE;
    return this.completeCall(call, typeof event.arguments === 'string' ? event.arguments : call.arguments);
  }

  /** Completes a call once; argument text the deltas missed is sent as a last delta first. */
  private completeCall(call: FunctionCallState, args: string): ModelEvent[] {
    const out: ModelEvent[] = [];
    if (args.length > call.arguments.length && args.startsWith(call.arguments)) {
      out.push({ type: 'tool_call_delta', callId: call.callId, delta: args.slice(call.arguments.length) });
    }
    call.completed = true;
    call.arguments = args;
    out.push({ type: 'tool_call_complete', callId: call.callId, name: call.name, arguments: args });
    return out;
  }

  private itemDone(item: Wire): ModelEvent[] {
    switch (item.type) {
      case 'function_call':
        return this.functionCallDone(item);
      case 'reasoning':
        return this.replay(item);
      case 'message':
        return this.messageDone(item);
      default:
        return NONE;
    }
  }

  private functionCallDone(item: Wire): ModelEvent[] {
    // A call cut off by max_output_tokens has half its arguments: it must not look runnable.
    if (item.status === 'incomplete' || item.status === 'in_progress') return NONE;
    const known = typeof item.id === 'string' ? this.calls.get(item.id) : undefined;
    const byCallId = known ?? [...this.calls.values()].find((c) => c.callId === item.call_id);
    if (byCallId?.completed) return NONE;
    const out: ModelEvent[] = [];
    let call = byCallId;
    if (!call) {
      call = this.trackCall(item, undefined);
      if (!call) return this.fail(missingField(item, 'name'));
      out.push({ type: 'tool_call_started', callId: call.callId, name: call.name });
    }
    const args = typeof item.arguments === 'string' ? item.arguments : call.arguments;
    out.push(...this.completeCall(call, args));
    return out;
  }

  private replay(item: Wire): ModelEvent[] {
    const key = typeof item.id === 'string' ? item.id : JSON.stringify(item);
    if (this.replayed.has(key)) return NONE;
    this.replayed.add(key);
    const out: ModelEvent[] = [];
    // Servers that skip the summary events still put the summary in the item.
    if (typeof item.id === 'string' && Array.isArray(item.summary)) {
      item.summary.forEach((part, index) => {
        if (!isWire(part)) return;
        out.push(...this.reasoningDone({ item_id: item.id, summary_index: index, text: part.text }));
      });
    }
    out.push({ type: 'replay_item', item: { provider: RESPONSES_PROVIDER_ID, data: item } });
    return out;
  }

  private messageDone(item: Wire): ModelEvent[] {
    if (!Array.isArray(item.content)) return NONE;
    const itemId = typeof item.id === 'string' ? item.id : '';
    if (isPhase(item.phase) && !this.phases.has(itemId)) this.phases.set(itemId, item.phase);
    const out: ModelEvent[] = [];
    item.content.forEach((part: unknown, index: number) => {
      if (!isWire(part)) return;
      if (part.type === 'output_text' && typeof part.text === 'string') out.push(...this.catchUpText(itemId, partKey(itemId, index), part.text));
      if (part.type === 'refusal' && typeof part.refusal === 'string') out.push(...this.catchUpText(itemId, partKey(itemId, index), part.refusal, 'refusal'));
    });
    return out;
  }

  /** Ends the turn from a final Response object: anything its output holds that no event delivered comes first. */
  private finish(response: Wire, status: unknown, eventUsage: unknown): ModelEvent[] {
    this.rememberResponseId(response);
    const out: ModelEvent[] = [];
    if (Array.isArray(response.output)) {
      for (const item of response.output) if (isWire(item)) out.push(...this.itemDone(item));
      if (this.terminal) return out;
    }
    const usage = usageFrom(response.usage ?? eventUsage);
    if (usage) out.push({ type: 'usage', usage });
    const responseId = this.responseId;
    this.terminal = true;
    if (status === 'incomplete') {
      const details = isWire(response.incomplete_details) ? response.incomplete_details : {};
      const reason = typeof details.reason === 'string' ? details.reason : 'unknown';
      const cut = this.cutCall(response.output);
      out.push(cut === undefined ? { type: 'incomplete', reason, responseId } : { type: 'incomplete', reason, responseId, cutToolCall: cut });
    } else if (status === 'failed') {
      out.push({ type: 'error', error: failedInfo(response.error) });
    } else if (status === 'completed') {
      out.push({ type: 'completed', responseId });
    } else {
      out.push({ type: 'error', error: protocolError(`a final response with status "${String(status)}"`) });
    }
    return out;
  }

  /** The name of a function call the response stopped in the middle of, if it did. */
  private cutCall(output: unknown): string | undefined {
    const open = [...this.calls.values()].find((call) => !call.completed);
    if (open) return open.name;
    const unfinished = Array.isArray(output) ? output.find((item) => isWire(item) && item.type === 'function_call' && (item.status === 'incomplete' || item.status === 'in_progress')) : undefined;
    if (isWire(unfinished)) return typeof unfinished.name === 'string' ? unfinished.name : '';
    return undefined;
  }

  private rememberResponseId(response: unknown): void {
    if (isWire(response) && typeof response.id === 'string') this.responseId = response.id;
  }

  private fail(error: ErrorInfo): ModelEvent[] {
    this.terminal = true;
    return [{ type: 'error', error }];
  }
}

function partKey(itemId: string, index: unknown): string {
  return `${itemId}:${typeof index === 'number' ? index : 0}`;
}

function reasoningPartKey(event: Wire): string {
  return partKey(String(event.item_id), event.summary_index ?? event.content_index);
}

function missingField(event: Wire, field: string): ErrorInfo {
  return protocolError(`a "${String(event.type)}" without a valid "${field}" field`);
}

function isPhase(value: unknown): value is MessagePhase {
  return value === 'commentary' || value === 'final_answer';
}
