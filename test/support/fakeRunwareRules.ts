/*
 * What the fake Runware server refuses, the way the real service refuses a malformed task: HTTP 400
 * with `errors: [{code, message, parameter, taskType, taskUUID}]` naming the first bad parameter.
 */

export interface RunwareRefusal {
  code: string;
  message: string;
  parameter?: string;
  taskType?: string;
  taskUUID?: string;
}

type Json = Record<string, unknown>;

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const TASK_TYPES = ['textInference', 'getResponse', 'ping', 'authentication'];
const ROOT_KEYS = ['taskType', 'taskUUID', 'model', 'deliveryMethod', 'includeCost', 'includeUsage', 'numberResults', 'seed', 'messages', 'settings', 'inputs', 'tools', 'toolChoice', 'webhookURL'];
const SETTINGS_KEYS = ['systemPrompt', 'temperature', 'topP', 'maxTokens', 'thinkingLevel', 'cache', 'topK', 'stopSequences', 'presencePenalty', 'frequencyPenalty'];
/** `any`: at least one tool; `tool`: the one named. Older names (`required`, `specific`) are refused. */
const TOOL_CHOICES = ['auto', 'any', 'tool', 'none'];
/** Runware's generic list since April 2026 (legacy `off`/`minimal` are refused here, as a strict schema would). */
const THINKING_LEVELS = ['none', 'low', 'medium', 'high'];
const CACHE_SCOPES = ['system', 'system+history'];
const CACHE_TTLS = ['5m', '1h'];
const MAX_SEED = 9_223_372_036_854_775_807n;
/** Runware model ids are AIR ids: provider:model@version. */
const AIR = /^[a-z0-9_-]+:[A-Za-z0-9._-]+@[A-Za-z0-9._-]+$/;
const IMAGE = /^(data:image\/[a-z0-9.+-]+;base64,[A-Za-z0-9+/=]+|https?:\/\/\S+)$/;

class Refused extends Error {
  constructor(readonly parameter: string, message: string, readonly code = 'invalidParameter') {
    super(message);
  }
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function number(value: unknown, name: string, min: number, max: number, integer = false): void {
  if (value === undefined) return;
  // A bigint here is an integer literal too large for any of these fields.
  if (typeof value !== 'number' || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new Refused(name, `Invalid value for ${name}: must be ${integer ? 'an integer' : 'a number'} between ${min} and ${max}.`);
  }
}

function onlyKeys(value: Json, allowed: string[], where: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw new Refused(where ? `${where}.${key}` : key, `Unsupported parameter ${where ? `${where}.` : ''}${key}.`, 'unsupportedParameter');
  }
}

function oneOf(value: unknown, name: string, allowed: string[]): void {
  if (typeof value !== 'string' || !allowed.includes(value)) throw new Refused(name, `Invalid value for ${name}: must be one of ${allowed.join(', ')}.`, 'invalidEnum');
}

function checkSettings(settings: unknown): void {
  if (settings === undefined) return;
  if (!isRecord(settings)) throw new Refused('settings', 'settings must be an object.');
  if ('tools' in settings || 'toolChoice' in settings) throw new Refused('settings.tools', 'tools and toolChoice belong at the root of the task, not in settings.', 'unsupportedParameter');
  onlyKeys(settings, SETTINGS_KEYS, 'settings');
  if (settings.systemPrompt !== undefined && (typeof settings.systemPrompt !== 'string' || !settings.systemPrompt)) throw new Refused('settings.systemPrompt', 'settings.systemPrompt must be a non-empty string.');
  number(settings.temperature, 'settings.temperature', 0, 2);
  number(settings.topP, 'settings.topP', 0, 1);
  number(settings.maxTokens, 'settings.maxTokens', 1, 128_000, true);
  number(settings.topK, 'settings.topK', 1, 1000, true);
  number(settings.presencePenalty, 'settings.presencePenalty', -2, 2);
  number(settings.frequencyPenalty, 'settings.frequencyPenalty', -2, 2);
  if (settings.thinkingLevel !== undefined) oneOf(settings.thinkingLevel, 'settings.thinkingLevel', THINKING_LEVELS);
  if (settings.cache !== undefined) {
    if (!isRecord(settings.cache)) throw new Refused('settings.cache', 'settings.cache must be an object {scope, ttl}.');
    onlyKeys(settings.cache, ['scope', 'ttl'], 'settings.cache');
    oneOf(settings.cache.scope, 'settings.cache.scope', CACHE_SCOPES);
    if (settings.cache.ttl !== undefined) oneOf(settings.cache.ttl, 'settings.cache.ttl', CACHE_TTLS);
  }
  if (settings.stopSequences !== undefined && (!Array.isArray(settings.stopSequences) || settings.stopSequences.some((x) => typeof x !== 'string'))) {
    throw new Refused('settings.stopSequences', 'settings.stopSequences must be an array of strings.');
  }
}

