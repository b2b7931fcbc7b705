/*
 * What the fake Responses server refuses, the way the real service (Anyfast, OpenAI) refuses a malformed
 * request: HTTP 400 with `{error: {message, type: "invalid_request_error", param, code}}` naming the first
 * bad field. Enums are Anyfast's documented lists (reasoning.effort has no `minimal`).
 */

export interface ResponsesRefusal {
  message: string;
  param: string;
  code: string;
}

type Json = Record<string, unknown>;

const TOP_LEVEL = [
  'model', 'input', 'instructions', 'stream', 'top_p', 'temperature', 'max_output_tokens', 'text', 'reasoning', 'tools',
  'tool_choice', 'store', 'user', 'include', 'parallel_tool_calls', 'metadata', 'previous_response_id', 'truncation',
];
const EFFORTS = ['none', 'low', 'medium', 'high', 'xhigh'];
const SUMMARIES = ['auto', 'concise', 'detailed'];
const VERBOSITIES = ['low', 'medium', 'high'];
const FORMATS = ['text', 'json_object', 'json_schema'];
const INCLUDES = ['reasoning.encrypted_content', 'message.output_text.logprobs', 'message.input_image.image_url'];
const ROLES = ['user', 'assistant', 'system', 'developer'];
const PHASES = ['commentary', 'final_answer'];
const DETAILS = ['low', 'high', 'auto'];
const IMAGE_URL = /^(data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+|https?:\/\/\S+)$/;

class Refused extends Error {
  constructor(readonly param: string, message: string, readonly code = 'invalid_value') {
    super(message);
  }
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** gpt-5 and o-series models (also as `vendor/…` or Runware's `openai:gpt@5…`) reason and refuse sampling temperature. */
function isReasoningModel(model: string): boolean {
  return /(^|[/:])(gpt-5|o\d)|gpt@5/i.test(model);
}

function oneOf(value: unknown, param: string, allowed: string[]): void {
  if (typeof value !== 'string' || !allowed.includes(value)) {
    throw new Refused(param, `Invalid value: '${String(value)}'. Supported values are: ${allowed.map((a) => `'${a}'`).join(', ')}.`);
  }
}

function numberIn(value: unknown, param: string, min: number, max: number, integer = false): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || (integer && !Number.isInteger(value))) throw new Refused(param, `Invalid type for '${param}': expected ${integer ? 'an integer' : 'a number'}.`, 'invalid_type');
  if (value < min) throw new Refused(param, `Invalid '${param}': ${integer ? 'integer' : 'number'} below minimum value. Expected a value >= ${min}, but got ${value} instead.`, integer ? 'integer_below_min_value' : 'decimal_below_min_value');
  if (value > max) throw new Refused(param, `Invalid '${param}': ${integer ? 'integer' : 'number'} above maximum value. Expected a value <= ${max}, but got ${value} instead.`, integer ? 'integer_above_max_value' : 'decimal_above_max_value');
}

function onlyKeys(value: Json, allowed: string[], where: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw new Refused(where ? `${where}.${key}` : key, `Unknown parameter: '${where ? `${where}.` : ''}${key}'.`, 'unknown_parameter');
  }
}

function text(value: unknown, param: string): void {
  if (typeof value !== 'string') throw new Refused(param, `Invalid type for '${param}': expected a string.`, 'invalid_type');
}

function checkContentPart(part: unknown, param: string, role: string): void {
  if (!isRecord(part)) throw new Refused(param, `Invalid type for '${param}': expected an object.`, 'invalid_type');
  const userParts = ['input_text', 'input_image'];
  const assistantParts = ['output_text', 'refusal'];
  oneOf(part.type, `${param}.type`, role === 'assistant' ? assistantParts : userParts);
  if (part.type === 'input_text' || part.type === 'output_text') text(part.text, `${param}.text`);
  if (part.type === 'refusal') text(part.refusal, `${param}.refusal`);
  if (part.type === 'input_image') {
    if (typeof part.image_url !== 'string' || !IMAGE_URL.test(part.image_url)) throw new Refused(`${param}.image_url`, 'Invalid image_url: expected a URL or a base64 data URL of a PNG, JPEG, GIF or WebP image.');
    if (part.detail !== undefined) oneOf(part.detail, `${param}.detail`, DETAILS);
  }
}

