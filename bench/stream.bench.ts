/**
 * Host overhead per streamed delta, network excluded: 100,000 `response.output_text.delta` events
 * (1) through the pure normalizer and (2) through the whole Responses provider — the openai SDK's
 * SSE parser, the idle watch and the normalizer — fed by a fetch that returns the SSE bytes from memory.
 */
import { testTrust } from '../test/support/trust';
import { performance } from 'node:perf_hooks';
import OpenAI from 'openai';
import { runAgentTurn } from '../src/core/agent/agentTurn';
import { createResponsesProvider } from '../src/core/providers/responses';
import { workspaceTools } from '../src/core/tools/workspaceTools';
import type { EditReviewer, Workspace } from '../src/core/workspace';
import { ResponsesEventNormalizer } from '../src/core/providers/responsesEvents';

const DELTAS = 100_000;
const ITEM_ID = 'msg_bench';

function wireEvents(): Array<Record<string, unknown>> {
  const events: Array<Record<string, unknown>> = [
    { type: 'response.created', sequence_number: 0, response: { id: 'resp_bench', status: 'in_progress', output: [] } },
    { type: 'response.output_item.added', sequence_number: 1, output_index: 0, item: { id: ITEM_ID, type: 'message', role: 'assistant', content: [], phase: 'final_answer' } },
  ];
  for (let i = 0; i < DELTAS; i++) {
    events.push({ type: 'response.output_text.delta', sequence_number: i + 2, item_id: ITEM_ID, output_index: 0, content_index: 0, delta: 'tok ', logprobs: [] });
  }
  events.push({
    type: 'response.completed',
    sequence_number: DELTAS + 2,
    response: { id: 'resp_bench', status: 'completed', output: [], usage: { input_tokens: 10, output_tokens: DELTAS, total_tokens: DELTAS + 10 } },
  });
  return events;
}

function benchNormalizer(events: Array<Record<string, unknown>>): number {
  const normalizer = new ResponsesEventNormalizer();
  let deltas = 0;
  const started = performance.now();
  for (const event of events) for (const out of normalizer.normalize(event)) if (out.type === 'text_delta') deltas++;
  const seconds = (performance.now() - started) / 1000;
  if (deltas !== DELTAS || !normalizer.finished) throw new Error(`normalizer produced ${deltas} deltas`);
  return DELTAS / seconds;
}

/** SSE bytes served from memory one event per chunk, as a model service flushes them. */
function memoryFetch(frames: Uint8Array[]): typeof fetch {
  return async () => {
    let next = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (next >= frames.length) controller.close();
        else controller.enqueue(frames[next++]);
      },
    });
    return new Response(stream, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  };
}

function sseFrames(events: Array<Record<string, unknown>>): Uint8Array[] {
  const encoder = new TextEncoder();
  return events.map((event) => encoder.encode(`event: ${String(event.type)}\ndata: ${JSON.stringify(event)}\n\n`));
}

/** The openai SDK's own stream iteration alone, to tell its cost from ours. */
async function benchSdkAlone(frames: Uint8Array[]): Promise<number> {
  const client = new OpenAI({ apiKey: 'sk-bench', baseURL: 'http://bench.invalid/v1', fetch: memoryFetch(frames) });
  const started = performance.now();
  const stream = await client.responses.create({ model: 'gpt-5.4-mini', input: [], stream: true });
  let count = 0;
  for await (const event of stream) if (event.type === 'response.output_text.delta') count++;
  const seconds = (performance.now() - started) / 1000;
  if (count !== DELTAS) throw new Error(`the SDK yielded ${count} deltas`);
  return DELTAS / seconds;
}

async function benchProvider(frames: Uint8Array[]): Promise<number> {
  const provider = createResponsesProvider({ apiKey: 'sk-bench', baseURL: 'http://bench.invalid/v1', fetch: memoryFetch(frames) });
  let deltas = 0;
  let last = '';
  const started = performance.now();
  for await (const event of provider.stream({ model: 'gpt-5.4-mini', input: [] })) {
    if (event.type === 'text_delta') deltas++;
    last = event.type;
  }
  const seconds = (performance.now() - started) / 1000;
  if (deltas !== DELTAS || last !== 'completed') throw new Error(`provider produced ${deltas} deltas, ended with ${last}`);
  return DELTAS / seconds;
}

/** Provider + agent loop, as a host sees it: every delta becomes an AgentEvent handed to the host. */
async function benchAgentLoop(frames: Uint8Array[]): Promise<number> {
  const provider = createResponsesProvider({ apiKey: 'sk-bench', baseURL: 'http://bench.invalid/v1', fetch: memoryFetch(frames) });
  const reviewer: EditReviewer = { review: async () => ({ approved: false, reason: 'bench' }) };
  let deltas = 0;
  const started = performance.now();
  const result = await runAgentTurn(
    [{ type: 'message', role: 'user', content: 'bench' }],
    { provider, model: 'gpt-5.4-mini', tools: workspaceTools() },
    { workspace: {} as Workspace, reviewer, trust: testTrust() },
    (event) => {
      if (event.type === 'model' && event.event.type === 'text_delta') deltas++;
    },
  );
  const seconds = (performance.now() - started) / 1000;
  if (deltas !== DELTAS || result.status !== 'done') throw new Error(`agent loop saw ${deltas} deltas, status ${result.status}`);
  return DELTAS / seconds;
}

export default async function run(): Promise<void> {
  const events = wireEvents();
  benchNormalizer(events); // warm-up
  const normalized = benchNormalizer(events);
  const frames = sseFrames(events);
  await benchSdkAlone(frames); // warm-up
  const sdkAlone = await benchSdkAlone(frames);
  await benchProvider(frames); // warm-up
  const provided = await benchProvider(frames);
  await benchAgentLoop(frames); // warm-up
  const looped = await benchAgentLoop(frames);
  console.log(`responses normalizer: ${Math.round(normalized).toLocaleString('en-US')} events/s (${DELTAS.toLocaleString('en-US')} output_text.delta, pure)`);
  console.log(`responses provider stream: ${Math.round(provided).toLocaleString('en-US')} events/s (SDK SSE parse + idle watch + normalizer, in-memory fetch, one event per chunk)`);
  console.log(`responses provider per delta: ${(1e6 / provided).toFixed(2)} µs (host overhead, network excluded)`);
  console.log(`provider + agent loop: ${Math.round(looped).toLocaleString('en-US')} events/s, ${(1e6 / looped).toFixed(2)} µs per delta (what a host pays per streamed delta, network excluded)`);
  console.log(`responses sdk stream alone per delta: ${(1e6 / sdkAlone).toFixed(2)} µs (openai SDK iteration without the provider, same input)`);
}

if (require.main === module) void run();
