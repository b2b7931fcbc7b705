import * as assert from 'node:assert/strict';
import type { AgentEvent } from '../../../src/core/agent/agentTurn';
import type { SubagentOutcome, SubagentUpdate } from '../../../src/core/subagents/types';
import type { HostMessage, SubagentView } from '../../../src/protocol/messages';
import { AssistantMessage } from '../../../src/vscode/assistantMessage';
import { usage } from './chatFixtures';

const progress = (subagent: SubagentUpdate, spent?: ReturnType<typeof usage>): AgentEvent => ({
  type: 'tool_progress',
  callId: 'call_d',
  name: 'delegate',
  progress: { subagent, ...(spent ? { usage: spent } : {}) },
});
const inner = (id: string, event: AgentEvent): SubagentUpdate => ({ type: 'event', id, event });
const outcome = (patch: Partial<SubagentOutcome> = {}): SubagentOutcome => ({
  status: 'done',
  report: 'RETRIES is set at src/retry.ts:1.',
  reportCut: false,
  usage: usage(1200, 60, 0.002),
  steps: 2,
  elapsedMs: 4200,
  activity: ['read src/retry.ts'],
  ...patch,
});

describe('subagent cards on the assistant message', () => {
  let posted: HostMessage[];
  let message: AssistantMessage;
  const cards = () => posted.filter((m): m is Extract<HostMessage, { type: 'subagent' }> => m.type === 'subagent').map((m) => m.subagent);
  const last = (id: string): SubagentView => cards().filter((c) => c.id === id).at(-1)!;

  beforeEach(() => {
    posted = [];
    message = new AssistantMessage('m1', 't1', (m) => posted.push(m), usage(100, 10, 0.5));
  });

  it('shows each subagent with its task, its live tool activity, its tokens and cost, and its report', () => {
    message.apply({ type: 'model', step: 1, event: { type: 'usage', usage: usage(3000, 40, 0.01) } });
    message.apply(progress({ type: 'start', id: 's1', index: 0, count: 2, task: 'Find the retries.' }));
    assert.deepEqual(last('s1'), { id: 's1', callId: 'call_d', index: 1, count: 2, task: 'Find the retries.', status: 'running', activity: [], toolCount: 0 });

    message.apply(progress(inner('s1', { type: 'tool_start', callId: 'r1', name: 'read_file', args: { path: 'src/retry.ts' } })));
    assert.deepEqual(last('s1').activity, [{ callId: 'r1', text: 'read src/retry.ts', status: 'running' }]);
    message.apply(progress(inner('s1', { type: 'tool_result', callId: 'r1', name: 'read_file', output: 'src/retry.ts: 4 lines', isError: false, detail: { path: 'src/retry.ts', start: 1, end: 4, totalLines: 4 } })));
    assert.deepEqual(last('s1').activity, [{ callId: 'r1', text: 'read src/retry.ts (4 lines)', status: 'done' }]);

    const spent = usage(1200, 60, 0.002);
    message.apply(progress(inner('s1', { type: 'model', step: 1, event: { type: 'usage', usage: spent } }), spent));
    assert.deepEqual(last('s1').usage, { inputTokens: 1200, cachedInputTokens: 0, outputTokens: 60, reasoningTokens: 0, costUsd: 0.002 });

    message.apply(progress({ type: 'end', id: 's1', outcome: outcome() }));
    const done = last('s1');
    assert.equal(done.status, 'done');
    assert.equal(done.report, 'RETRIES is set at src/retry.ts:1.');
    assert.equal(done.elapsedMs, 4200);
    assert.deepEqual(message.view.subagents, [done], 'the host copy (saved with the conversation) matches what the view got');
  });

  it('adds what subagents spend to the turn and the conversation totals without moving the context fill', () => {
    message.apply({ type: 'model', step: 1, event: { type: 'usage', usage: usage(3000, 40, 0.01) } });
    message.apply(progress({ type: 'start', id: 's1', index: 0, count: 1, task: 't' }));
    const spent = usage(1200, 60, 0.002);
    message.apply(progress(inner('s1', { type: 'model', step: 1, event: { type: 'usage', usage: spent } }), spent));
    assert.equal(message.usage.inputTokens, 4200);
    assert.ok(Math.abs(message.usage.costUsd! - 0.012) < 1e-12);
    const update = posted.filter((m): m is Extract<HostMessage, { type: 'usage' }> => m.type === 'usage').at(-1)!;
    assert.equal(update.contextTokens, 3000, 'the context bar keeps showing the main agent\'s window');
    assert.equal(update.totals.inputTokens, 100 + 4200);
    assert.ok(Math.abs(update.totals.costUsd! - 0.512) < 1e-12);
  });

  it('marks subagents still running as stopped when the turn ends around them', () => {
    message.apply(progress({ type: 'start', id: 's1', index: 0, count: 2, task: 'a' }));
    message.apply(progress(inner('s1', { type: 'tool_start', callId: 'x', name: 'search_text', args: { query: 'retry' } })));
    message.apply(progress({ type: 'start', id: 's2', index: 1, count: 2, task: 'b' }));
    message.apply(progress({ type: 'end', id: 's2', outcome: outcome({ status: 'time_limit', report: 'Partial.' }) }));
    message.finish({ status: 'cancelled', items: [], text: '', usage: usage(0, 0), steps: 1, error: { kind: 'cancelled', message: 'Stopped.' } });
    assert.equal(last('s1').status, 'cancelled');
    assert.deepEqual(last('s1').activity.map((a) => a.status), ['error']);
    assert.equal(last('s2').status, 'time_limit', 'a subagent that had ended keeps its own status');
  });
});
