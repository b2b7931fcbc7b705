/**
 * Scripted turns for the fake Responses server: real wire-format events built the way the service
 * sends them (created → in_progress → items with deltas → a terminal event), with sequence numbers.
 */

/** One Responses API stream event as JSON; `type` is also its SSE event name. */
export type WireEvent = { type: string; [field: string]: unknown };

/** What the server does for one request. */
export type FakeTurn =
  | {
      kind: 'stream';
      events: WireEvent[];
      /** After the events: end the body normally, destroy the socket, or keep it open sending nothing. */
      end?: 'close' | 'cut' | 'stall';
      /** Pause between events, to let a client act mid-stream. */
      delayMs?: number;
      /** Omit `event:` lines, as some compatible servers do. */
      dataOnly?: boolean;
    }
  | {
      /** A runaway server: text deltas (or, with `oneLine`, bytes without a line break) as fast as the client takes them, until it goes away. */
      kind: 'flood';
      oneLine?: boolean;
    }
  | {
      kind: 'http_error';
      status: number;
      error?: { code?: string | null; message: string; type?: string; param?: string | null };
      headers?: Record<string, string>;
    };

export interface TokenCounts {
  input: number;
  output: number;
  cached?: number;
  reasoning?: number;
}

export interface FunctionCallSpec {
  name: string;
  arguments: string;
  callId?: string;
}

interface SplitOptions {
  /** Characters per delta; small values give many deltas. Default 4. */
  chunkSize?: number;
}

/** The usage object as OpenAI nests it, or flat as Anyfast documents it. */
export function wireUsage(tokens: TokenCounts, shape: 'nested' | 'flat' = 'nested'): Record<string, number | object> {
  const total = tokens.input + tokens.output;
  if (shape === 'flat') {
    return { input_tokens: tokens.input, output_tokens: tokens.output, total_tokens: total, cached_tokens: tokens.cached ?? 0, reasoning_tokens: tokens.reasoning ?? 0 };
  }
  return {
    input_tokens: tokens.input,
    input_tokens_details: { cached_tokens: tokens.cached ?? 0 },
    output_tokens: tokens.output,
    output_tokens_details: { reasoning_tokens: tokens.reasoning ?? 0 },
    total_tokens: total,
  };
}

/** Splits text into pieces of `size` characters (at least one piece, possibly empty). */
export function split(text: string, size = 4): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  return pieces.length ? pieces : [''];
}

let responseCounter = 0;

/** Builds one response's events item by item, then ends it with a terminal event or a failure. */
export class ResponseBuilder {
  readonly id: string;
  private readonly model: string;
  private readonly body: WireEvent[] = [];
  private readonly output: Record<string, unknown>[] = [];
  private itemCounter = 0;

  constructor(options: { id?: string; model?: string } = {}) {
    this.id = options.id ?? `resp_fake${++responseCounter}`;
    this.model = options.model ?? 'gpt-5.4-mini';
  }

  /** A reasoning item with summary parts streamed as deltas (or `reasoning_text` deltas when `raw`). */
  reasoning(summary: string[], options: SplitOptions & { encryptedContent?: string; raw?: boolean } = {}): this {
    const id = this.nextId('rs');
    const outputIndex = this.output.length;
    const done: Record<string, unknown> = { id, type: 'reasoning', summary: summary.map((text) => ({ type: 'summary_text', text })) };
    if (options.encryptedContent !== undefined) done.encrypted_content = options.encryptedContent;
    this.push({ type: 'response.output_item.added', output_index: outputIndex, item: { ...done, summary: [] } });
    summary.forEach((text, index) => {
      const where = { item_id: id, output_index: outputIndex };
      if (options.raw) {
        for (const delta of split(text, options.chunkSize)) this.push({ type: 'response.reasoning_text.delta', ...where, content_index: index, delta });
        this.push({ type: 'response.reasoning_text.done', ...where, content_index: index, text });
        return;
      }
      this.push({ type: 'response.reasoning_summary_part.added', ...where, summary_index: index, part: { type: 'summary_text', text: '' } });
      for (const delta of split(text, options.chunkSize)) this.push({ type: 'response.reasoning_summary_text.delta', ...where, summary_index: index, delta });
      this.push({ type: 'response.reasoning_summary_text.done', ...where, summary_index: index, text });
      this.push({ type: 'response.reasoning_summary_part.done', ...where, summary_index: index, part: { type: 'summary_text', text } });
    });
    this.push({ type: 'response.output_item.done', output_index: outputIndex, item: done });
    this.output.push(done);
    return this;
  }

  /** An assistant message whose text comes in many deltas. */
  message(text: string, options: SplitOptions & { phase?: 'commentary' | 'final_answer' } = {}): this {
    const id = this.nextId('msg');
    const outputIndex = this.output.length;
    const phase = options.phase ? { phase: options.phase } : {};
    const part = { type: 'output_text', annotations: [], logprobs: [], text };
    const done = { id, type: 'message', status: 'completed', role: 'assistant', ...phase, content: [part] };
    const where = { item_id: id, output_index: outputIndex, content_index: 0 };
    this.push({ type: 'response.output_item.added', output_index: outputIndex, item: { ...done, status: 'in_progress', content: [] } });
    this.push({ type: 'response.content_part.added', ...where, part: { ...part, text: '' } });
    for (const delta of split(text, options.chunkSize)) this.push({ type: 'response.output_text.delta', ...where, delta, logprobs: [] });
    this.push({ type: 'response.output_text.done', ...where, text, logprobs: [] });
    this.push({ type: 'response.content_part.done', ...where, part });
    this.push({ type: 'response.output_item.done', output_index: outputIndex, item: done });
    this.output.push(done);
    return this;
  }

