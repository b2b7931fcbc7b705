// One subagent: a fresh agent loop on the same engine with its own context (its task and nothing of the parent's
// conversation), read-only tools and a budget of model calls, tokens and time. Past a budget it gets one call
// without tools to write its report from what it found; Stop ends it at once. It never throws: a failure is an
// outcome with what it had.
import { runAgentTurn, type AgentConfig, type AgentEvent, type TurnResult } from '../agent/agentTurn';
import { addUsage, emptyUsage } from '../agent/usage';
import { toErrorInfo, type ErrorInfo } from '../errors';
import type { ConversationItem, ModelEvent, ModelProvider, Usage } from '../model/types';
import type { ToolContext } from '../tools/tool';
import { wrapUpRequest } from './instructions';
import { boundReport, describeActivity, statusWords } from './report';
import { REPORT_MAX_CHARS, wrapUpTimeMs, type SubagentSettings } from './settings';
import type { SubagentOutcome, SubagentStatus, SubagentUpdate } from './types';

export interface SubagentRun {
  id: string;
  task: string;
  /** The subagent's own agent: read-only tools, its instructions, lower effort, `maxSteps` from the settings. */
  config: AgentConfig;
  /** Its tools' context: the parent's workspace and trust policy, with no one to ask. */
  context: Omit<ToolContext, 'signal' | 'progress'>;
  settings: SubagentSettings;
  /** The parent's Stop. */
  signal?: AbortSignal;
  /** Receives the subagent's updates; `usage` is what a model call just spent. */
  emit: (update: SubagentUpdate, usage?: Usage) => void | Promise<void>;
  now?: () => number;
}

type Limit = { status: 'token_limit' | 'time_limit' | 'step_limit'; why: string };

/** Runs one delegated task to its bounded report. */
export async function runSubagent(run: SubagentRun): Promise<SubagentOutcome> {
  const now = run.now ?? Date.now;
  const started = now();
  const { settings } = run;
  let usage = emptyUsage();
  let steps = 0;
  const activity: string[] = [];
  let limit: Limit | undefined;
  const outcome = (status: SubagentStatus, text: string, error?: ErrorInfo): SubagentOutcome => {
    const report = boundReport(text.trim() || `No report: the subagent ${statusWords(status)} before writing one.`, REPORT_MAX_CHARS);
    return { status, report: report.text, reportCut: report.cut, usage, steps, elapsedMs: now() - started, activity, ...(error ? { error } : {}) };
  };
  const finish = async (result: SubagentOutcome) => {
    await Promise.resolve(run.emit({ type: 'end', id: run.id, outcome: result })).catch(() => undefined);
    return result;
  };
  if (run.signal?.aborted) return finish(outcome('cancelled', ''));

  const sink = async (event: AgentEvent) => {
    let spent: Usage | undefined;
    if (event.type === 'model' && event.event.type === 'usage') {
      spent = event.event.usage;
      usage = addUsage(usage, spent);
    }
    if (event.type === 'step_start') steps++;
    if (event.type === 'tool_start') activity.push(describeActivity(event.name, event.args));
    await run.emit({ type: 'event', id: run.id, event }, spent);
  };
  // The token budget is checked before each model call: usage is known only once a call ends.
  const budgeted: ModelProvider = {
    id: run.config.provider.id,
    stream: (request, signal) => {
      if (usage.inputTokens + usage.outputTokens < settings.maxTokens) return run.config.provider.stream(request, signal);
      limit ??= { status: 'token_limit', why: `your budget of ${settings.maxTokens.toLocaleString('en-US')} tokens is used up` };
      steps--; // the loop counted a step for a call that never went out
      return refused(limit.why);
    },
  };

  let result: TurnResult;
  try {
    result = await within(settings.timeLimitMs, run.signal, () => {
      limit ??= { status: 'time_limit', why: `your time limit of ${Math.round(settings.timeLimitMs / 1000)} s is up` };
    }, (signal) => runAgentTurn([task(run.task)], { ...run.config, provider: budgeted }, run.context, sink, signal));
  } catch (err) {
    return finish(outcome('error', '', toErrorInfo(err, 'tool')));
  }
  if (run.signal?.aborted) return finish(outcome('cancelled', result.text));
  if (!limit && result.status === 'step_limit') limit = { status: 'step_limit', why: `you made ${settings.maxSteps} model calls, your limit` };
  if (!limit) return finish(outcome(plainStatus(result), result.text, result.error));

  // Past a budget: one more call, without tools and on a short clock, to turn what it found into a report.
  let closing: TurnResult | undefined;
  try {
    const input = [task(run.task), ...result.items, { type: 'message', role: 'user', content: wrapUpRequest(limit.why) } satisfies ConversationItem];
    closing = await within(wrapUpTimeMs(settings), run.signal, () => undefined, (signal) =>
      runAgentTurn(input, { ...run.config, toolChoice: 'none', maxSteps: 1 }, run.context, sink, signal),
    );
  } catch {
    closing = undefined;
  }
  const status = run.signal?.aborted ? 'cancelled' : limit.status;
  return finish(outcome(status, closing?.text.trim() ? closing.text : result.text));
}

function task(text: string): ConversationItem {
  return { type: 'message', role: 'user', content: text };
}

function plainStatus(result: TurnResult): SubagentStatus {
  switch (result.status) {
    case 'done':
      return 'done';
    case 'incomplete':
      return 'incomplete';
    case 'cancelled':
      return 'cancelled';
    default:
      return 'error';
  }
}

/** A model call refused before it starts (the budget is spent): the loop ends as if stopped. */
async function* refused(why: string): AsyncIterable<ModelEvent> {
  yield { type: 'error', error: { kind: 'cancelled', message: `Stopped: ${why}.` } };
}

/** Runs `work` with a signal that aborts on the parent's Stop or after `limitMs` (then `onExpire` runs first). */
async function within<T>(limitMs: number, parent: AbortSignal | undefined, onExpire: () => void, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  parent?.addEventListener('abort', stop, { once: true });
  const timer = setTimeout(() => {
    onExpire();
    // The reason reaches a tool that is running, so its result says why it stopped.
    controller.abort(new Error(`the subagent's time limit (${Math.round(limitMs / 1000)} s) was reached`));
  }, limitMs);
  try {
    return await work(controller.signal);
  } finally {
    clearTimeout(timer);
    parent?.removeEventListener('abort', stop);
  }
}
