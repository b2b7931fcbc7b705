import { boundedFetch } from './boundedFetch';
import { randomUUID } from 'node:crypto';
import { MiniCoderError, toErrorInfo, type ErrorInfo } from '../errors';
import type { ModelEvent, ModelProvider, ModelRequest } from '../model/types';
import {
  DEFAULT_BASE_URL,
  DEFAULT_MODEL,
  DEFAULT_STREAM_IDLE_TIMEOUT_MS,
  defaultRetryPolicy,
  sdkPollSchedule,
  type PollSchedule,
  type RunwareConfig,
  type ToolMode,
} from './runware/config';
import { cancelledError, errorEntryOf, runwareError } from './runware/errors';
import { sseData } from './runware/sse';
import { planTask, type TaskPlan } from './runware/task';
import { postTasks, readJson, sleep, type Endpoint } from './runware/transport';
import { TurnReader } from './runware/turn';
import { isRecord, type Json } from './runware/json';

export type { PollSchedule, RetryPolicy, RunwareConfig, ToolMode } from './runware/config';
export { sdkPollSchedule, defaultRetryPolicy } from './runware/config';

/** One task's result items, sorted: finished answers, failed results, and how many are still running. */
interface TaskItems {
  done: Json[];
  failed: Json[];
  pending: number;
}

/** A failed result item, in either form: `{status: "error", error: {code, message}}` or flat `code`/`message`. */
function isFailed(item: Json): boolean {
  return item.status === 'error' || item.status === 'failed' || errorEntryOf(item) !== undefined;
}

/** Items that hold a finished answer: async items say `status: success`; sync items have no status but an answer. */
function isDone(item: Json): boolean {
  return item.status === 'success' || (item.status === undefined && ('text' in item || 'finishReason' in item || 'choices' in item));
}

/** The `data` items of a Runware answer for one task; an `errors`/`error` body throws, failed items are kept apart. */
function itemsOf(body: unknown, taskUUID: string): TaskItems {
  if (errorEntryOf(body)) throw new MiniCoderError(runwareError(body, undefined, 'server'));
  const data = isRecord(body) && Array.isArray(body.data) ? body.data.filter(isRecord) : undefined;
  if (!data) throw new MiniCoderError({ kind: 'protocol', message: 'Runware answered without a `data` array.' });
  const mine = data.filter((item) => item.taskUUID === undefined || item.taskUUID === taskUUID);
  const failed = mine.filter(isFailed);
  const done = mine.filter((item) => !isFailed(item) && isDone(item));
  return { done, failed, pending: mine.length - done.length - failed.length };
}

/** Every result has an outcome, or some failed and nothing is still running (Runware may report one error for all). */
function settled(items: TaskItems, numberResults: number): boolean {
  return items.done.length + items.failed.length >= numberResults || (items.failed.length > 0 && items.pending === 0);
}

/** Good results are kept when others failed; the failures are said, and only a task with no good result fails. */
function* outcome(items: TaskItems, reader: TurnReader, taskUUID: string, numberResults: number): Generator<ModelEvent> {
  if (items.done.length === 0) {
    if (items.failed.length > 0) throw new MiniCoderError(runwareError(items.failed[0], undefined, 'server'));
    throw new MiniCoderError({ kind: 'protocol', message: `Runware's answer for task ${taskUUID} holds no result.` });
  }
  if (items.failed.length > 0) {
    const reason = runwareError(items.failed[0], undefined, 'server').message;
    const total = Math.max(numberResults, items.done.length + items.failed.length);
    yield { type: 'notice', message: `${items.failed.length} of ${total} Runware results failed (${reason}) The ${items.done.length} that succeeded are shown.` };
  }
  yield* reader.results(items.done);
  yield* reader.finish(taskUUID);
}

/** A ModelProvider for Runware's task API (`textInference`): sync, async (polled) and stream deliveries. */
export class RunwareProvider implements ModelProvider {
  readonly id = 'runware';
  private readonly endpoint: Endpoint;
  private readonly model: string;
  private readonly toolMode: ToolMode;
  private readonly poll: PollSchedule;
  private readonly idleMs: number;

  constructor(private readonly config: RunwareConfig) {
    this.endpoint = {
      url: (config.baseURL ?? DEFAULT_BASE_URL).replace(/\/+$/, ''),
      apiKey: config.apiKey,
      fetch: boundedFetch(config.fetch ?? ((url, init) => fetch(url, init))),
      retry: config.retry ?? defaultRetryPolicy,
    };
    this.model = config.model ?? DEFAULT_MODEL;
    this.toolMode = config.toolMode ?? 'text';
    this.poll = config.pollSchedule ?? sdkPollSchedule;
    this.idleMs = config.streamIdleTimeoutMs ?? DEFAULT_STREAM_IDLE_TIMEOUT_MS;
  }

