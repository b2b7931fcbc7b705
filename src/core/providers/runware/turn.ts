import { MiniCoderError } from '../../errors';
import type { ModelEvent, Usage } from '../../model/types';
import { asksForTools, NATIVE_FIELDS_READ, NativeToolCalls } from './nativeTools';
import { TextToolParser, type TextToolPiece } from './textTools';
import { isRecord, type Json } from './json';

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function firstCount(...values: unknown[]): number {
  const found = values.find((v) => typeof v === 'number' && Number.isFinite(v));
  return typeof found === 'number' ? found : 0;
}

/**
 * Cached prompt tokens, wherever a result reports them: in its usage (`cachedTokens`,
 * `promptTokensDetails.cachedTokens`) or under `costBreakdown.tokens.cache` (a count, or an object whose
 * read count is `read`, `readTokens`, `cachedTokens` or `hit`; the field's exact shape is unpublished).
 */
function cachedTokensOf(usage: Json, source: Json): number {
  const details = isRecord(usage.promptTokensDetails) ? usage.promptTokensDetails : {};
  const breakdown = isRecord(source.costBreakdown) && isRecord(source.costBreakdown.tokens) ? source.costBreakdown.tokens : {};
  const cache = breakdown.cache;
  const fromBreakdown = isRecord(cache) ? firstCount(cache.read, cache.readTokens, cache.cachedTokens, cache.hit) : count(cache);
  return firstCount(usage.cachedTokens, details.cachedTokens, usage.cacheReadTokens) || fromBreakdown;
}

/** Runware's `{promptTokens, completionTokens, totalTokens, thinkingTokens?}` in the engine's terms. */
export function usageOf(raw: Json, source: Json = {}): Usage {
  const input = count(raw.promptTokens);
  const output = count(raw.completionTokens);
  return {
    inputTokens: input,
    cachedInputTokens: cachedTokensOf(raw, source),
    outputTokens: output,
    reasoningTokens: count(raw.thinkingTokens),
    totalTokens: count(raw.totalTokens) || input + output,
  };
}

/** Where this client looks for an answer's text: the documented stream field, the older one, and result items. */
const TEXT_FIELDS_READ = 'delta.text, delta.reasoningContent, choices[0].delta.content (stream); text, choices[0].message.content (results)';
/** Fields that carry no answer, left out when naming what an unreadable answer held. */
const METADATA = new Set(['taskType', 'taskUUID', 'finishReason', 'usage', 'cost', 'costBreakdown', 'status', 'seed', 'index', 'id', 'object', 'created', 'model']);

/** The paths of an answer's fields, shallow (`delta.content`, `choices[0].delta.content`), for error messages. */
function fieldPaths(value: unknown, prefix: string, depth: number, out: Set<string>): void {
  if (out.size >= 40) return;
  if (Array.isArray(value)) {
    if (value.length > 0) fieldPaths(value[0], `${prefix}[0]`, depth, out);
    else out.add(`${prefix}[]`);
    return;
  }
  if (!isRecord(value) || depth === 0) {
    if (prefix) out.add(prefix);
    return;
  }
  for (const [key, inner] of Object.entries(value)) {
    if (!prefix && METADATA.has(key)) continue;
    fieldPaths(inner, prefix ? `${prefix}.${key}` : key, depth - 1, out);
  }
}

/** The text of the older OpenAI-style shape: `choices[0].delta.content` (stream) or `choices[0].message.content`. */
function choiceText(source: Json, holder: 'delta' | 'message'): string | undefined {
  const choice = Array.isArray(source.choices) && isRecord(source.choices[0]) ? source.choices[0] : undefined;
  const inner = choice && isRecord(choice[holder]) ? choice[holder] : undefined;
  return inner && typeof inner.content === 'string' ? inner.content : undefined;
}