function nonEmptyText(value: unknown, name: string): void {
  if (typeof value !== 'string' || !value) throw new Refused(name, `${name} must be a non-empty string.`);
}

/** user and assistant text, assistant tool calls `{id, name, input}`, tool results `{role: "tool", id, content}`. */
function checkMessages(messages: unknown): void {
  if (!Array.isArray(messages) || messages.length === 0) throw new Refused('messages', 'messages must be a non-empty array.');
  const callIds = new Set<string>();
  messages.forEach((m, i) => {
    const at = `messages[${i}]`;
    if (!isRecord(m)) throw new Refused(at, 'Each message must be an object.');
    if (m.role === 'user') {
      onlyKeys(m, ['role', 'content'], at);
      nonEmptyText(m.content, `${at}.content`);
    } else if (m.role === 'assistant') {
      onlyKeys(m, ['role', 'content', 'tools'], at);
      if (m.content !== undefined) nonEmptyText(m.content, `${at}.content`);
      if (m.tools === undefined && m.content === undefined) throw new Refused(`${at}.content`, 'An assistant message needs content or tools.');
      if (m.tools !== undefined) {
        if (!Array.isArray(m.tools) || m.tools.length === 0) throw new Refused(`${at}.tools`, 'tools must be a non-empty array of {id, name, input}.');
        m.tools.forEach((call, j) => {
          const where = `${at}.tools[${j}]`;
          if (!isRecord(call)) throw new Refused(where, 'Each tool call must be an object.');
          onlyKeys(call, ['id', 'name', 'input'], where);
          nonEmptyText(call.id, `${where}.id`);
          nonEmptyText(call.name, `${where}.name`);
          if (!isRecord(call.input)) throw new Refused(`${where}.input`, 'A tool call input must be an object.');
          callIds.add(call.id as string);
        });
      }
    } else if (m.role === 'tool') {
      onlyKeys(m, ['role', 'id', 'content'], at);
      nonEmptyText(m.id, `${at}.id`);
      if (!callIds.has(m.id as string)) throw new Refused(`${at}.id`, 'A tool message must answer a call made in an earlier assistant message.');
      if (typeof m.content !== 'string') throw new Refused(`${at}.content`, 'Tool message content must be a string.');
    } else throw new Refused(`${at}.role`, `Invalid role ${String(m.role)}: use user, assistant or tool.`);
  });
  if ((messages[messages.length - 1] as Json).role !== 'user') throw new Refused('messages', 'The last message must have role user.');
}

function checkTools(task: Json): void {
  if (task.tools !== undefined) {
    if (!Array.isArray(task.tools) || task.tools.length === 0) throw new Refused('tools', 'tools must be a non-empty array.');
    task.tools.forEach((t, i) => {
      if (!isRecord(t)) throw new Refused(`tools[${i}]`, 'Each tool must be an object.');
      if ('parameters' in t) throw new Refused(`tools[${i}].parameters`, 'Tools take their JSON Schema in `schema`, not `parameters`.', 'unsupportedParameter');
      onlyKeys(t, ['type', 'name', 'description', 'schema'], `tools[${i}]`);
      if (t.type !== 'function') throw new Refused(`tools[${i}].type`, 'A tool must have type "function".');
      if (typeof t.name !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(t.name)) throw new Refused(`tools[${i}].name`, 'Tool names are 1-64 letters, digits, _ or -.');
      if (typeof t.description !== 'string') throw new Refused(`tools[${i}].description`, 'Tool description must be a string.');
      if (!isRecord(t.schema)) throw new Refused(`tools[${i}].schema`, 'Tool schema must be a JSON Schema object.');
    });
  }
  if (task.toolChoice !== undefined) {
    const choice = task.toolChoice;
    if (task.tools === undefined) throw new Refused('toolChoice', 'toolChoice needs tools.');
    if (!isRecord(choice)) throw new Refused('toolChoice', 'toolChoice must be an object {type, name?}.');
    onlyKeys(choice, ['type', 'name'], 'toolChoice');
    oneOf(choice.type, 'toolChoice.type', TOOL_CHOICES);
    if (choice.type === 'tool') {
      const names = Array.isArray(task.tools) ? task.tools.map((t) => (t as Json).name) : [];
      if (!names.includes(choice.name)) throw new Refused('toolChoice.name', 'toolChoice type tool must name one of the tools.');
    } else if (choice.name !== undefined) throw new Refused('toolChoice.name', 'toolChoice.name goes with type tool only.');
  }
}