  /** An assistant message whose only content is a refusal, streamed as `response.refusal.delta` events. */
  refusal(text: string, options: SplitOptions = {}): this {
    const id = this.nextId('msg');
    const outputIndex = this.output.length;
    const part = { type: 'refusal', refusal: text };
    const done = { id, type: 'message', status: 'completed', role: 'assistant', content: [part] };
    const where = { item_id: id, output_index: outputIndex, content_index: 0 };
    this.push({ type: 'response.output_item.added', output_index: outputIndex, item: { ...done, status: 'in_progress', content: [] } });
    this.push({ type: 'response.content_part.added', ...where, part: { ...part, refusal: '' } });
    for (const delta of split(text, options.chunkSize)) this.push({ type: 'response.refusal.delta', ...where, delta });
    this.push({ type: 'response.refusal.done', ...where, refusal: text });
    this.push({ type: 'response.content_part.done', ...where, part });
    this.push({ type: 'response.output_item.done', output_index: outputIndex, item: done });
    this.output.push(done);
    return this;
  }

  /** A function call the output limit cut off: announced, part of its arguments, never done (end with `incomplete`). */
  cutFunctionCall(name: string, partialArguments: string): this {
    const id = this.nextId('fc');
    const outputIndex = this.output.length;
    const item = { id, type: 'function_call', status: 'incomplete', call_id: `call_${id}`, name, arguments: partialArguments };
    this.push({ type: 'response.output_item.added', output_index: outputIndex, item: { ...item, status: 'in_progress', arguments: '' } });
    for (const delta of split(partialArguments)) this.push({ type: 'response.function_call_arguments.delta', item_id: id, output_index: outputIndex, delta });
    this.output.push(item);
    return this;
  }

  /**
   * Function calls, all announced first and their argument deltas interleaved round-robin when
   * `interleave` is set, so a client must key deltas by item id rather than by arrival order.
   */
  functionCalls(calls: FunctionCallSpec[], options: SplitOptions & { interleave?: boolean } = {}): this {
    const items = calls.map((call) => {
      const id = this.nextId('fc');
      const outputIndex = this.output.length;
      const done = { id, type: 'function_call', status: 'completed', call_id: call.callId ?? `call_${id}`, name: call.name, arguments: call.arguments };
      this.output.push(done);
      return { done, outputIndex, deltas: split(call.arguments, options.chunkSize) };
    });
    const added = (item: (typeof items)[number]) =>
      this.push({ type: 'response.output_item.added', output_index: item.outputIndex, item: { ...item.done, status: 'in_progress', arguments: '' } });
    const finish = (item: (typeof items)[number]) => {
      const where = { item_id: item.done.id, output_index: item.outputIndex };
      this.push({ type: 'response.function_call_arguments.done', ...where, name: item.done.name, arguments: item.done.arguments });
      this.push({ type: 'response.output_item.done', output_index: item.outputIndex, item: item.done });
    };
    const delta = (item: (typeof items)[number], piece: string) =>
      this.push({ type: 'response.function_call_arguments.delta', item_id: item.done.id, output_index: item.outputIndex, delta: piece });
    if (!options.interleave) {
      for (const item of items) {
        added(item);
        for (const piece of item.deltas) delta(item, piece);
        finish(item);
      }
      return this;
    }
    items.forEach(added);
    const longest = Math.max(...items.map((item) => item.deltas.length));
    for (let i = 0; i < longest; i++) for (const item of items) if (i < item.deltas.length) delta(item, item.deltas[i]);
    items.forEach(finish);
    return this;
  }

  /** The events so far plus `response.completed` carrying the full output and usage. */
  completed(usage?: TokenCounts, shape: 'nested' | 'flat' = 'nested'): FakeTurn {
    return this.stream(this.final('completed', { usage: usage ? wireUsage(usage, shape) : null }));
  }

  incomplete(reason: string, usage?: TokenCounts): FakeTurn {
    return this.stream(this.final('incomplete', { incomplete_details: { reason }, usage: usage ? wireUsage(usage) : null }));
  }

  failed(code: string, message: string): FakeTurn {
    return this.stream(this.final('failed', { error: { code, message } }));
  }

  /** An `error` event, nested as recorded traffic has it or flat as the SDK types it. */
  errorEvent(error: { code: string; message: string }, shape: 'nested' | 'flat' = 'nested'): FakeTurn {
    const event: WireEvent = shape === 'nested'
      ? { type: 'error', error: { type: error.code, code: error.code, message: error.message, param: null } }
      : { type: 'error', code: error.code, message: error.message, param: null };
    return this.stream(event);
  }

