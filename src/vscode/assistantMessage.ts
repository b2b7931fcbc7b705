// The assistant's message of one turn, as the host keeps it and as the view is told about it. The host's
// copy is updated on every event (so a view that reloads mid-stream gets the text so far in `state`);
// the view gets only what changed.
import type { AgentEvent, TurnResult } from '../core/agent/agentTurn';
import { addUsage, emptyUsage } from '../core/agent/usage';
import type { ErrorInfo } from '../core/errors';
import { incompleteAdvice } from '../core/model/incompleteAdvice';
import type { Usage } from '../core/model/types';
import type { CommandDetail } from '../core/tools/commandTools';
import type { ApprovalView, CommandView, EditView, ErrorView, HostMessage, MessageView, ToolCallView, UsageFigures } from '../protocol/messages';
import { SubagentViews } from './subagentViews';
import { cardOutput, toolSummary } from './toolSummary';

export class AssistantMessage {
  readonly view: MessageView;
  /** Usage of this turn so far. */
  usage: Usage = emptyUsage();
  /** Input tokens of the latest model call: how full the context window is. */
  contextTokens = 0;
  private separatorDue = false;
  private lastPhase: string | undefined;
  private readonly argsByCall = new Map<string, Record<string, unknown>>();
  private readonly subagents: SubagentViews;

  constructor(
    id: string,
    turnId: string,
    private readonly post: (message: HostMessage) => void,
    private readonly totalsBefore: Usage,
  ) {
    this.view = { id, role: 'assistant', text: '', status: 'streaming', turnId };
    this.subagents = new SubagentViews(this.view, post);
  }

  /** Turns one event of the agent loop into the host's state and a message for the view. */
  apply(event: AgentEvent): void {
    const id = this.view.id;
    switch (event.type) {
      case 'step_start':
        if (event.step > 1 && this.view.text !== '') this.separatorDue = true;
        return;
      case 'tool_start':
        this.argsByCall.set(event.callId, event.args);
        return;
      case 'step_cut':
        this.post({
          type: 'notice',
          level: 'warning',
          text: `Step ${event.step} reached the output token limit while writing ${event.tool ? `a call to ${event.tool}` : 'a tool call'}; the call was not run and the model was asked to send it in smaller pieces (or raise miniCoder.maxOutputTokens).`,
        });
        return;
      case 'tool_result': {
        const call = this.call(event.callId, event.name);
        call.status = event.isError ? 'error' : 'done';
        call.summary = toolSummary(event.name, this.argsByCall.get(event.callId) ?? parseArgs(call.args), event.output, event.isError, event.detail);
        call.output = cardOutput(event.output);
        if (event.name === 'run_command' || event.name === 'read_command_output' || event.name === 'stop_command') {
          call.command = finishedCommand(call.command, event.detail, this.argsByCall.get(event.callId));
        }
        this.post({ type: 'toolCall', messageId: id, call: { ...call } });
        return;
      }
      case 'tool_output':
        this.commandOutput(event.callId, event.text);
        return;
      case 'tool_progress':
        // Subagents' model calls count in this turn (but say nothing about the main context's fill).
        if (event.progress.usage) this.addUsage(event.progress.usage);
        this.subagents.apply(event);
        return;
      case 'model':
        break;
    }
    const model = event.event;
    switch (model.type) {
      case 'text_delta': {
        if (model.resultIndex !== undefined && model.resultIndex > 0) {
          const alternatives = (this.view.alternatives ??= []);
          // No holes: the array goes to the view as JSON. The first result is the main text, filled at the end.
          for (let i = 0; i < model.resultIndex; i++) alternatives[i] ??= '';
          alternatives[model.resultIndex] = (alternatives[model.resultIndex] ?? '') + model.delta;
          this.post({ type: 'textDelta', messageId: id, delta: model.delta, resultIndex: model.resultIndex });
          return;
        }
        let delta = model.delta;
        const phaseChanged = model.phase !== undefined && this.lastPhase !== undefined && model.phase !== this.lastPhase;
        if ((this.separatorDue || phaseChanged) && this.view.text !== '' && !this.view.text.endsWith('\n\n')) delta = `\n\n${delta}`;
        this.separatorDue = false;
        if (model.phase !== undefined && (phaseChanged || this.lastPhase === undefined)) {
          // Where this phase's text starts, past the separator.
          (this.view.phases ??= []).push({ from: this.view.text.length + delta.length - model.delta.length, phase: model.phase });
        }
        if (model.phase !== undefined) this.lastPhase = model.phase;
        this.view.text += delta;
        this.post(model.phase ? { type: 'textDelta', messageId: id, delta, phase: model.phase } : { type: 'textDelta', messageId: id, delta });
        return;
      }
      case 'refusal_delta':
        this.view.refusal = (this.view.refusal ?? '') + model.delta;
        return;
      case 'notice':
        this.post({ type: 'notice', level: 'warning', text: model.message });
        return;
      case 'reasoning_delta':
        this.view.reasoning = (this.view.reasoning ?? '') + model.delta;
        this.post({ type: 'reasoningDelta', messageId: id, delta: model.delta });
        return;
      case 'tool_call_started':
        this.post({ type: 'toolCall', messageId: id, call: { ...this.call(model.callId, model.name) } });
        return;
      case 'tool_call_delta': {
        const known = this.view.toolCalls?.some((c) => c.callId === model.callId);
        const call = this.call(model.callId, '');
        if (!known) this.post({ type: 'toolCall', messageId: id, call: { ...call } });
        call.args += model.delta;
        this.post({ type: 'toolCallDelta', messageId: id, callId: model.callId, delta: model.delta });
        return;
      }
      case 'tool_call_complete': {
        const call = this.call(model.callId, model.name);
        call.args = model.arguments;
        call.name = model.name;
        this.post({ type: 'toolCall', messageId: id, call: { ...call } });
        return;
      }
      case 'usage':
        this.contextTokens = model.usage.inputTokens;
        this.addUsage(model.usage);
        return;
      default:
        return;
    }
  }

