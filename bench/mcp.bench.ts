// MCP figures: from "start the servers" to "their tools are listed" for five stdio servers (the registry's
// server-everything), in parallel as the hosts do it against one after another, with how long the host's event
// loop was held meanwhile (the chat stays usable); and the cost of one tool call through Mini Coder (trust policy,
// result formatting and bounds) against the same call made directly with the SDK.
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { FsWorkspace } from '../src/core/fsWorkspace';
import type { McpServers } from '../src/core/mcp/servers';
import { EVERYTHING, MISBEHAVING, nodeServer, testServers } from '../test/support/mcp';
import { testTrust } from '../test/support/trust';

const SERVERS = 5;
const CALLS = 1000;
const REPEATS = 3;

export default async function run(): Promise<void> {
  const sdkLoad = performance.now();
  require(path.resolve(__dirname, '..', 'dist', 'mcp-sdk.js'));
  console.log(`loading dist/mcp-sdk.js (the SDK bundle, on the first server start only): ${(performance.now() - sdkLoad).toFixed(0)} ms`);

  const configs = Array.from({ length: SERVERS }, (_, i) => nodeServer(`s${i}`, EVERYTHING, ['stdio']));
  const heavy = await startupFigures(configs);
  console.log(
    `${SERVERS} stdio servers (server-everything), start to tools listed, median of ${REPEATS}: parallel ${heavy.parallel.toFixed(0)} ms, one after another ${heavy.sequential.toFixed(0)} ms (parallel/sequential ${(heavy.parallel / heavy.sequential).toFixed(2)}); ` +
      `start() gave the event loop back after ${heavy.returnedMs.toFixed(1)} ms, longest event-loop stall while they started ${heavy.maxLagMs.toFixed(0)} ms`,
  );
  // A server that does almost nothing at start-up shows what the client itself adds and overlaps.
  const light = await startupFigures(Array.from({ length: SERVERS }, (_, i) => nodeServer(`l${i}`, MISBEHAVING)));
  console.log(`${SERVERS} light stdio servers (test/support/misbehavingMcpServer.js), median of ${REPEATS}: parallel ${light.parallel.toFixed(0)} ms, one after another ${light.sequential.toFixed(0)} ms (${(light.parallel / light.sequential).toFixed(2)})`);

  await callOverhead();
}

/** Warm once, then alternate sequential and parallel starts so disk cache and machine load fall on both alike. */
async function startupFigures(configs: ReturnType<typeof nodeServer>[]): Promise<{ parallel: number; sequential: number; returnedMs: number; maxLagMs: number }> {
  await timeToTools(configs.slice(0, 1), 'sequential');
  const parallel: Array<Awaited<ReturnType<typeof timeToTools>>> = [];
  const sequential: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    sequential.push((await timeToTools(configs, 'sequential')).ms);
    parallel.push(await timeToTools(configs, 'parallel'));
  }
  const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { parallel: median(parallel.map((p) => p.ms)), sequential: median(sequential), returnedMs: median(parallel.map((p) => p.returnedMs)), maxLagMs: Math.max(...parallel.map((p) => p.maxLagMs)) };
}

async function timeToTools(configs: ReturnType<typeof nodeServer>[], mode: 'parallel' | 'sequential'): Promise<{ ms: number; returnedMs: number; maxLagMs: number }> {
  const servers = testServers(configs);
  let maxLag = 0;
  let last = performance.now();
  const probe = setInterval(() => {
    const now = performance.now();
    maxLag = Math.max(maxLag, now - last - 5);
    last = now;
  }, 5);
  const t0 = performance.now();
  let returnedMs = 0;
  if (mode === 'parallel') {
    const started = servers.start();
    returnedMs = performance.now() - t0;
    await started;
  } else {
    for (const c of servers.all()) await c.start();
  }
  const ms = performance.now() - t0;
  clearInterval(probe);
  const notRunning = servers.states().filter((s) => s.status !== 'running' || s.tools.length === 0);
  await servers.dispose();
  if (notRunning.length > 0) throw new Error(`servers did not list tools: ${JSON.stringify(notRunning.map((s) => [s.name, s.status, s.message]))}`);
  return { ms, returnedMs, maxLagMs: maxLag };
}

async function callOverhead(): Promise<void> {
  const servers: McpServers = testServers([nodeServer('everything', EVERYTHING, ['stdio'])]);
  await servers.start();
  // The same server process and pipe for both, so only what Mini Coder adds differs: the SDK client the
  // connection holds is called directly, and the offered tool goes through the trust policy and the result bounds.
  const sdkClient = (servers.get('everything') as unknown as { client: Client }).client;
  const tool = servers.tools().tools.find((t) => t.name === 'everything__echo')!;
  const context = { workspace: new FsWorkspace(process.cwd()), reviewer: { review: async () => ({ approved: false as const, reason: 'none' }) }, trust: testTrust({ allowMcpTools: ['everything/echo'] }) };
  const directCall = () => sdkClient.callTool({ name: 'echo', arguments: { message: 'hello' } });
  const oursCall = () => tool.run({ message: 'hello' }, context);
  for (let i = 0; i < 30; i++) {
    await directCall();
    await oursCall();
  }
  // Alternating single calls and medians: load from elsewhere on the machine falls on both alike, and a call
  // that waited for the scheduler does not count.
  const direct: number[] = [];
  const ours: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    direct.push(await timed(directCall));
    ours.push(await timed(oursCall));
  }
  const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)] * 1000;
  console.log(
    `one tool call (echo over stdio), median of ${CALLS} each: direct SDK call ${median(direct).toFixed(0)} µs, the same call as a Mini Coder tool ${median(ours).toFixed(0)} µs (ratio ${(median(ours) / median(direct)).toFixed(2)})`,
  );
  await servers.dispose();
}

async function timed(call: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await call();
  return performance.now() - t0;
}