function choiceFinishReason(source: Json): unknown {
  const choice = Array.isArray(source.choices) && isRecord(source.choices[0]) ? source.choices[0] : undefined;
  return choice?.finish_reason ?? undefined;
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
  /** True once any field this client reads an answer from was present (even empty). */
  private readable = false;
  private readonly fieldsSeen = new Set<string>();

  constructor(
    private readonly numberResults: number,
    private readonly toolsInText: boolean,
    private readonly newCallId: () => string,
  ) {}

  /** One stream frame, in the documented form (`delta.text`) or the older one (`choices[0].delta.content`). */
  frame(frame: Json): ModelEvent[] {
    const events: ModelEvent[] = [];
    const delta = isRecord(frame.delta) ? frame.delta : {};
    const older = choiceText(frame, 'delta');
    if (typeof delta.reasoningContent === 'string') {
      this.readable = true;
      if (delta.reasoningContent) events.push({ type: 'reasoning_delta', delta: delta.reasoningContent });
    }
    const text = typeof delta.text === 'string' ? delta.text : older;
    if (text !== undefined) {
      this.readable = true;
      if (text) events.push(...this.text(0, text));
    }
    this.noteFields(frame);
    this.native.add(frame);
    this.account(frame);
    const finishReason = frame.finishReason ?? choiceFinishReason(frame);
    if (finishReason !== undefined && finishReason !== null) {
      this.finishReason = finishReason;
      this.sawFinal = true;
    }
    return events;
  }

  /** The finished result items of a sync or async task, in result order. */
  results(items: Json[]): ModelEvent[] {
    const events: ModelEvent[] = [];
    items.forEach((item, index) => {
      if (typeof item.reasoningContent === 'string') {
        this.readable = true;
        if (item.reasoningContent) events.push({ type: 'reasoning_delta', delta: item.reasoningContent });
      }
      const text = typeof item.text === 'string' ? item.text : choiceText(item, 'message');
      if (text !== undefined) {
        this.readable = true;
        events.push(...this.text(index, text));
      }
      this.noteFields(item);
      if (index === 0) this.native.add(item);
      else events.push(...this.alternativeNativeCalls(index, item));
      this.account(item);
      if (index === 0) this.finishReason = item.finishReason ?? choiceFinishReason(item);
    });
    return events;
  }

  /** Closing events: pending text, tool calls, usage, then exactly one of completed / incomplete (or a thrown error). */
  finish(taskUUID: string | undefined): ModelEvent[] {
    const events: ModelEvent[] = [];
    const cutShort = this.finishReason === 'length';
    // A call the output limit cut in half must not run: its arguments are missing their end.
    let cutToolCall = cutShort ? this.parsers.get(0)?.openCallName() : undefined;
    for (const [index, parser] of this.parsers) events.push(...this.pieces(index, parser.end(!cutShort)));
    const nativeCalls = this.native.complete();
    if (cutShort && nativeCalls.length > 0) cutToolCall ??= (nativeCalls[nativeCalls.length - 1].name as string) ?? '';
    else {
      for (const call of nativeCalls) {
        const callId = call.id ?? this.newCallId();
        events.push({ type: 'tool_call_started', callId, name: call.name as string });
        events.push({ type: 'tool_call_delta', callId, delta: call.arguments });
        events.push({ type: 'tool_call_complete', callId, name: call.name as string, arguments: call.arguments });
      }
    }
    if (asksForTools(this.finishReason) && nativeCalls.length + this.textCalls === 0) {
      throw new MiniCoderError({
        kind: 'protocol',
        message: `Runware ended the turn with finishReason ${String(this.finishReason)} but no tool call could be read (looked at ${NATIVE_FIELDS_READ}). Use toolMode "text", and report the answer's shape so native tool calls can be supported.`,
      });
    }
    const stoppedEarly = cutShort || this.finishReason === 'content_filter';
    if (!stoppedEarly && !this.readable && nativeCalls.length === 0) {
      const seen = [...this.fieldsSeen].join(', ') || 'none besides the task metadata';
      throw new MiniCoderError({
        kind: 'protocol',
        message: `Runware's answer carried no text in any field this client reads (${TEXT_FIELDS_READ}); the fields it had: ${seen}. Nothing was shown as an answer; report this shape so it can be read.`,
      });
    }
    if (this.usage || this.cost !== undefined) events.push({ type: 'usage', usage: { ...(this.usage ?? usageOf({})), ...(this.cost !== undefined ? { costUsd: this.cost } : {}) } });
    if (cutShort) {
      events.push(cutToolCall === undefined ? { type: 'incomplete', reason: 'max_output_tokens', responseId: taskUUID } : { type: 'incomplete', reason: 'max_output_tokens', responseId: taskUUID, cutToolCall });
    } else if (this.finishReason === 'content_filter') events.push({ type: 'incomplete', reason: 'content_filter', responseId: taskUUID });
    else events.push({ type: 'completed', responseId: taskUUID });
    return events;
  }

  private noteFields(source: Json): void {
    fieldPaths(source, '', 3, this.fieldsSeen);
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
      const next = usageOf(source.usage, source);
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
