import { randomUUID } from 'node:crypto';
import { MiniCoderError } from '../../errors';
import type { ModelOptions, ModelRequest } from '../../model/types';
import type { ToolMode } from './config';
import { toRunwareConversation } from './messages';
import { nativeToolFields } from './nativeTools';
import { describeTools } from './textTools';

export type Delivery = 'sync' | 'async' | 'stream';

/** A request turned into a Runware task, ready to be sent as often as retries need (a fresh UUID each time). */
export interface TaskPlan {
  delivery: Delivery;
  numberResults: number;
  /** True when tools were described in the system prompt and calls must be cut out of the text. */
  toolsInText: boolean;
  withUuid(): { taskUUID: string; task: Record<string, unknown> };
}

function refuse(message: string): never {
  throw new MiniCoderError({ kind: 'bad_request', message });
}

function checkNumber(name: string, value: number | undefined, min: number, max: number, integer: boolean): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    refuse(`Runware option ${name} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}; got ${String(value)}.`);
  }
}

function settingsOf(options: ModelOptions, systemPrompt: string): Record<string, unknown> {
  checkNumber('temperature', options.temperature, 0, 2, false);
  checkNumber('topP', options.topP, 0, 1, false);
  checkNumber('maxOutputTokens', options.maxOutputTokens, 1, 128_000, true);
  const settings: Record<string, unknown> = {};
  if (systemPrompt) settings.systemPrompt = systemPrompt;
  if (options.temperature !== undefined) settings.temperature = options.temperature;
  if (options.topP !== undefined) settings.topP = options.topP;
  if (options.maxOutputTokens !== undefined) settings.maxTokens = options.maxOutputTokens;
  // Runware calls reasoning effort `thinkingLevel`; an explicit thinkingLevel wins.
  const thinkingLevel = options.thinkingLevel ?? options.reasoningEffort;
  if (thinkingLevel !== undefined) settings.thinkingLevel = thinkingLevel;
  return settings;
}

/** Runware ids look like `openai:gpt@5.4-mini`; a bare Responses-style name (`gpt-5.4-mini`) means the configured model. */
function modelOf(requested: string, configured: string): string {
  return requested.includes(':') ? requested : configured;
}

/** Maps a ModelRequest to a `textInference` task; refuses (bad_request) what Runware would refuse, before sending. */
export function planTask(request: ModelRequest, config: { model: string; toolMode: ToolMode; delivery?: Delivery }): TaskPlan {
  const options = request.options ?? {};
  const delivery: Delivery = options.delivery ?? config.delivery ?? 'stream';
  if (!['sync', 'async', 'stream'].includes(delivery)) refuse(`Runware delivery must be sync, async or stream; got ${String(delivery)}.`);
  checkNumber('numberResults', options.numberResults, 1, 4, true);
  const numberResults = options.numberResults ?? 1;
  if (delivery === 'stream' && numberResults > 1) {
    refuse(`Runware streams one result only: numberResults ${numberResults} needs delivery sync or async.`);
  }
  if (options.seed !== undefined && (!Number.isSafeInteger(options.seed) || options.seed < 0)) {
    refuse(`Runware option seed must be a whole number of 0 or more; got ${String(options.seed)}.`);
  }
  const tools = request.toolChoice === 'none' ? [] : (request.tools ?? []);
  const conversation = toRunwareConversation(request.input);
  if (conversation.messages.length === 0) refuse('There is nothing to send: the conversation has no message.');

  const toolsInText = tools.length > 0 && config.toolMode === 'text';
  const prompt = [request.instructions ?? '', toolsInText ? describeTools(tools, request.toolChoice) : '', options.textFormat === 'json_object' ? 'Answer with one JSON object and nothing else.' : '']
    .filter(Boolean)
    .join('\n\n');
  const settings = settingsOf(options, prompt);

  const base: Record<string, unknown> = {
    taskType: 'textInference',
    model: modelOf(request.model, config.model),
    deliveryMethod: delivery,
    includeCost: options.includeCost ?? true,
    // Runware's own default is false; the engine budgets context from usage, so ask for it.
    includeUsage: options.includeUsage ?? true,
    messages: conversation.messages,
  };
  if (options.numberResults !== undefined) base.numberResults = numberResults;
  if (options.seed !== undefined) base.seed = options.seed;
  if (Object.keys(settings).length > 0) base.settings = settings;
  if (conversation.images.length > 0) base.inputs = { images: conversation.images };
  if (tools.length > 0 && config.toolMode === 'native') Object.assign(base, nativeToolFields(tools, request.toolChoice));

  return {
    delivery,
    numberResults,
    toolsInText,
    withUuid() {
      const taskUUID = randomUUID();
      return { taskUUID, task: { ...base, taskUUID } };
    },
  };
}
