import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseExactJson } from './exactJson';
import { refusalOf } from './fakeRunwareRules';

/*
 * A local stand-in for Runware's task API (POST /v1, a JSON array of tasks). It refuses malformed tasks
 * as the real service would, checks the bearer key, serves sync, async (getResponse polling) and stream
 * deliveries, records every request, and can be scripted to fail in each of the ways Runware fails.
 */

type Json = Record<string, unknown>;

/** What the fake answers to one textInference task. */
export interface FakeReply {
  /** One text per result; missing results get a default text. */
  texts?: string[];
  reasoning?: string;
  finishReason?: string;
  /** Extra fields put on each result item and the final stream frame (e.g. a native tool-call shape). */
  extra?: Json;
  /** Characters per stream delta. */
  chunk?: number;
  /** How many polls answer `processing` before the async task succeeds. */
  pendingPolls?: number;
  /**
   * Where stream frames carry the text: `documented` (`delta.text`), `choices` (the older OpenAI-style
   * `choices[0].delta.content`), or `unknown` (`delta.content`, a field no client reads).
   */
  streamForm?: 'documented' | 'choices' | 'unknown';
}

/** A scripted failure, consumed by the next textInference submission. */
export type Fault =
  | { kind: 'errors'; status?: number; code: string; message: string; parameter?: string }
  | { kind: 'error'; status?: number; code: string; message: string }
  | { kind: 'status'; status: number; code?: string; message?: string; retryAfterMs?: number }
  | { kind: 'stream_error'; afterFrames: number; code: string; message: string }
  /** `destroy` drops the socket; `end` closes the body cleanly but without a final frame or `[DONE]`. */
  | { kind: 'stream_cut'; afterFrames: number; how: 'destroy' | 'end' }
  | { kind: 'stream_stall'; afterFrames: number }
  /** `item`: a flat `{status: "error", code, message}` item; `nested`: `{status: "error", error: {code, message}}`; `errors`: a body-level error. */
  | { kind: 'async_error'; afterPolls: number; code: string; message: string; form: 'item' | 'nested' | 'errors' }
  /** Result `failIndex` of several fails (flat or nested form) while the others succeed. */
  | { kind: 'async_partial'; failIndex: number; code: string; message: string; form: 'item' | 'nested' }
  | { kind: 'async_never' };

export interface RecordedRequest {
  path: string;
  authorization?: string;
  body: unknown;
}

interface AsyncTask {
  task: Json;
  reply: FakeReply;
  polls: number;
  fault?: Extract<Fault, { kind: 'async_error' | 'async_never' | 'async_partial' }>;
}

const FAKE_COST_PER_M = { input: 0.75, output: 4.5 };

function tokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function lastUserText(task: Json): string {
  const messages = Array.isArray(task.messages) ? (task.messages as Json[]) : [];
  return String(messages[messages.length - 1]?.content ?? '');
}

export class FakeRunwareServer {
  readonly requests: RecordedRequest[] = [];
  /** Result items the fake produced, in order, so tests compare what the provider carried. */
  readonly served: Json[] = [];
  reply: (task: Json) => FakeReply = (task) => ({ texts: [`Fake answer to: ${lastUserText(task).slice(0, 60)}`] });
  private readonly faults: Fault[] = [];
  private readonly used = new Set<string>();
  private readonly tasks = new Map<string, AsyncTask>();
  /** The prompt of the previous task, for the prompt cache's read count. */
  private lastPrompt = '';
  private constructor(private readonly server: Server, readonly apiKey: string) {}

  /** Starts on 127.0.0.1 (port 0 picks a free one). */
  static async start(options: { apiKey?: string; port?: number } = {}): Promise<FakeRunwareServer> {
    let fake: FakeRunwareServer | undefined;
    const server = createServer((req, res) => void fake?.handle(req, res));
    fake = new FakeRunwareServer(server, options.apiKey ?? 'rw-test-key');
    await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
    return fake;
  }

  /** The base URL to give the provider. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  /** The textInference tasks received, in order. */
  get inferenceTasks(): Json[] {
    return this.requests.flatMap((r) => (Array.isArray(r.body) ? (r.body as Json[]) : [])).filter((t) => t.taskType === 'textInference');
  }