  private addUsage(usage: Usage): void {
    this.usage = addUsage(this.usage, usage);
    this.view.usage = figures(this.usage);
    this.post({ type: 'usage', messageId: this.view.id, usage: this.view.usage, totals: this.totals(), contextTokens: this.contextTokens });
  }

  /** Adds or replaces an edit card of this message. */
  setEdit(edit: EditView): void {
    const edits = (this.view.edits ??= []);
    const at = edits.findIndex((e) => e.editId === edit.editId);
    // The card stays where the edit was proposed, between the text before and after it.
    const placed: EditView = { ...edit, textOffset: at >= 0 ? edits[at].textOffset : this.view.text.length };
    if (at >= 0) edits[at] = placed;
    else edits.push(placed);
    this.post({ type: 'edit', messageId: this.view.id, edit: placed });
  }

  /** Adds or replaces an approval question of this message. */
  setApproval(approval: ApprovalView): void {
    const approvals = (this.view.approvals ??= []);
    const at = approvals.findIndex((a) => a.id === approval.id);
    const placed: ApprovalView = { ...approval, textOffset: at >= 0 ? approvals[at].textOffset : this.view.text.length };
    if (at >= 0) approvals[at] = placed;
    else approvals.push(placed);
    this.post({ type: 'approval', messageId: this.view.id, approval: placed });
  }

  /** Conversation totals including this turn. */
  totals(): UsageFigures {
    return figures(addUsage(this.totalsBefore, this.usage));
  }

  /** Ends the message with the turn's outcome; the caller sends `messageEnd` after flushing deltas. */
  finish(result: TurnResult): void {
    this.view.status = statusOf(result);
    if (result.alternatives && result.alternatives.length > 1) {
      this.view.alternatives = result.alternatives;
      if (this.view.text === '') this.view.text = result.alternatives[0] ?? '';
    }
    for (const call of this.view.toolCalls ?? []) {
      if (call.status === 'running') call.status = 'error';
    }
    this.subagents.finish();
    if (result.error && result.error.kind !== 'cancelled') this.view.error = errorView(result.error);
    else if (result.status === 'incomplete') {
      const advice = incompleteAdvice(result.incompleteReason, 'miniCoder.maxOutputTokens');
      this.view.error = { kind: 'incomplete', message: advice.charAt(0).toUpperCase() + advice.slice(1), actions: result.incompleteReason === 'max_output_tokens' ? ['openSettings', 'retry'] : ['retry'] };
    } else if (result.status === 'refused') {
      this.view.refusal = result.refusal ?? this.view.refusal;
      this.view.error = { kind: 'refusal', message: `The model declined to answer: ${this.view.refusal ?? ''}`.trim(), actions: ['retry'] };
    }
  }

