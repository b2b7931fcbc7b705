import { hideText, hideValue, toErrorInfo, type ErrorInfo } from '../errors';
import type { ConversationItem, ModelEvent, ModelOptions, ModelProvider, ToolChoice, Usage } from '../model/types';
import { DEFAULT_TOOL_TIME_LIMIT_MS, type Tool, type ToolContext, type ToolProgress } from '../tools/tool';
import { validateArguments } from '../tools/validate';
import { addUsage, emptyUsage } from './usage';

export interface AgentConfig {
  provider: ModelProvider;
  model: string;
  tools: Tool[];
  instructions?: string;
  options?: ModelOptions;
  toolChoice?: ToolChoice;
  /** Model calls per user turn before the loop stops and says so. */
  maxSteps?: number;
  /** Fills `costUsd` when the service did not report one (price table). */
  priceUsage?: (usage: Usage) => Usage;
}

/** What the loop reports to its host while a turn runs. Model events are forwarded as they arrive. */
export type AgentEvent =
  | { type: 'step_start'; step: number }
  | { type: 'model'; step: number; event: ModelEvent }
  | { type: 'tool_start'; callId: string; name: string; args: Record<string, unknown> }
  | { type: 'tool_result'; callId: string; name: string; output: string; isError: boolean; detail?: unknown }
  /** A step hit the output limit while writing a tool call: the call was not run and the turn goes on. */
  | { type: 'step_cut'; step: number; tool: string }
  /** What a running tool reported (a subagent's activity); its `usage` is already counted in the turn's. */
  | { type: 'tool_progress'; callId: string; name: string; progress: ToolProgress };

/** Receives the loop's events; a returned promise is awaited before the stream is read on (back-pressure). */
export type AgentEventSink = (event: AgentEvent) => void | Promise<void>;

export type TurnStatus = 'done' | 'incomplete' | 'error' | 'cancelled' | 'step_limit' | 'refused';

export interface TurnResult {
  status: TurnStatus;
  /** Items this turn added to the conversation (assistant text, calls, outputs), partial text included. */
  items: ConversationItem[];
  /** The assistant's final text (last step), partial when the turn did not finish. */
  text: string;
  /** Other results when the service returned several (numberResults > 1). */
  alternatives?: string[];
  usage: Usage;
  steps: number;
  error?: ErrorInfo;
  incompleteReason?: string;
  /** What the model said when it declined (status `refused`). */
  refusal?: string;
}

const DEFAULT_MAX_STEPS = 25;
/** Steps cut inside a tool call that are retried in one turn before the turn ends as incomplete. */
const MAX_CUT_RETRIES = 2;

/** Told to the model when its call was cut off by the output limit, so it tries again in smaller pieces. */
export function cutCallNote(tool: string): string {
  const what = tool ? `your call to ${tool}` : 'a tool call';
  return `Your last reply reached the output token limit while writing ${what}, so the call was cut off and not run. Make it again in smaller pieces: for example several apply_patch calls of a few hunks each, or write_file for a short file.`;
}

/**
 * Characters of text, reasoning and tool arguments one model call may stream per output token it may write, before
 * the loop stops reading: real tokens average 3-4 characters, so a stream past 8 per token of the output limit is a
 * runaway server, not an answer (1,024,000 characters at gpt-5.4-mini's 128,000-token limit).
 */
export const MAX_CHARS_PER_OUTPUT_TOKEN = 8;
const MODEL_OUTPUT_LIMIT_TOKENS = 128_000;

function eventSize(event: ModelEvent): number {
  switch (event.type) {
    case 'text_delta':
    case 'reasoning_delta':
    case 'tool_call_delta':
      return event.delta.length;
    case 'tool_call_complete':
      return event.arguments.length;
    default:
      return 0;
  }
}

/**
 * Runs one user turn: calls the model, runs the tools it asks for, feeds the results back keyed by
 * call_id, and repeats until the model answers without tools, the signal aborts, or the step limit.
 */
