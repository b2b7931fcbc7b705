/**
 * A local stand-in for a Responses API service (Anyfast, OpenAI): `POST …/responses` on 127.0.0.1,
 * answered from a queue of scripted turns in the real wire format (named SSE events, no `[DONE]`),
 * or as one Response JSON object when the request says `stream: false`. Every request is recorded.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { responsesRefusalOf } from './fakeResponsesRules';
import type { FakeTurn, WireEvent } from './responsesTurns';

export * from './responsesTurns';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The parsed JSON body, or undefined when it was not JSON. */
  body: Record<string, unknown> | undefined;
  receivedAt: number;
  /** Set when the client went away before the server finished its answer (abort, timeout). */
  clientClosedEarly: boolean;
}

export interface FakeResponsesServerOptions {
  /** When set, any other bearer key gets 401 `invalid_api_key` (and consumes no turn). */
  expectedApiKey?: string;
  turns?: FakeTurn[];
  /** Served when the queue is empty; without it an empty queue answers 500 so a test fails loudly. */
  fallback?: FakeTurn;
  /** Called for each request once its body is read (the standalone entry logs them). */
  onRequest?: (request: RecordedRequest) => void;
  /** Answer bodies the real service would refuse with its 400 (default true). */
  strict?: boolean;
  /** Chooses the answer from the request body before the queue is used (requests that come in no fixed order). */
  route?: Route;
}

/** An answer chosen from the request body; undefined leaves the request to the queue. */
export type Route = (body: Record<string, unknown>) => FakeTurn | undefined | Promise<FakeTurn | undefined>;

export class FakeResponsesServer {
  readonly requests: RecordedRequest[] = [];
  /** See `FakeResponsesServerOptions.route`; tests may set it while the server runs. */
  route: Route | undefined;
  private readonly queue: FakeTurn[];
  private readonly server: http.Server;
  private port = 0;

  private constructor(private readonly options: FakeResponsesServerOptions) {
    this.queue = [...(options.turns ?? [])];
    this.route = options.route;
    this.server = http.createServer((req, res) => void this.handle(req, res).catch(() => res.destroy()));
  }

  /** Starts a server on 127.0.0.1 (port 0 picks a free one). */
  static async start(options: FakeResponsesServerOptions = {}, port = 0): Promise<FakeResponsesServer> {
    const fake = new FakeResponsesServer(options);
    await new Promise<void>((resolve, reject) => {
      fake.server.once('error', reject);
      fake.server.listen(port, '127.0.0.1', () => resolve());
    });
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  /** `http://127.0.0.1:PORT`. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The base URL to give a client: `http://127.0.0.1:PORT/v1`. */
  get baseURL(): string {
    return `${this.url}/v1`;
  }

  /** Turns not served yet. */
  get pending(): number {
    return this.queue.length;
  }

  enqueue(...turns: FakeTurn[]): void {
    this.queue.push(...turns);
  }

  /** Closes the server, dropping stalled streams. */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const record: RecordedRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      body: parseJson(raw),
      receivedAt: Date.now(),
      clientClosedEarly: false,
    };
    this.requests.push(record);
    this.options.onRequest?.(record);
    res.on('close', () => {
      if (!res.writableFinished) record.clientClosedEarly = true;
    });

    if (req.method !== 'POST' || !record.path.split('?')[0].endsWith('/responses')) {
      return sendError(res, { kind: 'http_error', status: 404, error: { code: 'not_found', message: `No route for ${req.method} ${record.path}` } });
    }
    if (this.options.expectedApiKey !== undefined && req.headers.authorization !== `Bearer ${this.options.expectedApiKey}`) {
      return sendError(res, { kind: 'http_error', status: 401, error: { code: 'invalid_api_key', message: `Incorrect API key provided: ${mask(req.headers.authorization)}.`, type: 'invalid_request_error' } });
    }
    if (!record.body) {
      return sendError(res, { kind: 'http_error', status: 400, error: { code: 'invalid_json', message: 'The body is not valid JSON.' } });
    }
    const refusal = this.options.strict === false ? undefined : responsesRefusalOf(record.body);
    if (refusal) {
      return sendError(res, { kind: 'http_error', status: 400, error: { message: refusal.message, type: 'invalid_request_error', param: refusal.param, code: refusal.code } });
    }
    const turn = (await this.route?.(record.body)) ?? this.queue.shift() ?? this.options.fallback;
    if (!turn) {
      return sendError(res, { kind: 'http_error', status: 500, error: { code: 'no_turn', message: 'The fake server has no scripted turn left.', type: 'server_error' } });
    }
    if (turn.kind === 'http_error') return sendError(res, turn);
    if (turn.kind === 'flood') return flood(res, turn.oneLine === true);
    const served = withInclusions(turn, record.body);
    if (record.body.stream === true) return streamTurn(res, served);
    return sendFinalResponse(res, served);
  }
}

