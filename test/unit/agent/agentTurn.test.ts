import * as assert from 'node:assert/strict';
import { runAgentTurn, type AgentEvent } from '../../../src/core/agent/agentTurn';
import type { ConversationItem, ModelEvent } from '../../../src/core/model/types';
import type { Tool } from '../../../src/core/tools/tool';
import type { EditReviewer, Workspace } from '../../../src/core/workspace';
import { scriptedProvider } from '../../support/scriptedProvider';
import { testTrust } from '../../support/trust';

const usage = { inputTokens: 10, cachedInputTokens: 2, outputTokens: 5, reasoningTokens: 1, totalTokens: 15 };
const text = (t: string): ModelEvent[] => [{ type: 'text_delta', delta: t }, { type: 'usage', usage }, { type: 'completed' }];
const call = (callId: string, name: string, args: string): ModelEvent[] => [
  { type: 'tool_call_started', callId, name },
  { type: 'tool_call_complete', callId, name, arguments: args },
];

const noWorkspace = {} as Workspace;
const approveAll: EditReviewer = { review: async () => ({ approved: true }) };
const user = (content: string): ConversationItem[] => [{ type: 'message', role: 'user', content }];

function recordingTool(name: string, readOnly: boolean, log: string[], delayMs = 5): Tool {
  return {
    name,
    description: name,
    readOnly,
    parameters: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'], additionalProperties: false },
    async run(args) {
      log.push(`start ${name} ${args.id}`);
      await new Promise((r) => setTimeout(r, delayMs));
      log.push(`end ${name} ${args.id}`);
      return { output: `${name} result ${args.id}` };
    },
  };
}

