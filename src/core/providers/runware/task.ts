import { randomUUID } from 'node:crypto';
import { MiniCoderError } from '../../errors';
import type { ModelOptions, ModelRequest } from '../../model/types';
import type { ToolMode } from './config';
import { toRunwareConversation } from './messages';
import { nativeToolFields } from './nativeTools';
import { JSON_OBJECT_INSTRUCTION, modelFor, optionProblems, RUNWARE_DEFAULT_CACHE, RUNWARE_DEFAULT_MAX_TOKENS, sentOptions, thinkingLevelOf } from '../optionRules';
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

function refuse(message: string, param?: string): never {
  throw new MiniCoderError({ kind: 'bad_request', message, ...(param ? { param } : {}) });
}

function settingsOf(options: ModelOptions, systemPrompt: string): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  if (systemPrompt) settings.systemPrompt = systemPrompt;
  if (options.temperature !== undefined) settings.temperature = options.temperature;
  if (options.topP !== undefined) settings.topP = options.topP;
  settings.maxTokens = options.maxOutputTokens ?? RUNWARE_DEFAULT_MAX_TOKENS;
  const thinkingLevel = thinkingLevelOf(options);
  if (thinkingLevel !== undefined) settings.thinkingLevel = thinkingLevel;
  const scope = options.cache ?? RUNWARE_DEFAULT_CACHE.scope;
  if (scope !== 'off') settings.cache = { scope, ttl: options.cacheTtl ?? RUNWARE_DEFAULT_CACHE.ttl };
  return settings;
}

/** Maps a ModelRequest to a `textInference` task; refuses (bad_request) what Runware would refuse, before sending. */
export function planTask(request: ModelRequest, config: { model: string; toolMode: ToolMode; delivery?: Delivery }): TaskPlan {
  const given = request.options ?? {};
  const delivery: Delivery = given.delivery ?? config.delivery ?? 'stream';
  const model = modelFor('runware', request.model || config.model);
  if ('problem' in model) refuse(`Not sent: ${model.problem}`, 'model');
  const problems = optionProblems('runware', { ...given, delivery });
  if (problems.length > 0) refuse(`Not sent: ${problems.map((p) => `Runware option ${p.key} ${p.message}`).join('; ')}.`, problems[0].key);
  const options = sentOptions('runware', model.model, given);
  const numberResults = options.numberResults ?? 1;
  const tools = request.toolChoice === 'none' ? [] : (request.tools ?? []);
  const conversation = toRunwareConversation(request.input, config.toolMode);
  if (conversation.messages.length === 0) refuse('There is nothing to send: the conversation has no message.');

  const toolsInText = tools.length > 0 && config.toolMode === 'text';
  const prompt = [request.instructions ?? '', toolsInText ? describeTools(tools, request.toolChoice) : '', options.textFormat === 'json_object' ? JSON_OBJECT_INSTRUCTION : '']
    .filter(Boolean)
    .join('\n\n');

  const base: Record<string, unknown> = {
    taskType: 'textInference',
    model: model.model,
    deliveryMethod: delivery,
    includeCost: options.includeCost ?? true,
    // Runware's own default is false; the engine budgets context from usage, so ask for it.
    includeUsage: options.includeUsage ?? true,
    messages: conversation.messages,
  };
  if (options.numberResults !== undefined) base.numberResults = numberResults;
  if (options.seed !== undefined) base.seed = options.seed;
  base.settings = settingsOf(options, prompt);
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