function checkInput(input: unknown, storeOff: boolean): void {
  if (typeof input === 'string') return;
  if (!Array.isArray(input)) throw new Refused('input', "Invalid type for 'input': expected a string or an array of items.", 'invalid_type');
  const calls = new Set<string>();
  input.forEach((item, i) => {
    const param = `input[${i}]`;
    if (!isRecord(item)) throw new Refused(param, `Invalid type for '${param}': expected an object.`, 'invalid_type');
    const type = item.type ?? 'message';
    if (type === 'message') {
      oneOf(item.role, `${param}.role`, ROLES);
      if (item.phase !== undefined) {
        if (item.role !== 'assistant') throw new Refused(`${param}.phase`, "'phase' is only allowed on assistant messages.", 'unknown_parameter');
        oneOf(item.phase, `${param}.phase`, PHASES);
      }
      if (typeof item.content === 'string') return;
      if (!Array.isArray(item.content)) throw new Refused(`${param}.content`, `Invalid type for '${param}.content': expected a string or an array.`, 'invalid_type');
      item.content.forEach((part, j) => checkContentPart(part, `${param}.content[${j}]`, String(item.role)));
    } else if (type === 'function_call') {
      text(item.call_id, `${param}.call_id`);
      text(item.name, `${param}.name`);
      text(item.arguments, `${param}.arguments`);
      calls.add(item.call_id as string);
    } else if (type === 'function_call_output') {
      text(item.call_id, `${param}.call_id`);
      text(item.output, `${param}.output`);
      if (!calls.has(item.call_id as string)) throw new Refused(`${param}.call_id`, `No tool call found for function call output with call_id ${String(item.call_id)}.`);
    } else if (type === 'reasoning') {
      // Without stored responses the service can only take a reasoning item back with its encrypted content.
      if (storeOff && typeof item.encrypted_content !== 'string') {
        throw new Refused(`${param}`, `Item with id '${String(item.id)}' not found. Items are not persisted when \`store\` is set to false. Try again with \`store\` set to true, or remove this item from your input.`, 'invalid_request_error');
      }
    } else {
      throw new Refused(`${param}.type`, `Invalid value: '${String(type)}'.`);
    }
  });
}

function checkTools(body: Json): void {
  const names: string[] = [];
  if (body.tools !== undefined) {
    if (!Array.isArray(body.tools)) throw new Refused('tools', "Invalid type for 'tools': expected an array.", 'invalid_type');
    body.tools.forEach((tool, i) => {
      const param = `tools[${i}]`;
      if (!isRecord(tool)) throw new Refused(param, `Invalid type for '${param}': expected an object.`, 'invalid_type');
      oneOf(tool.type, `${param}.type`, ['function']);
      onlyKeys(tool, ['type', 'name', 'description', 'parameters', 'strict'], param);
      if (typeof tool.name !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(tool.name)) throw new Refused(`${param}.name`, `Invalid '${param}.name': a tool name is 1-64 letters, digits, _ or -.`);
      if (!isRecord(tool.parameters)) throw new Refused(`${param}.parameters`, `Missing required parameter: '${param}.parameters'.`, 'missing_required_parameter');
      names.push(tool.name);
    });
  }
  const choice = body.tool_choice;
  if (choice === undefined) return;
  if (typeof choice === 'string') return oneOf(choice, 'tool_choice', ['auto', 'none', 'required']);
  if (!isRecord(choice) || choice.type !== 'function' || typeof choice.name !== 'string') throw new Refused('tool_choice', "Invalid 'tool_choice': expected auto, none, required or {type: 'function', name}.");
  if (!names.includes(choice.name)) throw new Refused('tool_choice', `Tool choice '${choice.name}' not found in 'tools' parameter.`);
}