describe('the agent loop', () => {
  it('answers without tools in one step and reports the text and usage', async () => {
    const provider = scriptedProvider([[{ type: 'text_delta', delta: 'Hel' }, { type: 'text_delta', delta: 'lo' }, { type: 'usage', usage }, { type: 'completed' }]]);
    const events: AgentEvent[] = [];
    const result = await runAgentTurn(user('hi'), { provider, model: 'm', tools: [] }, { workspace: noWorkspace, reviewer: approveAll, trust: testTrust() }, (e) => void events.push(e));
    assert.equal(result.status, 'done');
    assert.equal(result.text, 'Hello');
    assert.deepEqual(result.items, [{ type: 'message', role: 'assistant', content: 'Hello' }]);
    assert.equal(result.usage.outputTokens, 5);
    assert.equal(events.filter((e) => e.type === 'model' && e.event.type === 'text_delta').length, 2);
  });

  it('runs the requested tool and sends its output back keyed by call_id', async () => {
    const log: string[] = [];
    const provider = scriptedProvider([[...call('call_1', 'lookup', '{"id":"a"}'), { type: 'completed' }], text('done')]);
    const result = await runAgentTurn(user('go'), { provider, model: 'm', tools: [recordingTool('lookup', true, log)] }, { workspace: noWorkspace, reviewer: approveAll, trust: testTrust() }, () => {});
    assert.equal(result.status, 'done');
    assert.equal(result.steps, 2);
    const second = provider.requests[1].input;
    assert.deepEqual(second.slice(1), [
      { type: 'function_call', callId: 'call_1', name: 'lookup', arguments: '{"id":"a"}' },
      { type: 'function_call_output', callId: 'call_1', output: 'lookup result a' },
    ]);
  });

  it('runs read-only calls in parallel and an edit only after the reads before it finished', async () => {
    const log: string[] = [];
    const tools = [recordingTool('read', true, log, 20), recordingTool('edit', false, log, 1)];
    const provider = scriptedProvider([
      [...call('c1', 'read', '{"id":"1"}'), ...call('c2', 'read', '{"id":"2"}'), ...call('c3', 'edit', '{"id":"3"}'), { type: 'completed' }],
      text('ok'),
    ]);
    await runAgentTurn(user('go'), { provider, model: 'm', tools }, { workspace: noWorkspace, reviewer: approveAll, trust: testTrust() }, () => {});
    assert.deepEqual(log.slice(0, 2), ['start read 1', 'start read 2'], 'both reads start before either ends');
    assert.ok(log.indexOf('start edit 3') > log.indexOf('end read 1'));
    assert.ok(log.indexOf('start edit 3') > log.indexOf('end read 2'));
    const outputs = provider.requests[1].input.filter((i) => i.type === 'function_call_output').map((i) => (i as { callId: string }).callId);
    assert.deepEqual(outputs, ['c1', 'c2', 'c3'], 'outputs keep the order of the calls');
  });

  it('sends invalid JSON arguments back to the model as a tool error instead of crashing', async () => {
    const events: AgentEvent[] = [];
    const provider = scriptedProvider([[...call('c1', 'lookup', '{"id": '), { type: 'completed' }], text('sorry')]);
    const result = await runAgentTurn(user('go'), { provider, model: 'm', tools: [recordingTool('lookup', true, [])] }, { workspace: noWorkspace, reviewer: approveAll, trust: testTrust() }, (e) => void events.push(e));
    assert.equal(result.status, 'done');
    const output = provider.requests[1].input.find((i) => i.type === 'function_call_output') as { output: string };
    assert.match(output.output, /^Error: The arguments of lookup are not valid JSON/);
    assert.ok(events.some((e) => e.type === 'tool_result' && e.isError));
  });

  it('sends arguments that do not match the schema back as a tool error naming the problem', async () => {
    const provider = scriptedProvider([[...call('c1', 'lookup', '{"id": 5, "extra": true}'), { type: 'completed' }], text('ok')]);
    await runAgentTurn(user('go'), { provider, model: 'm', tools: [recordingTool('lookup', true, [])] }, { workspace: noWorkspace, reviewer: approveAll, trust: testTrust() }, () => {});
    const output = provider.requests[1].input.find((i) => i.type === 'function_call_output') as { output: string };
    assert.match(output.output, /arguments\.id must be string/);
    assert.match(output.output, /arguments\.extra is not a known parameter/);
  });

  it('tells the model when it calls a tool that does not exist', async () => {
    const provider = scriptedProvider([[...call('c1', 'rm_rf', '{}'), { type: 'completed' }], text('ok')]);
    await runAgentTurn(user('go'), { provider, model: 'm', tools: [recordingTool('lookup', true, [])] }, { workspace: noWorkspace, reviewer: approveAll, trust: testTrust() }, () => {});
    const output = provider.requests[1].input.find((i) => i.type === 'function_call_output') as { output: string };
    assert.match(output.output, /no tool named "rm_rf".*lookup/);
  });

  it('stops at the step limit and says so', async () => {
    const loops = Array.from({ length: 3 }, (_, i) => [...call(`c${i}`, 'lookup', '{"id":"x"}'), { type: 'completed' } as ModelEvent]);
    const provider = scriptedProvider(loops);
    const result = await runAgentTurn(user('go'), { provider, model: 'm', tools: [recordingTool('lookup', true, [])], maxSteps: 3 }, { workspace: noWorkspace, reviewer: approveAll, trust: testTrust() }, () => {});
    assert.equal(result.status, 'step_limit');
    assert.equal(provider.requests.length, 3);
    assert.match(result.error!.message, /after 3 model calls/);
  });

  it('keeps the partial answer and the error when the stream fails', async () => {
    const provider = scriptedProvider([[{ type: 'text_delta', delta: 'Partial ans' }, { type: 'error', error: { kind: 'network', message: 'connection reset' } }]]);
    const result = await runAgentTurn(user('go'), { provider, model: 'm', tools: [] }, { workspace: noWorkspace, reviewer: approveAll, trust: testTrust() }, () => {});
    assert.equal(result.status, 'error');
    assert.equal(result.text, 'Partial ans');
    assert.deepEqual(result.items, [{ type: 'message', role: 'assistant', content: 'Partial ans' }]);
    assert.equal(result.error?.kind, 'network');
  });

  it('treats a stream that ends without a terminal event as a dropped stream', async () => {
    const provider = scriptedProvider([[{ type: 'text_delta', delta: 'half' }]]);
    const result = await runAgentTurn(user('go'), { provider, model: 'm', tools: [] }, { workspace: noWorkspace, reviewer: approveAll, trust: testTrust() }, () => {});
    assert.equal(result.status, 'error');
    assert.equal(result.text, 'half');
    assert.match(result.error!.message, /partial answer was kept/);
  });

  it('reports cancellation when the signal aborts mid-stream', async () => {
    const controller = new AbortController();
    const provider = scriptedProvider([[{ type: 'text_delta', delta: 'a' }, { type: 'text_delta', delta: 'b' }, { type: 'text_delta', delta: 'c' }, { type: 'completed' }]]);
    const result = await runAgentTurn(user('go'), { provider, model: 'm', tools: [] }, { workspace: noWorkspace, reviewer: approveAll, trust: testTrust() }, (e) => {
      if (e.type === 'model' && e.event.type === 'text_delta' && e.event.delta === 'a') controller.abort();
    }, controller.signal);
    assert.equal(result.status, 'cancelled');
    assert.equal(result.text, 'a');
  });

  it('replays provider items and splits commentary from the final answer', async () => {
    const provider = scriptedProvider([
      [
        { type: 'replay_item', item: { provider: 'responses', data: { type: 'reasoning', id: 'rs_1' } } },
        { type: 'text_delta', delta: 'Looking.', phase: 'commentary' },
        ...call('c1', 'lookup', '{"id":"1"}'),
        { type: 'completed' },
      ],
      [{ type: 'text_delta', delta: 'Done.', phase: 'final_answer' }, { type: 'completed' }],
    ]);
    const result = await runAgentTurn(user('go'), { provider, model: 'm', tools: [recordingTool('lookup', true, [])] }, { workspace: noWorkspace, reviewer: approveAll, trust: testTrust() }, () => {});
    assert.deepEqual(result.items.map((i) => i.type), ['provider_item', 'message', 'function_call', 'function_call_output', 'message']);
    assert.deepEqual(result.items[1], { type: 'message', role: 'assistant', content: 'Looking.', phase: 'commentary' });
    assert.equal(result.text, 'Done.');
  });

  it('fills in the cost from the price table when the service reports none', async () => {
    const provider = scriptedProvider([text('x')]);
    const result = await runAgentTurn(user('go'), { provider, model: 'm', tools: [], priceUsage: (u) => ({ ...u, costUsd: u.inputTokens * 0.001 }) }, { workspace: noWorkspace, reviewer: approveAll, trust: testTrust() }, () => {});
    assert.equal(result.usage.costUsd, 0.01);
  });

  it('collects alternatives when the service returns several results', async () => {
    const provider = scriptedProvider([[{ type: 'text_delta', delta: 'one' }, { type: 'text_delta', delta: 'two', resultIndex: 1 }, { type: 'completed' }]]);
    const result = await runAgentTurn(user('go'), { provider, model: 'm', tools: [] }, { workspace: noWorkspace, reviewer: approveAll, trust: testTrust() }, () => {});
    assert.equal(result.text, 'one');
    assert.deepEqual(result.alternatives, ['one', 'two']);
  });

  it('goes on after a step cut inside a tool call, telling the model, but not more than twice in a turn', async () => {
    const cut: ModelEvent[] = [{ type: 'text_delta', delta: 'Patching.' }, { type: 'tool_call_started', callId: 'c1', name: 'apply_patch' }, { type: 'incomplete', reason: 'max_output_tokens', cutToolCall: 'apply_patch' }];
    const provider = scriptedProvider([cut, cut, cut]);
    const events: AgentEvent[] = [];
    const result = await runAgentTurn(user('change it'), { provider, model: 'm', tools: [] }, { workspace: noWorkspace, reviewer: approveAll, trust: testTrust() }, (e) => {
      events.push(e);
    });
    assert.deepEqual(events.filter((e) => e.type === 'step_cut'), [
      { type: 'step_cut', step: 1, tool: 'apply_patch' },
      { type: 'step_cut', step: 2, tool: 'apply_patch' },
    ]);
    assert.equal(result.status, 'incomplete');
    assert.equal(result.incompleteReason, 'max_output_tokens');
    assert.equal(provider.requests.length, 3);
    const told = provider.requests[1].input.at(-1) as { role: string; content: string };
    assert.equal(told.role, 'user');
    assert.match(told.content, /writing your call to apply_patch, so the call was cut off and not run/);
    assert.ok(!provider.requests[1].input.some((i) => i.type === 'function_call'), 'the cut call is never replayed');
  });

  it('ends a turn the model refused as refused, with the refusal apart from the text', async () => {
    const provider = scriptedProvider([[{ type: 'refusal_delta', delta: 'I will not ' }, { type: 'refusal_delta', delta: 'do that.' }, { type: 'completed' }]]);
    const result = await runAgentTurn(user('do it'), { provider, model: 'm', tools: [] }, { workspace: noWorkspace, reviewer: approveAll, trust: testTrust() }, () => undefined);
    assert.equal(result.status, 'refused');
    assert.equal(result.refusal, 'I will not do that.');
    assert.equal(result.text, '');
  });

  describe('limits no tool or service can break', () => {
    const stuckTool = (log: string[], timeLimitMs?: number): Tool => ({
      name: 'stuck',
      description: 'never finishes',
      readOnly: true,
      parameters: { type: 'object', properties: {}, additionalProperties: false },
      ...(timeLimitMs !== undefined ? { timeLimitMs: () => timeLimitMs } : {}),
      run: (_args, context) =>
        new Promise(() => {
          context.signal?.addEventListener('abort', () => log.push('tool saw abort'));
        }),
    });

    it('stops a tool at its time limit, tells the model, and goes on', async () => {
      const log: string[] = [];
      const provider = scriptedProvider([[...call('c1', 'stuck', '{}'), { type: 'completed' }], text('ok')]);
      const result = await runAgentTurn(user('go'), { provider, model: 'm', tools: [stuckTool(log, 50)] }, { workspace: noWorkspace, reviewer: approveAll, trust: testTrust() }, () => {});
      assert.equal(result.status, 'done');
      const output = result.items.find((i) => i.type === 'function_call_output');
      assert.match(output && output.type === 'function_call_output' ? output.output : '', /took longer than 0 s and was stopped/);
      assert.deepEqual(log, ['tool saw abort']);
    });

    it('returns within moments of Stop even when a tool ignores it', async () => {
      const controller = new AbortController();
      const provider = scriptedProvider([[...call('c1', 'stuck', '{}'), { type: 'completed' }], text('never')]);
      const running = runAgentTurn(user('go'), { provider, model: 'm', tools: [stuckTool([])] }, { workspace: noWorkspace, reviewer: approveAll, trust: testTrust() }, () => {}, controller.signal);
      setTimeout(() => controller.abort(), 30);
      const started = Date.now();
      const result = await running;
      assert.equal(result.status, 'cancelled');
      assert.ok(Date.now() - started < 1000);
    });

    it('does not count the time a tool waits for the user against its limit', async () => {
      const waiting: Tool = {
        name: 'asks',
        description: 'asks the user',
        readOnly: false,
        timeLimitMs: () => 40,
        parameters: { type: 'object', properties: {}, additionalProperties: false },
        async run(_args, context) {
          const decision = await context.reviewer.review([], { summary: 's', verdict: { decision: 'ask', reason: 'r', sensitive: false } });
          return { output: `answered ${decision.approved}` };
        },
      };
      const slowUser: typeof approveAll = { review: () => new Promise((r) => setTimeout(() => r({ approved: true }), 150)) };
      const provider = scriptedProvider([[...call('c1', 'asks', '{}'), { type: 'completed' }], text('ok')]);
      const result = await runAgentTurn(user('go'), { provider, model: 'm', tools: [waiting] }, { workspace: noWorkspace, reviewer: slowUser, trust: testTrust() }, () => {});
      const output = result.items.find((i) => i.type === 'function_call_output');
      assert.equal(output && output.type === 'function_call_output' ? output.output : '', 'answered true');
    });

    it('stops reading a model call that streams far more than its output limit allows, keeping what came', async () => {
      const flood: ModelEvent[] = Array.from({ length: 200 }, () => ({ type: 'text_delta', delta: 'x'.repeat(100) }));
      const provider = scriptedProvider([[...flood, { type: 'completed' }]]);
      const result = await runAgentTurn(user('go'), { provider, model: 'm', tools: [], options: { maxOutputTokens: 1000 } }, { workspace: noWorkspace, reviewer: approveAll, trust: testTrust() }, () => {});
      assert.equal(result.status, 'error');
      assert.match(result.error?.message ?? '', /more than 8,000 characters.*1,000 output tokens/);
      assert.ok(result.text.length > 0 && result.text.length <= 8100);
    });

    it('waits for the host to take each event before reading on (back-pressure)', async () => {
      const order: string[] = [];
      const provider = scriptedProvider([[{ type: 'text_delta', delta: 'a' }, { type: 'text_delta', delta: 'b' }, { type: 'completed' }]]);
      await runAgentTurn(user('go'), { provider, model: 'm', tools: [] }, { workspace: noWorkspace, reviewer: approveAll, trust: testTrust() }, async (e) => {
        if (e.type !== 'model' || e.event.type !== 'text_delta') return;
        order.push(`start ${e.event.delta}`);
        await new Promise((r) => setTimeout(r, 20));
        order.push(`end ${e.event.delta}`);
      });
      assert.deepEqual(order, ['start a', 'end a', 'start b', 'end b']);
    });
  });
});