  /** The events so far, then the socket is destroyed. */
  cut(): FakeTurn {
    return { kind: 'stream', events: this.events(), end: 'cut' };
  }

  /** The events so far, then nothing more while the connection stays open. */
  stall(): FakeTurn {
    return { kind: 'stream', events: this.events(), end: 'stall' };
  }

  /** The events so far, then the body ends normally without a terminal event. */
  endWithoutTerminal(): FakeTurn {
    return { kind: 'stream', events: this.events(), end: 'close' };
  }

  /** Everything built so far, with `response.created` and `response.in_progress` first. */
  events(...tail: WireEvent[]): WireEvent[] {
    const start = this.responseObject('in_progress', { output: [], usage: null });
    const all = [{ type: 'response.created', response: start }, { type: 'response.in_progress', response: start }, ...this.body, ...tail];
    return all.map((event, sequence_number) => ({ ...event, sequence_number }));
  }

  private stream(terminal: WireEvent): FakeTurn {
    return { kind: 'stream', events: this.events(terminal) };
  }

  private final(status: 'completed' | 'incomplete' | 'failed', fields: Record<string, unknown>): WireEvent {
    return { type: `response.${status}`, response: this.responseObject(status, { output: this.output, ...fields }) };
  }

  private responseObject(status: string, fields: Record<string, unknown>): Record<string, unknown> {
    return { id: this.id, object: 'response', created_at: 1_700_000_000, status, model: this.model, error: null, incomplete_details: null, ...fields };
  }

  private push(event: WireEvent): void {
    this.body.push(event);
  }

  private nextId(prefix: string): string {
    return `${prefix}_${this.id.slice(5)}_${++this.itemCounter}`;
  }
}

/** A turn that answers with `text` in many deltas and reports usage. */
export function textTurn(text: string, options: SplitOptions & { phase?: 'commentary' | 'final_answer'; usage?: TokenCounts } = {}): FakeTurn {
  return new ResponseBuilder().message(text, options).completed(options.usage ?? { input: 12, output: 7 });
}

/** A turn that asks for one or several (parallel) function calls with arguments split across deltas. */
export function toolCallTurn(calls: FunctionCallSpec[], options: SplitOptions & { interleave?: boolean; usage?: TokenCounts } = {}): FakeTurn {
  return new ResponseBuilder().functionCalls(calls, options).completed(options.usage ?? { input: 20, output: 9 });
}

/** A turn that streams a reasoning summary, then answers. */
export function reasoningTurn(summary: string[], text: string, options: SplitOptions & { encryptedContent?: string; usage?: TokenCounts } = {}): FakeTurn {
  return new ResponseBuilder().reasoning(summary, options).message(text, options).completed(options.usage ?? { input: 30, output: 40, reasoning: 25 });
}

/** A plain HTTP error with the service's JSON error body. */
export function httpErrorTurn(status: number, code: string, message: string, headers: Record<string, string> = {}): FakeTurn {
  return { kind: 'http_error', status, error: { code, message, type: status >= 500 ? 'server_error' : 'invalid_request_error', param: null }, headers };
}

/**
 * A turn as written in a JSON script file (for the standalone server a separate process uses):
 * `{text, phase?, reasoning?, chunkSize?, usage?}`, `{toolCalls: [{name, arguments, callId?}], text?}`,
 * `{httpError: {status, code, message, headers?}}`, or `{events, end?, delayMs?}` verbatim.
 * Any of the first two may add `end: "cut" | "stall"` to break off after its events, and `delayMs`.
 */
export interface ScriptTurn {
  text?: string;
  phase?: 'commentary' | 'final_answer';
  reasoning?: string[];
  toolCalls?: Array<{ name: string; arguments: string | Record<string, unknown>; callId?: string }>;
  chunkSize?: number;
  usage?: TokenCounts;
  httpError?: { status: number; code: string; message: string; headers?: Record<string, string> };
  events?: WireEvent[];
  end?: 'close' | 'cut' | 'stall';
  delayMs?: number;
}

/** Builds a FakeTurn from its JSON script form. */
export function turnFromScript(script: ScriptTurn): FakeTurn {
  if (script.httpError) {
    const { status, code, message, headers } = script.httpError;
    return httpErrorTurn(status, code, message, headers);
  }
  if (script.events) return { kind: 'stream', events: script.events, end: script.end, delayMs: script.delayMs };
  const builder = new ResponseBuilder();
  const chunkSize = script.chunkSize;
  if (script.reasoning?.length) builder.reasoning(script.reasoning, { chunkSize });
  if (script.text !== undefined) builder.message(script.text, { chunkSize, phase: script.phase });
  if (script.toolCalls?.length) {
    const calls = script.toolCalls.map((call) => ({
      ...call,
      arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
    }));
    builder.functionCalls(calls, { chunkSize });
  }
  const turn = script.end === 'cut' ? builder.cut() : script.end === 'stall' ? builder.stall() : builder.completed(script.usage ?? { input: 10, output: 5 });
  return turn.kind === 'stream' && script.delayMs ? { ...turn, delayMs: script.delayMs } : turn;
}
