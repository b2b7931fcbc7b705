import * as assert from 'node:assert/strict';
import { explainQuestion } from '../../../src/vscode/chatAttachment';
import type { AgentEvent } from '../../../src/core/agent/agentTurn';
import type { HostMessage } from '../../../src/protocol/messages';
import { AssistantMessage, errorView } from '../../../src/vscode/assistantMessage';
import { usage } from './chatFixtures';

const model = (step: number, event: Extract<AgentEvent, { type: 'model' }>['event']): AgentEvent => ({ type: 'model', step, event });

describe('the assistant message built from agent events', () => {
  let posted: HostMessage[];
  let message: AssistantMessage;
  beforeEach(() => {
    posted = [];
    message = new AssistantMessage('m1', 't1', (m) => posted.push(m), usage(100, 10, 0.5));
  });

  it('keeps the host copy in step with the deltas it sends', () => {
    message.apply(model(1, { type: 'text_delta', delta: 'Hello ' }));
    message.apply(model(1, { type: 'reasoning_delta', delta: 'thinking' }));
    message.apply(model(1, { type: 'text_delta', delta: 'world' }));
    assert.equal(message.view.text, 'Hello world');
    assert.equal(message.view.reasoning, 'thinking');
    const sent = posted.filter((m) => m.type === 'textDelta').map((m) => (m.type === 'textDelta' ? m.delta : '')).join('');
    assert.equal(sent, message.view.text);
  });

  it('separates the text of later steps from earlier text with a blank line', () => {
    message.apply({ type: 'step_start', step: 1 });
    message.apply(model(1, { type: 'text_delta', delta: 'Let me look.' }));
    message.apply({ type: 'step_start', step: 2 });
    message.apply(model(2, { type: 'text_delta', delta: 'Found it.' }));
    assert.equal(message.view.text, 'Let me look.\n\nFound it.');
    const sent = posted.map((m) => (m.type === 'textDelta' ? m.delta : '')).join('');
    assert.equal(sent, message.view.text, 'the view gets the separator too');
  });

  it('separates commentary from the final answer within one step', () => {
    message.apply(model(1, { type: 'text_delta', delta: 'Checking.', phase: 'commentary' }));
    message.apply(model(1, { type: 'text_delta', delta: 'Done.', phase: 'final_answer' }));
    assert.equal(message.view.text, 'Checking.\n\nDone.');
  });

  it('carries the phase in the data: on each delta and as where each phase starts in the text', () => {
    message.apply(model(1, { type: 'text_delta', delta: 'Check', phase: 'commentary' }));
    message.apply(model(1, { type: 'text_delta', delta: 'ing.', phase: 'commentary' }));
    message.apply(model(1, { type: 'text_delta', delta: 'Done.', phase: 'final_answer' }));
    assert.deepEqual(message.view.phases, [
      { from: 0, phase: 'commentary' },
      { from: 'Checking.\n\n'.length, phase: 'final_answer' },
    ]);
    assert.equal(message.view.text.slice(message.view.phases![1].from), 'Done.');
    const phases = posted.filter((m) => m.type === 'textDelta').map((m) => (m.type === 'textDelta' ? m.phase : undefined));
    assert.deepEqual(phases, ['commentary', 'commentary', 'final_answer']);
  });

  it('shows a refusal as a refusal, never as the answer text', () => {
    message.apply(model(1, { type: 'refusal_delta', delta: 'I cannot help with that.' }));
    message.finish({ status: 'refused', items: [], text: '', usage: usage(0, 0), steps: 1, refusal: 'I cannot help with that.' });
    assert.equal(message.view.text, '');
    assert.equal(message.view.status, 'refused');
    assert.equal(message.view.refusal, 'I cannot help with that.');
    assert.deepEqual(message.view.error, { kind: 'refusal', message: 'The model declined to answer: I cannot help with that.', actions: ['retry'] });
  });

  it('tells the chat when a step was cut inside a tool call, and passes on the provider\'s notices', () => {
    message.apply({ type: 'step_cut', step: 2, tool: 'apply_patch' });
    message.apply(model(3, { type: 'notice', message: '1 of 2 Runware results failed.' }));
    const notices = posted.filter((m) => m.type === 'notice').map((m) => (m.type === 'notice' ? m.text : ''));
    assert.match(notices[0], /Step 2 reached the output token limit while writing a call to apply_patch; the call was not run/);
    assert.equal(notices[1], '1 of 2 Runware results failed.');
  });

  it('gives content_filter its own advice, not the output-limit one', () => {
    message.finish({ status: 'incomplete', items: [], text: '', usage: usage(0, 0), steps: 1, incompleteReason: 'content_filter' });
    assert.match(message.view.error?.message ?? '', /^The service's content filter stopped the answer/);
    assert.doesNotMatch(message.view.error?.message ?? '', /raise/);
    assert.deepEqual(message.view.error?.actions, ['retry']);
  });

  it('builds tool cards from call events and summarises their results', () => {
    message.apply(model(1, { type: 'tool_call_started', callId: 'c1', name: 'read_file' }));
    message.apply(model(1, { type: 'tool_call_delta', callId: 'c1', delta: '{"path":"src/a.ts"}' }));
    message.apply(model(1, { type: 'tool_call_complete', callId: 'c1', name: 'read_file', arguments: '{"path":"src/a.ts"}' }));
    message.apply({ type: 'tool_start', callId: 'c1', name: 'read_file', args: { path: 'src/a.ts' } });
    message.apply({ type: 'tool_result', callId: 'c1', name: 'read_file', output: 'src/a.ts: 3 lines\n1| a', isError: false, detail: { path: 'src/a.ts', start: 1, end: 3, totalLines: 3 } });
    assert.deepEqual(message.view.toolCalls, [
      { callId: 'c1', name: 'read_file', args: '{"path":"src/a.ts"}', status: 'done', summary: 'read src/a.ts (3 lines)', output: 'src/a.ts: 3 lines\n1| a', textOffset: 0 },
    ]);
  });

  it('announces a tool call before its first argument delta when no start event came', () => {
    message.apply(model(1, { type: 'tool_call_delta', callId: 'c9', delta: '{}' }));
    assert.deepEqual(posted.map((m) => m.type), ['toolCall', 'toolCallDelta']);
  });

  it('reports turn usage and conversation totals, with the context fill of the latest call', () => {
    message.apply(model(1, { type: 'usage', usage: usage(1000, 50, 0.25) }));
    message.apply(model(2, { type: 'usage', usage: usage(1200, 70, 0.25) }));
    const last = posted.filter((m) => m.type === 'usage').pop();
    assert.equal(last?.type === 'usage' && last.usage.inputTokens, 2200);
    assert.equal(last?.type === 'usage' && last.totals.inputTokens, 2300);
    assert.equal(last?.type === 'usage' && last.totals.costUsd, 1);
    assert.equal(last?.type === 'usage' && last.contextTokens, 1200);
  });

  it('keeps alternatives apart from the main text', () => {
    message.apply(model(1, { type: 'text_delta', delta: 'first', resultIndex: 0 }));
    message.apply(model(1, { type: 'text_delta', delta: 'second', resultIndex: 1 }));
    assert.equal(message.view.text, 'first');
    assert.deepEqual(message.view.alternatives, ['', 'second']);
  });

  it('offers the actions that fit each error kind', () => {
    assert.deepEqual(errorView({ kind: 'auth', message: 'x' }).actions, ['setKey', 'retry']);
    assert.deepEqual(errorView({ kind: 'bad_request', message: 'x' }).actions, ['openSettings', 'retry']);
    assert.deepEqual(errorView({ kind: 'rate_limit', message: 'x' }).actions, ['retry']);
  });

  it('marks a stopped turn as stopped without an error, and a cut-off one as incomplete with retry', () => {
    message.finish({ status: 'cancelled', items: [], text: '', usage: usage(0, 0), steps: 1, error: { kind: 'cancelled', message: 'Stopped.' } });
    assert.equal(message.view.status, 'stopped');
    assert.equal(message.view.error, undefined);
    const other = new AssistantMessage('m2', 't2', () => undefined, usage(0, 0));
    other.finish({ status: 'incomplete', items: [], text: '', usage: usage(0, 0), steps: 1, incompleteReason: 'max_output_tokens' });
    assert.equal(other.view.status, 'incomplete');
    assert.match(other.view.error?.message ?? '', /max_output_tokens\): raise miniCoder\.maxOutputTokens/);
    assert.deepEqual(other.view.error?.actions, ['openSettings', 'retry']);
  });
});

