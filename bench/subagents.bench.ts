/**
 * Delegation on a scripted research task over a large real tree (TypeScript's own lib folder, ~23 MB): four
 * questions, each answered by searching, then reading 200 lines around the first match in three files, then
 * reporting the matches with path:line.
 * 1. The parent's context at its final call, when it explores everything itself against when it delegates the four
 *    questions to subagents (tokens counted with o200k_base on the request it really sent; target <= 0.3).
 * 2. Wall time of the four subagents run at once against one after another, through the real Responses provider
 *    and a local fake server that answers after a realistic delay (target <= 0.4).
 * 3. How much of what the subagents send could come from the service's prompt cache: the share of their input
 *    tokens (on the wire, as the fake server received them) that repeat the start of a request sent before —
 *    the upper bound of cache hits, since a prefix cache can only serve a prefix it has seen.
 * The "model" is a fixed policy that decides from the real tool outputs it is sent, the same with and without
 * delegation; everything else (agent loop, tools, workspace, delegation, provider) is the real code.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { runAgentTurn, type AgentConfig } from '../src/core/agent/agentTurn';
import { agentInstructions } from '../src/core/agent/instructions';
import { createTokenCounter, type TokenCounter } from '../src/core/context/tokens';
import { FsWorkspace } from '../src/core/fsWorkspace';
import type { ModelEvent, ModelProvider, ModelRequest } from '../src/core/model/types';
import { createProvider } from '../src/core/providers';
import { withDelegation } from '../src/core/subagents/delegateTool';
import { DEFAULT_SUBAGENT_SETTINGS } from '../src/core/subagents/settings';
import { workspaceTools } from '../src/core/tools/workspaceTools';
import type { EditReviewer } from '../src/core/workspace';
import { FakeResponsesServer, textTurn, toolCallTurn, type FakeTurn } from '../test/support/fakeResponsesServer';
import { routedProvider } from '../test/support/scriptedProvider';
import { testTrust } from '../test/support/trust';

const ROOT = path.resolve(__dirname, '..', 'node_modules', 'typescript', 'lib');
const RESEARCH = [
  { task: 'How is the Promise constructor typed across the lib files? Report path:line of each declaration.', query: 'PromiseConstructor' },
  { task: 'Where are iterable iterators declared and what do they extend? Report path:line.', query: 'IterableIterator' },
  { task: 'How is Uint8Array declared across the ES versions? Report path:line.', query: 'Uint8Array' },
  { task: 'Where are the Intl.DateTimeFormat options declared? Report path:line.', query: 'DateTimeFormatOptions' },
];
const FILES_READ = 3;
const LINES_AROUND = { before: 20, after: 180 };
const KEY = 'bench-key-0123456789abcdef0123456789';
/** Time to the first byte of each answer, and between streamed events (16-character deltas: ~200 tokens/s). */
const FIRST_BYTE_MS = 500;
const EVENT_MS = 20;

type Call = { callId: string; name: string; args: Record<string, unknown> };
type Action = { calls: Call[] } | { text: string };

/** The explorer the "model" is: search, read around the first match of three files, then report the matches. */
function explore(i: number, outputs: Map<string, string>): Action {
  const { query } = RESEARCH[i];
  const found = outputs.get(`t${i}_search`);
  if (found === undefined) return { calls: [{ callId: `t${i}_search`, name: 'search_text', args: { query, include: '*.d.ts' } }] };
  const matches = [...found.matchAll(/^(.+?):(\d+): (.*)$/gm)].map((m) => ({ path: m[1], line: Number(m[2]), text: m[3].trim() }));
  const firsts = [...new Map(matches.map((m) => [m.path, m])).values()].reverse().slice(-FILES_READ).reverse();
  if (!outputs.has(`t${i}_read0`)) {
    return {
      calls: firsts.map((m, k) => ({
        callId: `t${i}_read${k}`,
        name: 'read_file',
        args: { path: m.path, start_line: Math.max(1, m.line - LINES_AROUND.before), end_line: m.line + LINES_AROUND.after },
      })),
    };
  }
  const cited = matches.slice(0, 10).map((m) => `- ${m.path}:${m.line}: ${m.text.slice(0, 100)}`);
  return { text: [`${query}: ${matches.length} matching lines; the first ones:`, ...cited, `Read around the first match in ${firsts.map((m) => m.path).join(', ')}.`].join('\n') };
}

/** The parent: with delegation it hands out the four questions; without, it explores them one by one itself. */
function parent(outputs: Map<string, string>, delegate: boolean): Action {
  if (delegate) {
    const reports = outputs.get('delegate');
    return reports === undefined ? { calls: [{ callId: 'delegate', name: 'delegate', args: { tasks: RESEARCH.map((r) => r.task) } }] } : { text: `From the reports:\n${reports.slice(0, 1500)}` };
  }
  const found: string[] = [];
  for (let i = 0; i < RESEARCH.length; i++) {
    const action = explore(i, outputs);
    if ('calls' in action) return action;
    found.push(action.text);
  }
  return { text: found.join('\n\n') };
}