/** Starts a fake Responses server on 127.0.0.1 and a free port. */
export function startFakeResponsesServer(options: FakeResponsesServerOptions = {}): Promise<FakeResponsesServer> {
  return FakeResponsesServer.start(options);
}

async function streamTurn(res: http.ServerResponse, turn: Extract<FakeTurn, { kind: 'stream' }>): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
  res.flushHeaders();
  for (const event of turn.events) {
    if (res.destroyed) return;
    if (turn.delayMs) await sleep(turn.delayMs);
    res.write(frame(event, turn.dataOnly === true));
  }
  if (turn.end === 'cut') {
    // Let the written frames reach the client before the connection drops.
    await sleep(20);
    res.socket?.destroy();
  } else if (turn.end !== 'stall') {
    res.end();
  }
}

/**
 * What the request's `include` asks for, as the service adds it: reasoning items carry their
 * `encrypted_content` when `reasoning.encrypted_content` is included.
 */
function withInclusions(turn: Extract<FakeTurn, { kind: 'stream' }>, body: Record<string, unknown>): Extract<FakeTurn, { kind: 'stream' }> {
  const include = Array.isArray(body.include) ? body.include : [];
  if (!include.includes('reasoning.encrypted_content')) return turn;
  const encrypt = (item: unknown): unknown =>
    item && typeof item === 'object' && (item as { type?: unknown }).type === 'reasoning' && !('encrypted_content' in item)
      ? { ...(item as object), encrypted_content: `enc_${String((item as { id?: unknown }).id)}` }
      : item;
  const events = turn.events.map((event) => {
    if (event.type === 'response.output_item.done') return { ...event, item: encrypt(event.item) };
    const response = event.response as { output?: unknown[] } | undefined;
    if (response && Array.isArray(response.output)) return { ...event, response: { ...response, output: response.output.map(encrypt) } };
    return event;
  });
  return { ...turn, events };
}

/** Writes as fast as the client reads, for ever (a runaway server), stopping only when the client goes away. */
async function flood(res: http.ServerResponse, oneLine: boolean): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  const start = frame({ type: 'response.output_item.added', output_index: 0, item: { id: 'msg_flood', type: 'message', role: 'assistant', content: [] } }, false);
  res.write(start);
  const delta = frame({ type: 'response.output_text.delta', item_id: 'msg_flood', output_index: 0, content_index: 0, delta: 'flood '.repeat(1000) }, false);
  const chunk = oneLine ? `data: ${'x'.repeat(64 * 1024)}` : delta.repeat(16);
  // A bound of its own so a broken client cannot keep the test machine busy for ever.
  for (let sent = 0; sent < 4 * 1024 * 1024 * 1024 && !res.destroyed; sent += chunk.length) {
    if (!res.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done).off('close', done);
          resolve();
        };
        res.on('drain', done).on('close', done);
      });
    }
  }
  res.end();
}

function frame(event: WireEvent, dataOnly: boolean): string {
  const data = `data: ${JSON.stringify(event)}\n\n`;
  return dataOnly ? data : `event: ${event.type}\n${data}`;
}

/** A non-streaming answer: the Response object the turn's terminal event carries. */
function sendFinalResponse(res: http.ServerResponse, turn: Extract<FakeTurn, { kind: 'stream' }>): void {
  const terminal = [...turn.events].reverse().find((event) => /^response\.(completed|incomplete|failed)$/.test(event.type));
  const error = turn.events.find((event) => event.type === 'error');
  if (!terminal) {
    const detail = (error?.error ?? error) as { code?: string; message?: string } | undefined;
    return sendError(res, { kind: 'http_error', status: 500, error: { code: detail?.code ?? 'server_error', message: detail?.message ?? 'The response did not complete.', type: 'server_error' } });
  }
  sendJson(res, 200, terminal.response);
}

function sendError(res: http.ServerResponse, turn: Extract<FakeTurn, { kind: 'http_error' }>): void {
  sendJson(res, turn.status, { error: { type: 'invalid_request_error', param: null, code: null, ...turn.error } }, turn.headers);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(raw: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Like the real service: the start and end of the key, never the whole. */
function mask(authorization: string | undefined): string {
  const key = authorization?.replace(/^Bearer\s+/i, '') ?? '';
  return key.length > 8 ? `${key.slice(0, 3)}*****${key.slice(-4)}` : '*****';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