export async function runAgentTurn(
  input: ConversationItem[],
  config: AgentConfig,
  toolContext: Omit<ToolContext, 'signal'>,
  onEvent: AgentEventSink,
  signal?: AbortSignal,
): Promise<TurnResult> {
  const tools = new Map(config.tools.map((t) => [t.name, t]));
  const maxSteps = config.maxSteps ?? DEFAULT_MAX_STEPS;
  const added: ConversationItem[] = [];
  let usage = emptyUsage();
  let text = '';
  let alternatives: string[] | undefined;
  let cutRetries = 0;

  for (let step = 1; step <= maxSteps; step++) {
    await onEvent({ type: 'step_start', step });
    const stepResult = await streamStep([...input, ...added], config, step, onEvent, signal);
    if (stepResult.usage) usage = addUsage(usage, stepResult.usage);
    added.push(...stepResult.items);
    text = stepResult.text;
    alternatives = stepResult.alternatives;
    const base = { items: added, text, alternatives, usage, steps: step };

    if (stepResult.end.type === 'error') {
      return { ...base, status: stepResult.end.error.kind === 'cancelled' ? 'cancelled' : 'error', error: stepResult.end.error };
    }
    if (stepResult.end.type === 'incomplete') {
      const cut = stepResult.end.cutToolCall;
      if (stepResult.end.reason === 'max_output_tokens' && cut !== undefined && cutRetries < MAX_CUT_RETRIES && !signal?.aborted) {
        cutRetries++;
        await onEvent({ type: 'step_cut', step, tool: cut });
        added.push({ type: 'message', role: 'user', content: cutCallNote(cut) });
        continue;
      }
      return { ...base, status: 'incomplete', incompleteReason: stepResult.end.reason };
    }
    if (stepResult.refusal && stepResult.calls.length === 0) return { ...base, status: 'refused', refusal: stepResult.refusal };
    if (stepResult.calls.length === 0) return { ...base, status: 'done' };

    // Model calls a tool makes (subagents) are part of this turn's usage.
    const counted: AgentEventSink = (event) => {
      if (event.type === 'tool_progress' && event.progress.usage) usage = addUsage(usage, event.progress.usage);
      return onEvent(event);
    };
    const outputs = await runToolCalls(stepResult.calls, tools, { ...toolContext, signal }, counted);
    added.push(...outputs);
    if (signal?.aborted) {
      return { ...base, usage, status: 'cancelled', error: { kind: 'cancelled', message: 'Stopped.' } };
    }
  }
  return {
    items: added,
    text,
    alternatives,
    usage,
    steps: maxSteps,
    status: 'step_limit',
    error: { kind: 'tool', message: `Stopped after ${maxSteps} model calls in one turn; send a message to let it continue.` },
  };
}

interface PendingCall {
  callId: string;
  name: string;
  arguments: string;
}

interface StepResult {
  items: ConversationItem[];
  text: string;
  alternatives?: string[];
  calls: PendingCall[];
  usage?: Usage;
  /** Refusal text of this step (Responses `response.refusal.*`), kept apart from the answer. */
  refusal?: string;
  end: { type: 'completed' } | { type: 'incomplete'; reason: string; cutToolCall?: string } | { type: 'error'; error: ErrorInfo };
}