  async *stream(request: ModelRequest, signal?: AbortSignal): AsyncIterable<ModelEvent> {
    try {
      if (!this.config.apiKey) throw new MiniCoderError({ kind: 'auth', message: 'No Runware API key is set. Add one in the settings.' });
      const plan = planTask(request, { model: this.model, toolMode: this.toolMode, delivery: this.config.delivery });
      const reader = new TurnReader(plan.numberResults, plan.toolsInText, () => `call_${randomUUID().replace(/-/g, '').slice(0, 16)}`);
      if (plan.delivery === 'stream') yield* this.streamed(plan, reader, signal);
      else if (plan.delivery === 'async') yield* this.polled(plan, reader, signal);
      else yield* this.synchronous(plan, reader, signal);
    } catch (err) {
      yield { type: 'error', error: signal?.aborted ? cancelledError : this.withoutKey(toErrorInfo(err, 'unknown')) };
    }
  }

  /** Runware keys have no recognisable prefix, so the configured key itself is scrubbed from every message. */
  private withoutKey(info: ErrorInfo): ErrorInfo {
    const key = this.config.apiKey;
    return key.length >= 4 ? { ...info, message: info.message.split(key).join('[redacted]') } : info;
  }

  /** Sends the task, retrying refusals; each attempt gets a fresh taskUUID (a refused UUID may count as used). */
  private async submit(plan: TaskPlan, signal?: AbortSignal): Promise<{ response: Response; taskUUID: string }> {
    let taskUUID = '';
    const response = await postTasks(
      this.endpoint,
      () => {
        const next = plan.withUuid();
        taskUUID = next.taskUUID;
        return [next.task];
      },
      signal,
    );
    return { response, taskUUID };
  }

  private async *synchronous(plan: TaskPlan, reader: TurnReader, signal?: AbortSignal): AsyncGenerator<ModelEvent> {
    const { response, taskUUID } = await this.submit(plan, signal);
    yield* outcome(itemsOf(await readJson(response, signal), taskUUID), reader, taskUUID, plan.numberResults);
  }

  private async *polled(plan: TaskPlan, reader: TurnReader, signal?: AbortSignal): AsyncGenerator<ModelEvent> {
    const { response, taskUUID } = await this.submit(plan, signal);
    let items = itemsOf(await readJson(response, signal), taskUUID);
    const started = Date.now();
    for (let attempt = 0; !settled(items, plan.numberResults); attempt++) {
      const delay = this.poll.delayMs(attempt);
      if (Date.now() - started + delay > this.poll.maxWaitMs) {
        throw new MiniCoderError({
          kind: 'timeout',
          message: `Runware task ${taskUUID} did not finish within ${Math.round(this.poll.maxWaitMs / 1000)} s; stopped polling (it may still finish and be billed).`,
        });
      }
      await sleep(delay, signal);
      const answer = await postTasks(this.endpoint, () => [{ taskType: 'getResponse', taskUUID }], signal);
      items = itemsOf(await readJson(answer, signal), taskUUID);
    }
    yield* outcome(items, reader, taskUUID, plan.numberResults);
  }

  private async *streamed(plan: TaskPlan, reader: TurnReader, signal?: AbortSignal): AsyncGenerator<ModelEvent> {
    const { response, taskUUID } = await this.submit(plan, signal);
    // From here on the task is running and billed: nothing below ever sends it again.
    if (!(response.headers.get('content-type') ?? '').includes('text/event-stream') || !response.body) {
      yield* outcome(itemsOf(await readJson(response, signal), taskUUID), reader, taskUUID, plan.numberResults);
      return;
    }
    let done = false;
    for await (const data of sseData(response.body, signal, this.idleMs)) {
      if (data.trim() === '[DONE]') {
        done = true;
        break;
      }
      let frame: unknown;
      try {
        frame = JSON.parse(data);
      } catch {
        throw new MiniCoderError({ kind: 'protocol', message: `Runware sent a stream frame that is not JSON: ${data.slice(0, 120)}` });
      }
      if (errorEntryOf(frame)) throw new MiniCoderError(runwareError(frame, undefined, 'server'));
      const frames = isRecord(frame) && Array.isArray(frame.data) ? frame.data.filter(isRecord) : [frame].filter(isRecord);
      for (const f of frames) {
        // Frames read in one chunk are not shown once the user has cancelled.
        if (signal?.aborted) throw new MiniCoderError(cancelledError);
        yield* reader.frame(f);
      }
    }
    if (!done && !reader.sawFinal) {
      throw new MiniCoderError({
        kind: 'network',
        message: 'The Runware stream ended before the answer was complete (connection dropped). The task was not resent because it is billed.',
      });
    }
    yield* reader.finish(taskUUID);
  }
}

/** Creates the Runware provider; see RunwareConfig for the options. */
export function createRunwareProvider(config: RunwareConfig): ModelProvider {
  return new RunwareProvider(config);
}
