import { MiniCoderError } from '../../errors';
import type { ModelEvent, Usage } from '../../model/types';
import { asksForTools, NATIVE_FIELDS_READ, NativeToolCalls } from './nativeTools';
import { TextToolParser, type TextToolPiece } from './textTools';
import { isRecord, type Json } from './json';

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** Runware's `{promptTokens, completionTokens, totalTokens, thinkingTokens?}` in the engine's terms. */
export function usageOf(raw: Json): Usage {
  const details = isRecord(raw.promptTokensDetails) ? raw.promptTokensDetails : {};
  const input = count(raw.promptTokens);
  const output = count(raw.completionTokens);
  return {
    inputTokens: input,
    cachedInputTokens: count(raw.cachedTokens ?? details.cachedTokens),
    outputTokens: output,
    reasoningTokens: count(raw.thinkingTokens),
    totalTokens: count(raw.totalTokens) || input + output,
  };
}

function callNote(name: string, args: string): string {
  return `\n[tool call ${name} ${args}]\n`;
}

/**
 * Turns one task's answer (result items for sync/async, frames for stream) into model events: visible
 * text and reasoning, tool calls (text protocol and native), usage with cost, and how the turn ended.
 */
export class TurnReader {
  private readonly parsers = new Map<number, TextToolParser>();
  private readonly native = new NativeToolCalls();
  private usage: Usage | undefined;
  private cost: number | undefined;
  private finishReason: unknown;
  private textCalls = 0;
  /** True once a stream frame carried a finish reason (the answer is whole even without `[DONE]`). */
  sawFinal = false;

  constructor(
    private readonly numberResults: number,
    private readonly toolsInText: boolean,
    private readonly newCallId: () => string,
  ) {}

  /** One stream frame. */
  frame(frame: Json): ModelEvent[] {
    const events: ModelEvent[] = [];
    const delta = isRecord(frame.delta) ? frame.delta : {};
    if (typeof delta.reasoningContent === 'string' && delta.reasoningContent) events.push({ type: 'reasoning_delta', delta: delta.reasoningContent });
    if (typeof delta.text === 'string' && delta.text) events.push(...this.text(0, delta.text));
    this.native.add(frame);
    this.account(frame);
    if (frame.finishReason !== undefined && frame.finishReason !== null) {
      this.finishReason = frame.finishReason;
      this.sawFinal = true;
    }
    return events;
  }

  /** The finished result items of a sync or async task, in result order. */
  results(items: Json[]): ModelEvent[] {
    const events: ModelEvent[] = [];
    items.forEach((item, index) => {
      if (typeof item.reasoningContent === 'string' && item.reasoningContent) events.push({ type: 'reasoning_delta', delta: item.reasoningContent });
      if (typeof item.text === 'string') events.push(...this.text(index, item.text));
      if (index === 0) this.native.add(item);
      else events.push(...this.alternativeNativeCalls(index, item));
      this.account(item);
      if (index === 0) this.finishReason = item.finishReason;
    });
    return events;
  }

  /** Closing events: pending text, tool calls, usage, then exactly one of completed / incomplete (or a thrown error). */
  finish(taskUUID: string | undefined): ModelEvent[] {
    const events: ModelEvent[] = [];
    for (const [index, parser] of this.parsers) events.push(...this.pieces(index, parser.end()));
    const nativeCalls = this.native.complete();
    for (const call of nativeCalls) {
      const callId = call.id ?? this.newCallId();
      events.push({ type: 'tool_call_started', callId, name: call.name as string });
      events.push({ type: 'tool_call_delta', callId, delta: call.arguments });
      events.push({ type: 'tool_call_complete', callId, name: call.name as string, arguments: call.arguments });
    }
    if (asksForTools(this.finishReason) && nativeCalls.length + this.textCalls === 0) {
      throw new MiniCoderError({
        kind: 'protocol',
        message: `Runware ended the turn with finishReason ${String(this.finishReason)} but no tool call could be read (looked at ${NATIVE_FIELDS_READ}). Use toolMode "text", and report the answer's shape so native tool calls can be supported.`,
      });
    }
    if (this.usage || this.cost !== undefined) events.push({ type: 'usage', usage: { ...(this.usage ?? usageOf({})), ...(this.cost !== undefined ? { costUsd: this.cost } : {}) } });
    if (this.finishReason === 'length') events.push({ type: 'incomplete', reason: 'max_output_tokens', responseId: taskUUID });
    else if (this.finishReason === 'content_filter') events.push({ type: 'incomplete', reason: 'content_filter', responseId: taskUUID });
    else events.push({ type: 'completed', responseId: taskUUID });
    return events;
  }

  private text(index: number, text: string): ModelEvent[] {
    if (!this.toolsInText) return [this.textEvent(index, text)];
    let parser = this.parsers.get(index);
    if (!parser) this.parsers.set(index, (parser = new TextToolParser(this.newCallId)));
    return this.pieces(index, parser.push(text));
  }

  private pieces(index: number, pieces: TextToolPiece[]): ModelEvent[] {
    if (index > 0) return this.alternativePieces(index, pieces);
    return pieces.map((piece): ModelEvent => {
      switch (piece.type) {
        case 'text':
          return this.textEvent(index, piece.text);
        case 'call_started':
          return { type: 'tool_call_started', callId: piece.callId, name: piece.name };
        case 'call_delta':
          return { type: 'tool_call_delta', callId: piece.callId, delta: piece.delta };
        case 'call_complete':
          this.textCalls++;
          return { type: 'tool_call_complete', callId: piece.callId, name: piece.name, arguments: piece.arguments };
      }
    });
  }

  /*
   * With several results the conversation goes on from result 0, so only its tool calls run; the calls
   * an alternative would have made are shown in its text, for the user choosing between them.
   */
  private alternativePieces(index: number, pieces: TextToolPiece[]): ModelEvent[] {
    const events: ModelEvent[] = [];
    for (const piece of pieces) {
      if (piece.type === 'text') events.push(this.textEvent(index, piece.text));
      if (piece.type === 'call_complete') events.push(this.textEvent(index, callNote(piece.name, piece.arguments)));
    }
    return events;
  }

  private alternativeNativeCalls(index: number, item: Json): ModelEvent[] {
    const calls = new NativeToolCalls();
    calls.add(item);
    return calls.complete().map((call) => this.textEvent(index, callNote(call.name as string, call.arguments)));
  }

  private textEvent(index: number, delta: string): ModelEvent {
    return this.numberResults > 1 ? { type: 'text_delta', delta, resultIndex: index } : { type: 'text_delta', delta };
  }

  /** Usage and cost add up across the results of a task (each result reports its own). */
  private account(source: Json): void {
    if (isRecord(source.usage)) {
      const next = usageOf(source.usage);
      const prev = this.usage;
      this.usage = prev
        ? {
            inputTokens: prev.inputTokens + next.inputTokens,
            cachedInputTokens: prev.cachedInputTokens + next.cachedInputTokens,
            outputTokens: prev.outputTokens + next.outputTokens,
            reasoningTokens: prev.reasoningTokens + next.reasoningTokens,
            totalTokens: prev.totalTokens + next.totalTokens,
          }
        : next;
    }
    const cost = typeof source.cost === 'string' ? Number(source.cost) : source.cost;
    if (typeof cost === 'number' && Number.isFinite(cost)) this.cost = (this.cost ?? 0) + cost;
  }
}