function checkSeed(seed: unknown): void {
  if (seed === undefined) return;
  const ok = typeof seed === 'bigint' ? seed >= 0n && seed <= MAX_SEED : typeof seed === 'number' && Number.isSafeInteger(seed) && seed >= 0;
  if (!ok) throw new Refused('seed', `Invalid value for seed: must be an integer between 0 and ${MAX_SEED}.`);
}

function checkInference(task: Json): void {
  onlyKeys(task, ROOT_KEYS, '');
  if (typeof task.model !== 'string' || !task.model) throw new Refused('model', 'model is required.', 'missingParameter');
  if (!AIR.test(task.model)) throw new Refused('model', `Invalid model identifier ${task.model}: use an AIR id such as openai:gpt@5.4-mini.`, 'invalidModel');
  if (task.deliveryMethod !== undefined && !['sync', 'async', 'stream'].includes(String(task.deliveryMethod))) throw new Refused('deliveryMethod', 'deliveryMethod must be sync, async or stream.');
  for (const flag of ['includeCost', 'includeUsage']) {
    if (task[flag] !== undefined && typeof task[flag] !== 'boolean') throw new Refused(flag, `${flag} must be a boolean.`);
  }
  number(task.numberResults, 'numberResults', 1, 4, true);
  if (task.deliveryMethod === 'stream' && typeof task.numberResults === 'number' && task.numberResults > 1) throw new Refused('numberResults', 'Streaming supports numberResults 1 only.');
  checkSeed(task.seed);
  checkMessages(task.messages);
  checkSettings(task.settings);
  if (task.inputs !== undefined) {
    if (!isRecord(task.inputs)) throw new Refused('inputs', 'inputs must be an object.');
    onlyKeys(task.inputs, ['images'], 'inputs');
    const images = task.inputs.images;
    if (!Array.isArray(images) || images.some((img) => typeof img !== 'string' || !IMAGE.test(img))) throw new Refused('inputs.images', 'inputs.images must be data URIs or URLs.');
  }
  checkTools(task);
}

/** The reason a request body would be refused, or undefined when every task is well formed. */
export function refusalOf(body: unknown, usedUUIDs: Set<string>): RunwareRefusal | undefined {
  if (!Array.isArray(body) || body.length === 0) return { code: 'invalidPayload', message: 'The request body must be a non-empty JSON array of tasks.' };
  for (const task of body) {
    const taskType = isRecord(task) ? String(task.taskType) : undefined;
    const taskUUID = isRecord(task) && typeof task.taskUUID === 'string' ? task.taskUUID : undefined;
    try {
      if (!isRecord(task)) throw new Refused('task', 'Each task must be an object.');
      if (!TASK_TYPES.includes(String(task.taskType))) throw new Refused('taskType', `Unknown taskType ${String(task.taskType)}.`);
      if (typeof task.taskUUID !== 'string' || !UUID_V4.test(task.taskUUID)) throw new Refused('taskUUID', 'taskUUID must be a UUID v4.');
      if (task.taskType === 'textInference') {
        if (usedUUIDs.has(task.taskUUID)) throw new Refused('taskUUID', 'This taskUUID was already used; send a new one per task.', 'duplicateTaskUUID');
        checkInference(task);
      }
      if (task.taskType === 'getResponse') onlyKeys(task, ['taskType', 'taskUUID'], '');
    } catch (err) {
      if (!(err instanceof Refused)) throw err;
      return { code: err.code, message: err.message, parameter: err.parameter, taskType, taskUUID };
    }
  }
  return undefined;
}