async function streamStep(
  input: ConversationItem[],
  config: AgentConfig,
  step: number,
  onEvent: AgentEventSink,
  signal?: AbortSignal,
): Promise<StepResult> {
  // Output is kept in arrival order so the replayed conversation matches what the model produced.
  const items: ConversationItem[] = [];
  const calls: PendingCall[] = [];
  const textByResult: string[] = [];
  let openMessage: { phase?: 'commentary' | 'final_answer'; text: string } | undefined;
  let usage: Usage | undefined;
  let refusal = '';
  let end: StepResult['end'] | undefined;
  let received = 0;
  const outputLimit = config.options?.maxOutputTokens ?? MODEL_OUTPUT_LIMIT_TOKENS;
  const maxChars = MAX_CHARS_PER_OUTPUT_TOKEN * outputLimit;

  const closeMessage = () => {
    if (openMessage && openMessage.text !== '') {
      items.push({ type: 'message', role: 'assistant', content: openMessage.text, ...(openMessage.phase ? { phase: openMessage.phase } : {}) });
    }
    openMessage = undefined;
  };

  try {
    const stream = config.provider.stream(
      {
        model: config.model,
        instructions: config.instructions,
        input,
        tools: config.tools.map((t) => ({ name: t.name, description: t.description, parameters: t.parameters })),
        toolChoice: config.toolChoice,
        options: config.options,
      },
      signal,
    );
    for await (let event of stream) {
      if (event.type === 'usage' && config.priceUsage && event.usage.costUsd === undefined) {
        event = { type: 'usage', usage: config.priceUsage(event.usage) };
      }
      const sent = onEvent({ type: 'model', step, event });
      if (sent) await sent;
      received += eventSize(event);
      if (received > maxChars) {
        end = {
          type: 'error',
          error: {
            kind: 'protocol',
            message: `The service sent more than ${maxChars.toLocaleString('en-US')} characters in one answer, far more than ${outputLimit.toLocaleString('en-US')} output tokens can hold; stopped reading it (a runaway or broken server). What arrived before was kept.`,
          },
        };
        break;
      }
      switch (event.type) {
        case 'text_delta': {
          const index = event.resultIndex ?? 0;
          textByResult[index] = (textByResult[index] ?? '') + event.delta;
          if (index !== 0) break;
          if (openMessage && event.phase !== undefined && openMessage.phase !== undefined && openMessage.phase !== event.phase) closeMessage();
          openMessage ??= { phase: event.phase, text: '' };
          openMessage.phase ??= event.phase;
          openMessage.text += event.delta;
          break;
        }
        case 'refusal_delta':
          refusal += event.delta;
          break;
        case 'tool_call_complete':
          closeMessage();
          calls.push({ callId: event.callId, name: event.name, arguments: event.arguments });
          items.push({ type: 'function_call', callId: event.callId, name: event.name, arguments: event.arguments });
          break;
        case 'replay_item':
          closeMessage();
          items.push({ type: 'provider_item', item: event.item });
          break;
        case 'usage':
          usage = usage ? addUsage(usage, event.usage) : event.usage;
          break;
        case 'completed':
          end = { type: 'completed' };
          break;
        case 'incomplete':
          end = event.cutToolCall === undefined ? { type: 'incomplete', reason: event.reason } : { type: 'incomplete', reason: event.reason, cutToolCall: event.cutToolCall };
          break;
        case 'error':
          end = { type: 'error', error: event.error };
          break;
        default:
          break;
      }
      if (end) break;
    }
  } catch (err) {
    end = { type: 'error', error: signal?.aborted ? { kind: 'cancelled', message: 'Stopped.' } : toErrorInfo(err, 'network') };
  }
  closeMessage();
  if (!end) {
    end = signal?.aborted
      ? { type: 'error', error: { kind: 'cancelled', message: 'Stopped.' } }
      : { type: 'error', error: { kind: 'network', message: 'The model stream ended without finishing the answer; the partial answer was kept.' } };
  }
  const finalText = items
    .filter((i): i is Extract<ConversationItem, { type: 'message' }> => i.type === 'message')
    .map((i) => i.content)
    // Messages of one step (commentary, then the final answer) are paragraphs apart, never glued.
    .join('\n\n');
  const alternatives = textByResult.length > 1 ? textByResult.map((t) => t ?? '') : undefined;
  // A failed step keeps its text but not its half-formed tool calls: replaying a call without an output breaks the next request.
  const kept = end.type === 'completed' ? items : items.filter((i) => i.type === 'message');
  return { items: kept, text: finalText, alternatives, calls: end.type === 'completed' ? calls : [], usage, end, ...(refusal ? { refusal } : {}) };
}

async function runToolCalls(
  calls: PendingCall[],
  tools: Map<string, Tool>,
  context: ToolContext,
  onEvent: AgentEventSink,
): Promise<ConversationItem[]> {
  const results = new Map<string, string>();
  const runOne = async (call: PendingCall): Promise<void> => {
    const outcome = await runToolCall(call, tools, context, onEvent);
    results.set(call.callId, outcome);
  };
  // Read-only calls run together; an edit waits for everything before it so it sees their effects in order.
  let batch: PendingCall[] = [];
  const flush = async () => {
    await Promise.all(batch.map(runOne));
    batch = [];
  };
  for (const call of calls) {
    if (context.signal?.aborted) {
      results.set(call.callId, 'Cancelled by the user before this tool ran.');
      continue;
    }
    if (tools.get(call.name)?.readOnly) {
      batch.push(call);
    } else {
      await flush();
      await runOne(call);
    }
  }
  await flush();
  return calls.map((c) => ({ type: 'function_call_output', callId: c.callId, output: results.get(c.callId) ?? 'Not run.' }));
}