const isSubagent = (instructions: unknown) => String(instructions ?? '').startsWith('You are a research subagent');
const taskIndex = (text: string) => RESEARCH.findIndex((r) => r.task === text);

function decide(instructions: unknown, firstText: string, outputs: Map<string, string>, delegate: boolean): Action {
  return isSubagent(instructions) ? explore(taskIndex(firstText), outputs) : parent(outputs, delegate);
}

function events(action: Action): ModelEvent[] {
  const usage: ModelEvent = { type: 'usage', usage: { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0, totalTokens: 0 } };
  if ('text' in action) return [{ type: 'text_delta', delta: action.text }, usage, { type: 'completed' }];
  return [...action.calls.map((c): ModelEvent => ({ type: 'tool_call_complete', callId: c.callId, name: c.name, arguments: JSON.stringify(c.args) })), usage, { type: 'completed' }];
}

const approveNothing: EditReviewer = { review: async () => ({ approved: false, reason: 'read-only bench' }) };

function agent(provider: ModelProvider, maxParallel: number): AgentConfig {
  const base: AgentConfig = {
    provider,
    model: 'gpt-5.4-mini',
    tools: workspaceTools(),
    instructions: agentInstructions({ workspaceLabel: 'lib', hostName: 'terminal', canEdit: true, canDelegate: true }),
    maxSteps: 40,
  };
  return withDelegation(base, 'lib', { ...DEFAULT_SUBAGENT_SETTINGS, maxParallel });
}

/** Tokens of everything a request puts in the model's window: instructions, tool schemas, conversation. */
function contextTokens(counter: TokenCounter, request: ModelRequest): number {
  const items = request.input.map((item) => {
    switch (item.type) {
      case 'message':
        return item.content;
      case 'function_call':
        return `${item.name}(${item.arguments})`;
      case 'function_call_output':
        return item.output;
      default:
        return '';
    }
  });
  return [request.instructions ?? '', JSON.stringify(request.tools ?? []), ...items].reduce((sum, text) => sum + counter.count(text), 0);
}

async function parentContext(delegate: boolean, counter: TokenCounter): Promise<{ tokens: number; subagentCalls: number; toolOutputChars: number }> {
  const provider = routedProvider((request) => {
    const outputs = new Map(request.input.flatMap((i) => (i.type === 'function_call_output' ? [[i.callId, i.output] as const] : [])));
    const first = request.input[0];
    return events(decide(request.instructions, first?.type === 'message' ? first.content : '', outputs, delegate));
  });
  const result = await runAgentTurn(
    [{ type: 'message', role: 'user', content: 'How are Promises, iterators, typed arrays and date formats declared across this lib folder?' }],
    agent(provider, delegate ? 4 : 0),
    { workspace: new FsWorkspace(ROOT), reviewer: approveNothing, trust: testTrust(), readFiles: new Map() },
    () => undefined,
  );
  if (result.status !== 'done') throw new Error(`the scripted research ended ${result.status}: ${result.error?.message}`);
  const parents = provider.requests.filter((r) => !isSubagent(r.instructions));
  const last = parents[parents.length - 1];
  const toolOutputChars = last.input.reduce((sum, i) => sum + (i.type === 'function_call_output' ? i.output.length : 0), 0);
  return { tokens: contextTokens(counter, last), subagentCalls: provider.requests.length - parents.length, toolOutputChars };
}

/** The same research through the real Responses provider and a fake server with realistic delays; ms the delegate call took. */
async function delegationWallTime(server: FakeResponsesServer, maxParallel: number): Promise<number> {
  server.route = async (body) => {
    const input = (body.input as Array<Record<string, unknown>>) ?? [];
    const outputs = new Map(input.filter((i) => i.type === 'function_call_output').map((i) => [String(i.call_id), String(i.output)] as const));
    const firstText = String(((input[0]?.content as Array<{ text?: string }> | undefined)?.[0])?.text ?? '');
    const action = decide(body.instructions, firstText, outputs, true);
    await new Promise((resolve) => setTimeout(resolve, FIRST_BYTE_MS));
    const turn: FakeTurn = 'text' in action
      ? textTurn(action.text, { chunkSize: 16 })
      : toolCallTurn(action.calls.map((c) => ({ callId: c.callId, name: c.name, arguments: JSON.stringify(c.args) })), { chunkSize: 16 });
    return turn.kind === 'stream' ? { ...turn, delayMs: EVENT_MS } : turn;
  };
  const provider = createProvider({ service: 'responses', baseUrl: server.baseURL, model: 'gpt-5.4-mini' }, KEY);
  let started = 0;
  let took = 0;
  const result = await runAgentTurn(
    [{ type: 'message', role: 'user', content: 'How are Promises, iterators, typed arrays and date formats declared?' }],
    agent(provider, maxParallel),
    { workspace: new FsWorkspace(ROOT), reviewer: approveNothing, trust: testTrust(), readFiles: new Map() },
    (event) => {
      if (event.type === 'tool_start' && event.name === 'delegate') started = performance.now();
      if (event.type === 'tool_result' && event.name === 'delegate') took = performance.now() - started;
    },
  );
  if (result.status !== 'done' || took === 0) throw new Error(`the delegated research ended ${result.status}: ${result.error?.message}`);
  return took;
}