  failNext(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: unknown;
    try {
      // Exact: a seed of 9223372036854775807 must be seen as sent, not rounded.
      body = parseExactJson(Buffer.concat(chunks).toString('utf8'));
    } catch {
      body = undefined;
    }
    this.requests.push({ path: req.url ?? '', authorization: req.headers.authorization, body });
    if (req.method !== 'POST' || req.url !== '/v1') return json(res, 404, { errors: [{ code: 'notFound', message: `No route ${req.method} ${req.url}` }] });
    if (req.headers.authorization !== `Bearer ${this.apiKey}`) return json(res, 401, { errors: [{ code: 'invalidApiKey', message: 'Invalid API key. Get one at https://my.runware.ai.' }] });
    const refusal = refusalOf(body, this.used);
    if (refusal) return json(res, 400, { errors: [refusal] });
    const task = (body as Json[])[0];
    if (task.taskType === 'getResponse') return this.poll(res, String(task.taskUUID));
    if (task.taskType !== 'textInference') return json(res, 200, { data: [{ taskType: task.taskType, taskUUID: task.taskUUID }] });
    this.used.add(String(task.taskUUID));
    const fault = this.faults.shift();
    if (fault && this.answerWithFault(res, fault)) return;
    const reply = this.reply(task);
    const delivery = task.deliveryMethod ?? 'sync';
    if (delivery === 'stream') return this.stream(res, task, reply, fault);
    if (delivery === 'async') {
      const asyncFault = fault?.kind === 'async_error' || fault?.kind === 'async_never' || fault?.kind === 'async_partial' ? fault : undefined;
      this.tasks.set(String(task.taskUUID), { task, reply, polls: 0, fault: asyncFault });
      return json(res, 200, { data: [{ taskType: 'textInference', taskUUID: task.taskUUID, status: 'processing' }] });
    }
    json(res, 200, { data: this.results(task, reply) });
  }

  /** Answers faults that replace the whole response; the others shape a delivery later on. */
  private answerWithFault(res: ServerResponse, fault: Fault): boolean {
    if (fault.kind === 'errors') json(res, fault.status ?? 400, { errors: [{ code: fault.code, message: fault.message, parameter: fault.parameter }] });
    else if (fault.kind === 'error') json(res, fault.status ?? 400, { error: { code: fault.code, message: fault.message } });
    else if (fault.kind === 'status') {
      const headers = fault.retryAfterMs !== undefined ? { 'retry-after-ms': String(fault.retryAfterMs) } : undefined;
      json(res, fault.status, { errors: [{ code: fault.code ?? `http${fault.status}`, message: fault.message ?? `Scripted HTTP ${fault.status}` }] }, headers);
    } else return false;
    return true;
  }

  private results(task: Json, reply: FakeReply): Json[] {
    const count = typeof task.numberResults === 'number' ? task.numberResults : 1;
    const settings = (task.settings as Json | undefined) ?? {};
    const system = JSON.stringify(settings.systemPrompt ?? '');
    const prompt = system + JSON.stringify(task.messages);
    const cached = this.cachedPart(prompt, system, settings.cache as Json | undefined);
    return Array.from({ length: count }, (_, i) => {
      const text = reply.texts?.[i] ?? `Result ${i + 1}: ${lastUserText(task).slice(0, 40)}`;
      const item: Json = { taskType: 'textInference', taskUUID: task.taskUUID, text, finishReason: reply.finishReason ?? 'stop', ...reply.extra };
      if (reply.reasoning) item.reasoningContent = reply.reasoning;
      const usage = { promptTokens: tokens(prompt), completionTokens: tokens(text), totalTokens: tokens(prompt) + tokens(text), thinkingTokens: reply.reasoning ? tokens(reply.reasoning) : 0 };
      if (task.includeUsage === true) item.usage = usage;
      if (cached > 0) item.costBreakdown = { tokens: { cache: { read: tokens(' '.repeat(cached)) } } };
      if (task.includeCost !== false) item.cost = (usage.promptTokens * FAKE_COST_PER_M.input + usage.completionTokens * FAKE_COST_PER_M.output) / 1e6;
      this.served.push(item);
      return item;
    });
  }