async function runToolCall(
  call: PendingCall,
  tools: Map<string, Tool>,
  context: ToolContext,
  onEvent: AgentEventSink,
): Promise<string> {
  const report = async (raw: string, isError: boolean, rawDetail?: unknown) => {
    const hide = context.hide ?? [];
    const output = hide.length > 0 ? hideText(raw, hide) : raw;
    const detail = hide.length > 0 && rawDetail !== undefined ? hideValue(rawDetail, hide) : rawDetail;
    await onEvent({ type: 'tool_result', callId: call.callId, name: call.name, output, isError, detail });
    return isError ? `Error: ${output}` : output;
  };
  const tool = tools.get(call.name);
  if (!tool) {
    return report(`There is no tool named "${call.name}". Available tools: ${[...tools.keys()].join(', ')}.`, true);
  }
  let args: unknown;
  try {
    args = call.arguments.trim() === '' ? {} : JSON.parse(call.arguments);
  } catch (err) {
    return report(`The arguments of ${call.name} are not valid JSON (${(err as Error).message}). Send them again as a JSON object.`, true);
  }
  const problems = validateArguments(args, tool.parameters);
  if (problems.length > 0) {
    return report(`Invalid arguments for ${call.name}: ${problems.join('; ')}.`, true);
  }
  const record = args as Record<string, unknown>;
  await onEvent({ type: 'tool_start', callId: call.callId, name: call.name, args: record });
  const limitMs = tool.timeLimitMs?.(record) ?? DEFAULT_TOOL_TIME_LIMIT_MS;
  // Progress after the call ended (a tool still winding down after Stop) would arrive after its result: dropped.
  let settled = false;
  const progress = (p: ToolProgress) => (settled ? undefined : onEvent({ type: 'tool_progress', callId: call.callId, name: call.name, progress: p }));
  const run = runWithin(limitMs, { ...context, progress }, (callContext) => tool.run(record, callContext));
  try {
    const result = await run;
    settled = true;
    return report(result.output, Boolean(result.isError), result.detail);
  } catch (err) {
    settled = true;
    if (err instanceof ToolStopped) return report(err.message, true);
    return report(toErrorInfo(err, 'tool').message, true);
  }
}

class ToolStopped extends Error {}

/**
 * Runs a tool with its own abort signal, ended by Stop or by the time limit, and returns as soon as either happens
 * even if the tool does not notice. Time the tool spends waiting for the user (an approval, an edit review) is not
 * counted against the limit.
 */
async function runWithin<T>(limitMs: number, context: ToolContext, work: (context: ToolContext) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let remaining = limitMs;
  let startedAt = Date.now();
  let waiting = 0;
  let rejectStop: (err: Error) => void = () => undefined;
  const stopped = new Promise<never>((_, reject) => (rejectStop = reject));
  const expire = () => {
    controller.abort();
    rejectStop(new ToolStopped(`The tool took longer than ${Math.round(limitMs / 1000)} s and was stopped; nothing more of it ran. Try a narrower request.`));
  };
  const arm = () => {
    startedAt = Date.now();
    timer = setTimeout(expire, Math.max(0, remaining));
  };
  const pause = () => {
    if (waiting++ === 0 && timer) {
      clearTimeout(timer);
      timer = undefined;
      remaining -= Date.now() - startedAt;
    }
  };
  const resume = () => {
    if (--waiting === 0 && !controller.signal.aborted) arm();
  };
  const whileWaiting = async <R>(wait: () => Promise<R>): Promise<R> => {
    pause();
    try {
      return await wait();
    } finally {
      resume();
    }
  };
  const onStop = () => {
    controller.abort();
    // A parent that stops for a reason of its own (a subagent's time limit) says so; a plain abort is the user's Stop.
    const reason = context.signal?.reason;
    const why = reason instanceof Error && reason.name !== 'AbortError' ? reason.message : undefined;
    rejectStop(new ToolStopped(why ? `Stopped before the tool finished: ${why}.` : 'Stopped by the user before the tool finished.'));
  };
  if (context.signal?.aborted) onStop();
  context.signal?.addEventListener('abort', onStop, { once: true });
  arm();
  const callContext: ToolContext = {
    ...context,
    signal: controller.signal,
    reviewer: { review: (changes, review) => whileWaiting(() => context.reviewer.review(changes, { ...review, signal: controller.signal })) },
    trust: context.trust.wrapApprover((approver) => ({ ask: (request, signal) => whileWaiting(() => approver.ask(request, signal)) })),
  };
  const running = work(callContext);
  // A tool that ends after it was stopped must not surface as an unhandled rejection.
  running.catch(() => undefined);
  try {
    return await Promise.race([running, stopped]);
  } finally {
    if (timer) clearTimeout(timer);
    context.signal?.removeEventListener('abort', onStop);
  }
}