/** The reason a `POST /responses` body would be refused, or undefined when it is well formed. */
export function responsesRefusalOf(body: Json): ResponsesRefusal | undefined {
  try {
    onlyKeys(body, TOP_LEVEL, '');
    if (typeof body.model !== 'string' || !body.model) throw new Refused('model', "Missing required parameter: 'model'.", 'missing_required_parameter');
    const reasoningModel = isReasoningModel(body.model);
    if (body.input === undefined) throw new Refused('input', "Missing required parameter: 'input'.", 'missing_required_parameter');
    checkInput(body.input, body.store !== true);
    if (body.instructions !== undefined) text(body.instructions, 'instructions');
    if (body.stream !== undefined && typeof body.stream !== 'boolean') throw new Refused('stream', "Invalid type for 'stream': expected a boolean.", 'invalid_type');
    numberIn(body.top_p, 'top_p', 0, 1);
    if (body.temperature !== undefined && reasoningModel) {
      throw new Refused('temperature', "Unsupported parameter: 'temperature' is not supported with this model.", 'unsupported_parameter');
    }
    numberIn(body.temperature, 'temperature', 0, 2);
    numberIn(body.max_output_tokens, 'max_output_tokens', 16, 128_000, true);
    if (body.text !== undefined) {
      if (!isRecord(body.text)) throw new Refused('text', "Invalid type for 'text': expected an object.", 'invalid_type');
      onlyKeys(body.text, ['format', 'verbosity'], 'text');
      if (body.text.format !== undefined) {
        if (!isRecord(body.text.format)) throw new Refused('text.format', "Invalid type for 'text.format': expected an object.", 'invalid_type');
        oneOf(body.text.format.type, 'text.format.type', FORMATS);
        if (body.text.format.type === 'json_object' && !/json/i.test(JSON.stringify(body.input) + String(body.instructions ?? ''))) {
          throw new Refused('input', "Response input messages must contain the word 'json' in some form to use 'text.format' of type 'json_object'.");
        }
      }
      if (body.text.verbosity !== undefined) {
        if (!/gpt-5|gpt@5/i.test(body.model)) throw new Refused('text.verbosity', "Unsupported parameter: 'text.verbosity' is not supported with this model.", 'unsupported_parameter');
        oneOf(body.text.verbosity, 'text.verbosity', VERBOSITIES);
      }
    }
    if (body.reasoning !== undefined) {
      if (!isRecord(body.reasoning)) throw new Refused('reasoning', "Invalid type for 'reasoning': expected an object.", 'invalid_type');
      if (!reasoningModel) throw new Refused('reasoning.effort', "Unsupported parameter: 'reasoning.effort' is not supported with this model.", 'unsupported_parameter');
      onlyKeys(body.reasoning, ['effort', 'summary'], 'reasoning');
      if (body.reasoning.effort !== undefined) oneOf(body.reasoning.effort, 'reasoning.effort', EFFORTS);
      if (body.reasoning.summary !== undefined) oneOf(body.reasoning.summary, 'reasoning.summary', SUMMARIES);
    }
    checkTools(body);
    if (body.store !== undefined && typeof body.store !== 'boolean') throw new Refused('store', "Invalid type for 'store': expected a boolean.", 'invalid_type');
    if (body.user !== undefined) text(body.user, 'user');
    if (body.include !== undefined) {
      if (!Array.isArray(body.include)) throw new Refused('include', "Invalid type for 'include': expected an array.", 'invalid_type');
      body.include.forEach((value, i) => oneOf(value, `include[${i}]`, INCLUDES));
    }
    return undefined;
  } catch (err) {
    if (!(err instanceof Refused)) throw err;
    return { message: err.message, param: err.param, code: err.code };
  }
}