  /** With a prompt cache asked for, the part of this prompt the previous one began with (whole system prompt at least) is read back. */
  private cachedPart(prompt: string, system: string, cache: Json | undefined): number {
    const previous = this.lastPrompt;
    this.lastPrompt = prompt;
    if (!cache) return 0;
    let same = 0;
    while (same < prompt.length && same < previous.length && prompt[same] === previous[same]) same++;
    if (cache.scope === 'system') return same >= system.length ? system.length : 0;
    return same;
  }

  private poll(res: ServerResponse, taskUUID: string): void {
    const entry = this.tasks.get(taskUUID);
    if (!entry) return json(res, 400, { errors: [{ code: 'taskNotFound', message: `No task ${taskUUID}.`, parameter: 'taskUUID', taskType: 'getResponse' }] });
    entry.polls++;
    const fault = entry.fault;
    const failed = (form: 'item' | 'nested', code: string, message: string): Json =>
      form === 'nested' ? { taskType: 'textInference', taskUUID, status: 'error', error: { code, message } } : { taskType: 'textInference', taskUUID, status: 'error', code, message };
    if (fault?.kind === 'async_error' && entry.polls > fault.afterPolls) {
      if (fault.form === 'errors') return json(res, 200, { errors: [{ code: fault.code, message: fault.message, taskUUID, taskType: 'textInference' }] });
      return json(res, 200, { data: [failed(fault.form, fault.code, fault.message)] });
    }
    const waiting = fault?.kind === 'async_error' || fault?.kind === 'async_never';
    if (waiting || entry.polls <= (entry.reply.pendingPolls ?? 1)) return json(res, 200, { data: [{ taskType: 'textInference', taskUUID, status: 'processing' }] });
    const items = this.results(entry.task, entry.reply).map((item): Json => ({ ...item, status: 'success' }));
    if (fault?.kind === 'async_partial') items[fault.failIndex] = failed(fault.form, fault.code, fault.message);
    json(res, 200, { data: items });
  }

  private stream(res: ServerResponse, task: Json, reply: FakeReply, fault: Fault | undefined): void {
    const size = reply.chunk ?? 4;
    const [final] = this.results(task, reply);
    const frames: Json[] = [];
    for (let i = 0; i < (reply.reasoning ?? '').length; i += size) frames.push({ taskUUID: task.taskUUID, delta: { reasoningContent: reply.reasoning!.slice(i, i + size) } });
    const text = String(final.text);
    const textFrame = (piece: string): Json =>
      reply.streamForm === 'choices'
        ? { taskUUID: task.taskUUID, choices: [{ index: 0, delta: { content: piece } }] }
        : reply.streamForm === 'unknown'
          ? { taskUUID: task.taskUUID, delta: { content: piece } }
          : { taskUUID: task.taskUUID, delta: { text: piece } };
    for (let i = 0; i < text.length; i += size) frames.push(textFrame(text.slice(i, i + size)));
    const { text: _t, reasoningContent: _r, ...closing } = final;
    frames.push(closing);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const stopAt = fault && 'afterFrames' in fault ? fault.afterFrames : Infinity;
    const sent = frames.slice(0, Math.min(stopAt, frames.length)).map((frame) => `data: ${JSON.stringify(frame)}\n\n`).join('');
    if (fault?.kind === 'stream_error') {
      res.end(`${sent}data: ${JSON.stringify({ taskUUID: task.taskUUID, errors: [{ code: fault.code, message: fault.message }] })}\n\n`);
    } else if (fault?.kind === 'stream_cut' && fault.how === 'end') {
      res.end(sent);
    } else if (fault?.kind === 'stream_cut') {
      // Drop the connection only once the frames before the cut have left.
      res.write(sent, () => setTimeout(() => res.socket?.destroy(), 20));
    } else if (fault?.kind === 'stream_stall') {
      res.write(sent);
    } else {
      res.end(`${sent}data: [DONE]\n\n`);
    }
  }
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