describe('the error shown for a rate limit', () => {
  it('leaves the wait to the Retry countdown instead of repeating it in the message', () => {
    const view = errorView({
      kind: 'rate_limit',
      retryAfterMs: 20_000,
      message: 'www.anyfast.ai is rate limiting requests (429: Rate limit reached for gpt-5.4-mini. Please try again in 20s.). Try again in 20 s.',
    });
    assert.equal(view.retryAfterMs, 20_000);
    assert.equal(view.message, 'www.anyfast.ai is rate limiting requests (429: Rate limit reached for gpt-5.4-mini.).');
    assert.doesNotMatch(view.message, /again in/i);
  });

  it('keeps the message whole when the service named no wait', () => {
    const message = 'api.example.com is rate limiting requests (429: slow down). Wait a minute and try again.';
    assert.deepEqual(errorView({ kind: 'rate_limit', message }), { kind: 'rate_limit', message, actions: ['retry'] });
  });
});

describe('an Explain Selection question in the chat', () => {
  it('reads "Explain `name` in path:lines" with the selection attached, and the model gets the full prompt', () => {
    const question = explainQuestion('FULL PROMPT', {
      path: 'src/cart.ts',
      languageId: 'typescript',
      range: { start: { line: 7, character: 0 }, end: { line: 14, character: 0 } },
      text: 'export function cartTotal() {}\n',
      name: 'cartTotal',
    });
    assert.equal(question.text, 'Explain `cartTotal` in src/cart.ts:8-14');
    assert.equal(question.prompt, 'FULL PROMPT');
    assert.deepEqual(question.attachments?.map((a) => [a.label, a.startLine, a.endLine]), [['src/cart.ts:8-14', 8, 14]]);
  });
});