  /** Ends the message with an error raised before or around the loop (no key, context failure). */
  fail(error: ErrorInfo): void {
    this.subagents.finish();
    this.view.status = error.kind === 'cancelled' ? 'stopped' : 'error';
    if (error.kind !== 'cancelled') this.view.error = errorView(error);
  }

  /** Appends what a running command printed to its card, keeping the last part. */
  private commandOutput(callId: string, text: string): void {
    const call = this.call(callId, 'run_command');
    const args = this.argsByCall.get(callId) ?? {};
    call.command ??= { command: String(args.command ?? ''), cwd: String(args.cwd ?? '.'), output: '', end: 'running' };
    call.command.output = keepTail(call.command.output + text);
    this.post({ type: 'commandOutput', messageId: this.view.id, callId, text });
  }

  private call(callId: string, name: string): ToolCallView {
    const calls = (this.view.toolCalls ??= []);
    let call = calls.find((c) => c.callId === callId);
    if (!call) {
      call = { callId, name, args: '', status: 'running', textOffset: this.view.text.length };
      calls.push(call);
    }
    return call;
  }
}

/** Characters of live output a command card keeps (the last ones). */
const COMMAND_CARD_CHARS = 20_000;

function keepTail(text: string): string {
  return text.length <= COMMAND_CARD_CHARS ? text : text.slice(text.length - COMMAND_CARD_CHARS);
}

/** A command card once its tool answered: how it ended (from the tool's detail), with the output it streamed. */
function finishedCommand(view: CommandView | undefined, detail: unknown, args: Record<string, unknown> | undefined): CommandView | undefined {
  const d = (detail ?? {}) as Partial<CommandDetail>;
  if (typeof d.command !== 'string') return view;
  return {
    command: d.command,
    cwd: d.cwd ?? String(args?.cwd ?? '.'),
    output: view?.output ?? '',
    end: d.end ?? 'exited',
    exitCode: d.exitCode ?? null,
    ...(d.durationMs !== undefined ? { durationMs: d.durationMs } : {}),
    sandboxed: Boolean(d.sandboxed),
    ...(d.background ? { background: d.background } : {}),
  };
}

function statusOf(result: TurnResult): MessageView['status'] {
  switch (result.status) {
    case 'done':
      return 'done';
    case 'cancelled':
      return 'stopped';
    case 'incomplete':
    case 'step_limit':
      return 'incomplete';
    case 'refused':
      return 'refused';
    default:
      return 'error';
  }
}

/** The actions the view offers beside an error of this kind. */
export function errorView(error: ErrorInfo): ErrorView {
  const actions: ErrorView['actions'] =
    error.kind === 'auth' ? ['setKey', 'retry'] : error.kind === 'bad_request' ? ['openSettings', 'retry'] : ['retry'];
  if (error.kind === 'rate_limit' && error.retryAfterMs !== undefined && error.retryAfterMs > 0) {
    // The view counts the wait down on its Retry button, so the message need not say it again.
    return { kind: error.kind, message: withoutWait(error.message), actions, retryAfterMs: Math.round(error.retryAfterMs) };
  }
  return { kind: error.kind, message: error.message, actions };
}

/** A rate-limit message without the sentences that state the wait ("Try again in 20 s.", "Please retry after 20s"). */
function withoutWait(message: string): string {
  const cleaned = message
    .replace(/\s*(?:Please\s+)?(?:try again|retry)(?: after| in)\s+[\d.]+\s*(?:ms|s|sec(?:ond)?s?|min(?:ute)?s?)\b\.?/gi, '')
    .replace(/\(\s*429:\s*\)/, '(429)')
    .replace(/\s+\./g, '.')
    .trim();
  return cleaned || message;
}

/** Usage in the view's terms. */
export function figures(usage: Usage): UsageFigures {
  return {
    inputTokens: usage.inputTokens,
    cachedInputTokens: usage.cachedInputTokens,
    outputTokens: usage.outputTokens,
    reasoningTokens: usage.reasoningTokens,
    ...(usage.costUsd === undefined ? {} : { costUsd: usage.costUsd }),
  };
}

function parseArgs(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
