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
const SETTINGS_KEYS = ['systemPrompt', 'temperature', 'topP', 'maxTokens', 'thinkingLevel'];
const TOOL_CHOICES = ['auto', 'required', 'specific', 'none'];
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
  if (typeof value !== 'number' || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new Refused(name, `Invalid value for ${name}: must be ${integer ? 'an integer' : 'a number'} between ${min} and ${max}.`);
  }
}

function onlyKeys(value: Json, allowed: string[], where: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw new Refused(where ? `${where}.${key}` : key, `Unsupported parameter ${where ? `${where}.` : ''}${key}.`, 'unsupportedParameter');
  }
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
  if (settings.thinkingLevel !== undefined && (typeof settings.thinkingLevel !== 'string' || !settings.thinkingLevel)) throw new Refused('settings.thinkingLevel', 'settings.thinkingLevel must be a string.');
}

function checkMessages(messages: unknown): void {
  if (!Array.isArray(messages) || messages.length === 0) throw new Refused('messages', 'messages must be a non-empty array.');
  messages.forEach((m, i) => {
    if (!isRecord(m)) throw new Refused(`messages[${i}]`, 'Each message must be an object.');
    onlyKeys(m, ['role', 'content'], `messages[${i}]`);
    if (m.role !== 'user' && m.role !== 'assistant') throw new Refused(`messages[${i}].role`, `Invalid role ${String(m.role)}: use user or assistant.`);
    if (typeof m.content !== 'string' || !m.content) throw new Refused(`messages[${i}].content`, 'Message content must be a non-empty string.');
  });
  if ((messages[messages.length - 1] as Json).role !== 'user') throw new Refused('messages', 'The last message must have role user.');
}

function checkTools(task: Json): void {
  if (task.tools !== undefined) {
    if (!Array.isArray(task.tools) || task.tools.length === 0) throw new Refused('tools', 'tools must be a non-empty array.');
    task.tools.forEach((t, i) => {
      if (!isRecord(t)) throw new Refused(`tools[${i}]`, 'Each tool must be an object.');
      if ('parameters' in t) throw new Refused(`tools[${i}].parameters`, 'Tools take their JSON Schema in `schema`, not `parameters`.', 'unsupportedParameter');
      onlyKeys(t, ['name', 'description', 'schema'], `tools[${i}]`);
      if (typeof t.name !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(t.name)) throw new Refused(`tools[${i}].name`, 'Tool names are 1-64 letters, digits, _ or -.');
      if (typeof t.description !== 'string') throw new Refused(`tools[${i}].description`, 'Tool description must be a string.');
      if (!isRecord(t.schema)) throw new Refused(`tools[${i}].schema`, 'Tool schema must be a JSON Schema object.');
    });
  }
  if (task.toolChoice !== undefined) {
    const choice = task.toolChoice;
    if (!isRecord(choice) || !TOOL_CHOICES.includes(String(choice.type))) throw new Refused('toolChoice', `toolChoice.type must be one of ${TOOL_CHOICES.join(', ')}.`);
    if (choice.type === 'specific') {
      const names = Array.isArray(task.tools) ? task.tools.map((t) => (t as Json).name) : [];
      if (!names.includes(choice.name)) throw new Refused('toolChoice.name', 'toolChoice specific must name one of the tools.');
    }
  }
}

function checkInference(task: Json): void {
  onlyKeys(task, ROOT_KEYS, '');
  if (typeof task.model !== 'string' || !task.model) throw new Refused('model', 'model is required.', 'missingParameter');
  if (task.deliveryMethod !== undefined && !['sync', 'async', 'stream'].includes(String(task.deliveryMethod))) throw new Refused('deliveryMethod', 'deliveryMethod must be sync, async or stream.');
  for (const flag of ['includeCost', 'includeUsage']) {
    if (task[flag] !== undefined && typeof task[flag] !== 'boolean') throw new Refused(flag, `${flag} must be a boolean.`);
  }
  number(task.numberResults, 'numberResults', 1, 4, true);
  if (task.deliveryMethod === 'stream' && typeof task.numberResults === 'number' && task.numberResults > 1) throw new Refused('numberResults', 'Streaming supports numberResults 1 only.');
  number(task.seed, 'seed', 0, Number.MAX_SAFE_INTEGER, true);
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