/**
 * Of the subagents' requests in arrival order, the input tokens that repeat the longest prefix (item by item:
 * instructions, tool schemas, then each input item) of an earlier request, against all their input tokens; and the
 * tokens of the prefix the first requests of the parallel subagents share.
 */
function cacheablePrefix(counter: TokenCounter, bodies: Array<Record<string, unknown>>): { repeated: number; total: number; shared: number } {
  const pieces = (body: Record<string, unknown>) => [String(body.instructions ?? ''), JSON.stringify(body.tools ?? []), ...((body.input as unknown[]) ?? []).map((i) => JSON.stringify(i))];
  const seen: string[][] = [];
  let repeated = 0;
  let total = 0;
  for (const body of bodies) {
    const mine = pieces(body);
    const tokens = mine.map((p) => counter.count(p));
    total += tokens.reduce((a, b) => a + b, 0);
    let best = 0;
    for (const earlier of seen) {
      let n = 0;
      while (n < mine.length && n < earlier.length && mine[n] === earlier[n]) n++;
      best = Math.max(best, n);
    }
    repeated += tokens.slice(0, best).reduce((a, b) => a + b, 0);
    seen.push(mine);
  }
  const firsts = bodies.filter((b) => ((b.input as unknown[]) ?? []).length === 1).map(pieces);
  let common = firsts.length > 0 ? firsts[0].length : 0;
  for (const f of firsts) {
    let n = 0;
    while (n < common && f[n] === firsts[0][n]) n++;
    common = n;
  }
  const shared = firsts.length > 0 ? firsts[0].slice(0, common).reduce((sum, p) => sum + counter.count(p), 0) : 0;
  return { repeated, total, shared };
}

export default async function run(): Promise<void> {
  if (!(await fs.stat(ROOT).catch(() => undefined))) {
    console.log('subagents: skipped (node_modules/typescript/lib not found; run npm ci)');
    return;
  }
  const files = (await fs.readdir(ROOT)).length;
  const counter = await createTokenCounter();
  const alone = await parentContext(false, counter);
  const delegated = await parentContext(true, counter);
  console.log(
    `subagents parent context: ${delegated.tokens.toLocaleString('en-US')} tokens delegating vs ${alone.tokens.toLocaleString('en-US')} exploring alone = ${(delegated.tokens / alone.tokens).toFixed(3)} (target <= 0.3; ` +
      `${RESEARCH.length} questions over TypeScript's lib, ${files} files: search, then ${LINES_AROUND.before + LINES_AROUND.after} lines around the first match in ${FILES_READ} files each; ${delegated.subagentCalls} subagent model calls)`,
  );

  const server = await FakeResponsesServer.start({ expectedApiKey: KEY });
  try {
    // The context runs above already warmed the disk cache for both.
    const seq = await delegationWallTime(server, 1);
    const before = server.requests.length;
    const par = await delegationWallTime(server, 4);
    const subagentBodies = server.requests.slice(before).flatMap((r) => (r.body && isSubagent(r.body.instructions) ? [r.body] : []));
    const cache = cacheablePrefix(counter, subagentBodies);
    console.log(
      `subagents wall time: 4 at once ${(par / 1000).toFixed(2)} s vs one after another ${(seq / 1000).toFixed(2)} s = ${(par / seq).toFixed(2)} (target <= 0.4; ` +
        `real Responses provider and tools, fake server over loopback: ${FIRST_BYTE_MS} ms to first byte, an event every ${EVENT_MS} ms)`,
    );
    console.log(
      `subagents prompt cache: ${cache.repeated.toLocaleString('en-US')} of ${cache.total.toLocaleString('en-US')} input tokens of ${subagentBodies.length} subagent requests repeat an earlier request's prefix = ${(cache.repeated / cache.total).toFixed(2)} ` +
        `(the most a prefix cache can serve); the 4 parallel first requests share a ${cache.shared.toLocaleString('en-US')}-token prefix (instructions and tool schemas; OpenAI caches prefixes from 1,024 tokens)`,
    );
  } finally {
    await server.close();
  }
}

if (require.main === module) void run();
