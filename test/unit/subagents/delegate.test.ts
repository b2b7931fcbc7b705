import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { runAgentTurn, type AgentConfig, type AgentEvent } from '../../../src/core/agent/agentTurn';
import { FsWorkspace } from '../../../src/core/fsWorkspace';
import type { ConversationItem, ModelEvent, ModelRequest, Usage } from '../../../src/core/model/types';
import { withDelegation } from '../../../src/core/subagents/delegateTool';
import { DEFAULT_SUBAGENT_SETTINGS, REPORT_MAX_CHARS, type SubagentSettings } from '../../../src/core/subagents/settings';
import type { SubagentUpdate } from '../../../src/core/subagents/types';
import { workspaceTools } from '../../../src/core/tools/workspaceTools';
import type { EditReviewer } from '../../../src/core/workspace';
import { routedProvider, type ScriptStep } from '../../support/scriptedProvider';
import { writeTempTree } from '../../support/tempTree';
import { recordingApprover, testTrust } from '../../support/trust';

const parentUsage: Usage = { inputTokens: 100, cachedInputTokens: 0, outputTokens: 10, reasoningTokens: 0, totalTokens: 110 };
const subUsage: Usage = { inputTokens: 1000, cachedInputTokens: 400, outputTokens: 50, reasoningTokens: 20, totalTokens: 1050 };

const call = (callId: string, name: string, args: unknown): ModelEvent[] => [
  { type: 'tool_call_started', callId, name },
  { type: 'tool_call_complete', callId, name, arguments: JSON.stringify(args) },
];
const answer = (text: string, usage: Usage = subUsage): ModelEvent[] => [{ type: 'text_delta', delta: text }, { type: 'usage', usage }, { type: 'completed' }];
const calls = (usage: Usage, ...events: ModelEvent[][]): ModelEvent[] => [...events.flat(), { type: 'usage', usage }, { type: 'completed' }];

const isSubagent = (r: ModelRequest) => r.instructions?.startsWith('You are a research subagent') ?? false;
const taskOf = (r: ModelRequest) => (r.input[0] as { content: string }).content;
const toolOutputs = (r: ModelRequest) => r.input.filter((i): i is Extract<ConversationItem, { type: 'function_call_output' }> => i.type === 'function_call_output');
const approveAll: EditReviewer = { review: async () => ({ approved: true }) };

/** The parent asks for `tasks` in one delegate call, then answers with what it got back. */
function parentStep(r: ModelRequest, tasks: string[]): ModelEvent[] {
  return toolOutputs(r).length === 0 ? calls(parentUsage, call('call_d', 'delegate', { tasks })) : answer('Summary from the reports.', parentUsage);
}

const settings = (patch: Partial<SubagentSettings> = {}): SubagentSettings => ({ ...DEFAULT_SUBAGENT_SETTINGS, ...patch });

describe('delegating research to subagents', function () {
  this.timeout(20_000);
  let root: string;
  let workspace: FsWorkspace;

  beforeEach(async () => {
    root = await writeTempTree({
      'src/retry.ts': 'export const RETRIES = 3;\nexport function retry() {\n  return RETRIES;\n}\n',
      'src/http.ts': 'import { retry } from "./retry";\nexport const TIMEOUT_MS = 5000;\n',
      'test/retry.test.ts': 'it("retries three times", () => {});\n',
      '.env': 'API_TOKEN=do-not-send-this-value\n',
    }, 'mc-sub-');
    workspace = new FsWorkspace(root);
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  function agent(route: (r: ModelRequest) => ModelEvent[] | ScriptStep, patch: Partial<SubagentSettings> = {}, extra: Partial<AgentConfig> = {}) {
    const provider = routedProvider(route);
    const base: AgentConfig = { provider, model: 'gpt-5.4-mini', tools: workspaceTools(), instructions: 'parent instructions', options: { reasoningEffort: 'high', reasoningSummary: 'auto' }, ...extra };
    return { provider, config: withDelegation(base, 'demo', settings(patch)) };
  }

  async function run(config: AgentConfig, options: { signal?: AbortSignal; approver?: ReturnType<typeof recordingApprover>; trust?: ReturnType<typeof testTrust>; hide?: string[] } = {}) {
    const events: AgentEvent[] = [];
    const trust = options.trust ?? testTrust({}, options.approver ?? recordingApprover());
    const result = await runAgentTurn([{ type: 'message', role: 'user', content: 'How do retries work?' }], config, { workspace, reviewer: approveAll, trust, readFiles: new Map(), hide: options.hide }, (e) => void events.push(e), options.signal);
    const updates = events.flatMap((e) => (e.type === 'tool_progress' ? [e.progress.subagent] : []));
    const outcomes = updates.filter((u): u is Extract<SubagentUpdate, { type: 'end' }> => u.type === 'end').map((u) => u.outcome);
    return { result, events, updates, outcomes };
  }

  it('runs several tasks in parallel, each in a fresh context, and only their reports reach the parent', async () => {
    const tasks = ['Find where RETRIES is defined.', 'Find the HTTP timeout.', 'Find the retry tests.'];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let firstCalls = 0;
    const { provider, config } = agent((r) => {
      if (!isSubagent(r)) return parentStep(r, tasks);
      if (toolOutputs(r).length === 0) {
        // Every subagent waits here until all three have started: they can only all get here if they run at once.
        if (++firstCalls === tasks.length) release();
        const path = taskOf(r).includes('timeout') ? 'src/http.ts' : taskOf(r).includes('tests') ? 'test/retry.test.ts' : 'src/retry.ts';
        return { events: calls(subUsage, call(`c_${firstCalls}`, 'read_file', { path })), pauseAt: 0, gate };
      }
      return answer(`Report for "${taskOf(r)}": see src/retry.ts:1.`);
    });
    const { result, updates, outcomes } = await run(config);
    assert.equal(result.status, 'done');
    assert.equal(firstCalls, 3);
    assert.deepEqual(outcomes.map((o) => o.status), ['done', 'done', 'done']);
    assert.deepEqual(updates.filter((u) => u.type === 'start').map((u) => (u as { task: string }).task).sort(), [...tasks].sort());

    const subRequests = provider.requests.filter(isSubagent);
    for (const first of subRequests.filter((r) => toolOutputs(r).length === 0)) {
      assert.equal(first.input.length, 1, 'a subagent starts from its task alone, nothing of the parent conversation');
      assert.ok(!JSON.stringify(first.input).includes('How do retries work?'));
    }
    // The subagents read the files; the parent's next request holds their reports but none of the file text.
    assert.ok(subRequests.some((r) => JSON.stringify(r.input).includes('export const TIMEOUT_MS = 5000;')));
    const parentFollowUp = provider.requests.filter((r) => !isSubagent(r))[1];
    const delegated = toolOutputs(parentFollowUp)[0].output;
    for (const task of tasks) assert.ok(delegated.includes(`Report for "${task}"`), `the report of "${task}" is in the parent's conversation`);
    assert.ok(!JSON.stringify(parentFollowUp.input).includes('TIMEOUT_MS = 5000'), 'file contents stay in the subagents');
    assert.match(delegated, /^3 subagents: 3 done\./);
  });

  it('never runs more subagents at once than the limit, across every delegate call of the step', async () => {
    let running = 0;
    let most = 0;
    const { config } = agent((r) => {
      if (!isSubagent(r)) {
        return toolOutputs(r).length === 0
          ? calls(parentUsage, call('d1', 'delegate', { tasks: ['a1', 'a2', 'a3'] }), call('d2', 'delegate', { tasks: ['b1', 'b2'] }))
          : answer('done', parentUsage);
      }
      running++;
      most = Math.max(most, running);
      const done = new Promise<void>((resolve) => setTimeout(() => {
        running--;
        resolve();
      }, 30));
      return { events: answer(`report ${taskOf(r)}`), pauseAt: 2, gate: done };
    }, { maxParallel: 2 });
    const { outcomes } = await run(config);
    assert.equal(outcomes.length, 5);
    assert.equal(most, 2);
  });

  it('gives subagents the read-only tools, their own instructions and the lower effort, with a byte-identical prefix', async () => {
    const tasks = ['one', 'two', 'three', 'four'];
    const { provider, config } = agent((r) => (isSubagent(r) ? answer(`r ${taskOf(r)}`) : parentStep(r, tasks)));
    await run(config);
    const firsts = provider.requests.filter(isSubagent);
    assert.equal(firsts.length, 4);
    assert.deepEqual(firsts[0].tools!.map((t) => t.name), ['read_file', 'list_files', 'search_text', 'get_diagnostics']);
    assert.equal(firsts[0].options?.reasoningEffort, 'low');
    assert.equal(firsts[0].options?.reasoningSummary, undefined);
    assert.match(firsts[0].instructions!, /cite|path:line/);
    const prefix = (r: ModelRequest) => JSON.stringify([r.model, r.instructions, r.tools, r.options]);
    for (const r of firsts) assert.equal(prefix(r), prefix(firsts[0]), 'instructions, tool schemas and options are byte-identical');
    assert.deepEqual(firsts.map(taskOf).sort(), [...tasks].sort(), 'only the task differs');
  });

  it('refuses nested delegation: a subagent has no delegate tool and is told so when it asks for one', async () => {
    const { provider, config } = agent((r) => {
      if (!isSubagent(r)) return parentStep(r, ['go deeper']);
      return toolOutputs(r).length === 0 ? calls(subUsage, call('nested', 'delegate', { tasks: ['deeper still'] })) : answer('Could not delegate.');
    });
    const { outcomes } = await run(config);
    const subs = provider.requests.filter(isSubagent);
    assert.equal(subs.length, 2, 'no third-level agent ever ran');
    assert.ok(!subs[0].tools!.some((t) => t.name === 'delegate' || t.name === 'apply_patch' || t.name === 'write_file'));
    assert.match(toolOutputs(subs[1])[0].output, /no tool named "delegate"/);
    assert.equal(outcomes[0].status, 'done');
  });

  it('refuses a secret file inside a subagent without asking the user, and reads it once the user allowed it for the session', async () => {
    const approver = recordingApprover({ decision: 'always' });
    const trust = testTrust({}, approver);
    const script = (r: ModelRequest) => {
      if (!isSubagent(r)) return parentStep(r, ['What is in .env?']);
      return toolOutputs(r).length === 0 ? calls(subUsage, call('secret', 'read_file', { path: '.env' })) : answer('I was not allowed to read .env.');
    };
    const first = agent(script);
    await run(first.config, { trust });
    const refused = toolOutputs(first.provider.requests.filter(isSubagent)[1])[0].output;
    assert.match(refused, /^Error: Reading \.env was not allowed: .*a subagent cannot ask the user/);
    assert.ok(!JSON.stringify(first.provider.requests).includes('do-not-send-this-value'), 'the secret never reached any model request');
    assert.equal(approver.asked.length, 0, 'the user was not interrupted');

    // The user allows .env for the session (in the main agent); a subagent of the same session may then read it.
    await trust.read({ path: '.env', realPath: '.env' }, undefined);
    assert.equal(approver.asked.length, 1);
    const second = agent(script);
    await run(second.config, { trust });
    assert.match(toolOutputs(second.provider.requests.filter(isSubagent)[1])[0].output, /do-not-send-this-value/);
    assert.equal(approver.asked.length, 1, 'the remembered answer was used, not a new question');
  });

  it('hides the key in use from what a subagent reads, as in the main agent', async () => {
    const key = 'test-key-hidden-0123456789abcdef';
    await fs.writeFile(`${root}/notes.txt`, `the key is ${key}\n`);
    const { provider, config } = agent((r) => {
      if (!isSubagent(r)) return parentStep(r, ['Read notes.txt']);
      return toolOutputs(r).length === 0 ? calls(subUsage, call('n', 'read_file', { path: 'notes.txt' })) : answer('Read it.');
    });
    const { events } = await run(config, { hide: [key] });
    assert.ok(!JSON.stringify(provider.requests).includes(key), 'the key reached no model request');
    assert.ok(!JSON.stringify(events).includes(key), 'nor any event a host shows');
    assert.match(toolOutputs(provider.requests.filter(isSubagent)[1])[0].output, /the key is /);
  });

  it('lets a failing subagent return what it had while the others finish', async () => {
    const { provider, config } = agent((r) => {
      if (!isSubagent(r)) return parentStep(r, ['works', 'breaks', 'also works']);
      if (taskOf(r) === 'breaks') return [{ type: 'text_delta', delta: 'Found src/retry.ts:1 so f' }, { type: 'error', error: { kind: 'server', message: 'The service failed (500).' } }];
      return answer(`fine: ${taskOf(r)}`);
    });
    const { result, outcomes } = await run(config);
    assert.equal(result.status, 'done');
    const byStatus = outcomes.map((o) => o.status).sort();
    assert.deepEqual(byStatus, ['done', 'done', 'error']);
    const output = toolOutputs(provider.requests.filter((r) => !isSubagent(r))[1])[0].output;
    assert.match(output, /## Subagent 2 \(failed;[^)]*\)\nTask: breaks\nError: The service failed \(500\)\.\nReport:\nFound src\/retry\.ts:1 so f/);
    assert.match(output, /fine: works/);
    assert.match(output, /fine: also works/);
    assert.ok(!output.startsWith('Error:'), 'the delegation as a whole did not fail');
  });

  it('stops a subagent at its step limit and has it write its report without tools', async () => {
    let n = 0;
    const { provider, config } = agent((r) => {
      if (!isSubagent(r)) return parentStep(r, ['explore forever']);
      if (r.toolChoice === 'none') return answer('Partial report: RETRIES at src/retry.ts:1.');
      return calls(subUsage, call(`loop_${++n}`, 'search_text', { query: 'retry' }));
    }, { maxSteps: 3 });
    const { outcomes } = await run(config);
    const subs = provider.requests.filter(isSubagent);
    assert.equal(subs.length, 4, 'three calls with tools, then one to write the report');
    const closing = subs[3];
    assert.equal(closing.toolChoice, 'none');
    assert.match((closing.input.at(-1) as { content: string }).content, /Stop exploring: you made 3 model calls/);
    assert.equal(outcomes[0].status, 'step_limit');
    assert.equal(outcomes[0].steps, 4);
    assert.equal(outcomes[0].report, 'Partial report: RETRIES at src/retry.ts:1.');
    assert.deepEqual(outcomes[0].activity, ['searched "retry"', 'searched "retry"', 'searched "retry"']);
  });

  it('stops a subagent once its token budget is spent, before the next model call', async () => {
    const { provider, config } = agent((r) => {
      if (!isSubagent(r)) return parentStep(r, ['expensive']);
      if (r.toolChoice === 'none') return answer('What I found before the budget ran out.');
      return calls(subUsage, call(`c${toolOutputs(r).length}`, 'list_files', {}));
    }, { maxTokens: 2000 });
    const { outcomes } = await run(config);
    // 1,050 tokens per call: the second call brings it to 2,100, so a third never goes out.
    assert.equal(provider.requests.filter((r) => isSubagent(r) && r.toolChoice !== 'none').length, 2);
    assert.equal(outcomes[0].status, 'token_limit');
    assert.equal(outcomes[0].steps, 3);
    assert.equal(outcomes[0].report, 'What I found before the budget ran out.');
  });

  it('stops a runaway subagent at its time limit and still returns a report while the others finish', async () => {
    const never = new Promise<void>(() => undefined);
    const { outcomes } = await run(agent((r) => {
      if (!isSubagent(r)) return parentStep(r, ['slow', 'quick']);
      if (r.toolChoice === 'none') return answer('Ran out of time; nothing certain yet.');
      if (taskOf(r) === 'slow') return { events: answer('never sent'), pauseAt: 0, gate: never };
      return answer('quick report');
    }, { timeLimitMs: 200 }).config);
    const slow = outcomes.find((o) => o.report.startsWith('Ran out'))!;
    assert.equal(slow.status, 'time_limit');
    assert.ok(outcomes.some((o) => o.status === 'done' && o.report === 'quick report'));
  });

  it('stops every subagent when the user stops the turn, keeping what was spent', async () => {
    const controller = new AbortController();
    const seen: AbortSignal[] = [];
    let started = 0;
    const provider = routedProvider((r) => {
      if (!isSubagent(r)) return parentStep(r, ['a', 'b', 'c']);
      if (toolOutputs(r).length === 0) return calls(subUsage, call(`c_${taskOf(r)}`, 'list_files', {}));
      if (++started === 3) setTimeout(() => controller.abort(), 10);
      return { events: answer('never finished'), pauseAt: 0, gate: new Promise<void>(() => undefined) };
    });
    const wrapped: typeof provider = { ...provider, stream: (request, signal) => {
      if (signal && isSubagent(request)) seen.push(signal);
      return provider.stream(request, signal);
    } };
    const config = withDelegation({ provider: wrapped, model: 'gpt-5.4-mini', tools: workspaceTools() }, 'demo', settings());
    const startedAt = Date.now();
    const { result } = await run(config, { signal: controller.signal });
    assert.equal(result.status, 'cancelled');
    assert.ok(Date.now() - startedAt < 5000, 'Stop did not wait for the subagents');
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok(seen.length >= 6 && seen.every((s) => s.aborted), 'every subagent model call saw the stop');
    // The parent's first call and each subagent's first call finished before Stop: all of it is counted.
    assert.equal(result.usage.inputTokens, parentUsage.inputTokens + 3 * subUsage.inputTokens);
    assert.equal(provider.requests.filter((r) => isSubagent(r) && r.toolChoice === 'none').length, 0, 'no report call after Stop');
  });

  it('adds every subagent call to the turn usage and cost', async () => {
    const priceUsage = (u: Usage): Usage => ({ ...u, costUsd: u.inputTokens / 1e6 + u.outputTokens / 1e5 });
    const { config } = agent((r) => (isSubagent(r) ? answer(`r ${taskOf(r)}`) : parentStep(r, ['x', 'y'])), {}, { priceUsage });
    const { result, events, outcomes } = await run(config);
    assert.equal(result.usage.inputTokens, 2 * parentUsage.inputTokens + 2 * subUsage.inputTokens);
    assert.equal(result.usage.cachedInputTokens, 2 * subUsage.cachedInputTokens);
    assert.equal(result.usage.outputTokens, 2 * parentUsage.outputTokens + 2 * subUsage.outputTokens);
    const expectedCost = 2 * priceUsage(parentUsage).costUsd! + 2 * priceUsage(subUsage).costUsd!;
    assert.ok(Math.abs(result.usage.costUsd! - expectedCost) < 1e-12);
    assert.deepEqual(outcomes.map((o) => o.usage.costUsd), [priceUsage(subUsage).costUsd, priceUsage(subUsage).costUsd]);
    const reported = events.filter((e) => e.type === 'tool_progress' && e.progress.usage).length;
    assert.equal(reported, 2, 'each subagent call reported its usage once');
  });

  it('cuts an overlong report to the bound and says so', async () => {
    const long = Array.from({ length: 400 }, (_, i) => `src/retry.ts:${i + 1}: a finding worth reporting`).join('\n');
    const { outcomes } = await run(agent((r) => (isSubagent(r) ? answer(long) : parentStep(r, ['verbose']))).config);
    const report = outcomes[0].report;
    assert.ok(outcomes[0].reportCut);
    assert.ok(report.length <= REPORT_MAX_CHARS + 80, `${report.length} characters`);
    assert.match(report, /\n\[report cut at [\d,]+ of [\d,]+ characters\]$/);
  });

  it('turns away too many tasks or an empty one with a tool error the model reads', async () => {
    for (const tasks of [Array.from({ length: 9 }, (_, i) => `t${i}`), ['fine', '  ']]) {
      const { provider, config } = agent((r) => (isSubagent(r) ? answer('x') : parentStep(r, tasks)));
      await run(config);
      assert.equal(provider.requests.filter(isSubagent).length, 0);
      const output = toolOutputs(provider.requests[1])[0].output;
      assert.match(output, tasks.length === 9 ? /At most 8 tasks per call \(got 9\)/ : /Task 2 is empty/);
    }
  });

  it('offers no delegate tool when delegation is turned off', () => {
    const config = withDelegation({ provider: routedProvider(() => []), model: 'm', tools: workspaceTools() }, 'demo', settings({ maxParallel: 0 }));
    assert.ok(!config.tools.some((t) => t.name === 'delegate'));
  });
});
