import type { ConversationItem, ModelRequest, ToolChoice, ToolSpec } from '../model/types';
import { isReasoningModel, JSON_OBJECT_INSTRUCTION, sentOptions } from './optionRules';
import { RESPONSES_PROVIDER_ID } from './responsesEvents';

export { isReasoningModel } from './optionRules';

/** The body of `POST /responses` as this client sends it; field names are the wire's. */
export interface ResponsesRequestBody {
  model: string;
  input: unknown[];
  stream: boolean;
  instructions?: string;
  tools?: Array<{ type: 'function'; name: string; description: string; parameters: ToolSpec['parameters']; strict: false }>;
  tool_choice?: 'auto' | 'required' | 'none' | { type: 'function'; name: string };
  max_output_tokens?: number;
  top_p?: number;
  temperature?: number;
  text?: { format?: { type: 'text' | 'json_object' }; verbosity?: string };
  reasoning?: { effort?: string; summary?: string };
  store?: boolean;
  user?: string;
  include?: string[];
}

/**
 * Maps a service-neutral request to the Responses API body. Options the model does not take (see
 * optionRules) are left out; `store` is always sent, `false` unless asked for (the service's default
 * `true` would keep every conversation, workspace code included, on the provider's side).
 */
export function toResponsesBody(request: ModelRequest, stream: boolean): ResponsesRequestBody {
  const options = sentOptions('responses', request.model, request.options ?? {});
  const body: ResponsesRequestBody = { model: request.model, input: request.input.flatMap(toInputItem), stream };
  // The service refuses json_object output unless the input itself asks for JSON.
  const instructions = [request.instructions ?? '', options.textFormat === 'json_object' ? JSON_OBJECT_INSTRUCTION : ''].filter(Boolean).join('\n\n');
  if (instructions) body.instructions = instructions;
  if (request.tools?.length) body.tools = request.tools.map(toFunctionTool);
  if (request.toolChoice) body.tool_choice = toToolChoice(request.toolChoice);
  if (options.maxOutputTokens !== undefined) body.max_output_tokens = options.maxOutputTokens;
  if (options.topP !== undefined) body.top_p = options.topP;
  if (options.temperature !== undefined) body.temperature = options.temperature;
  if (options.textFormat || options.verbosity) {
    body.text = {};
    if (options.textFormat) body.text.format = { type: options.textFormat };
    if (options.verbosity) body.text.verbosity = options.verbosity;
  }
  if (options.reasoningEffort || options.reasoningSummary) {
    body.reasoning = {};
    if (options.reasoningEffort) body.reasoning.effort = options.reasoningEffort;
    if (options.reasoningSummary) body.reasoning.summary = options.reasoningSummary;
  }
  body.store = options.store ?? false;
  if (options.user !== undefined) body.user = options.user;
  // Without stored responses, reasoning items can only be replayed with their encrypted content.
  if (isReasoningModel(request.model) && body.store !== true) body.include = ['reasoning.encrypted_content'];
  return body;
}

function toInputItem(item: ConversationItem): unknown[] {
  switch (item.type) {
    case 'message':
      return [item.role === 'user' ? userMessage(item.content, item.images) : assistantMessage(item.content, item.phase)];
    case 'function_call':
      return [{ type: 'function_call', call_id: item.callId, name: item.name, arguments: item.arguments }];
    case 'function_call_output':
      return [{ type: 'function_call_output', call_id: item.callId, output: item.output }];
    case 'provider_item':
      // Items another service produced mean nothing here; ours go back exactly as they came.
      return item.item.provider === RESPONSES_PROVIDER_ID ? [item.item.data] : [];
  }
}

function userMessage(text: string, images: string[] | undefined): unknown {
  const content: unknown[] = [];
  if (text) content.push({ type: 'input_text', text });
  for (const url of images ?? []) content.push({ type: 'input_image', image_url: url, detail: 'auto' });
  return { type: 'message', role: 'user', content };
}

function assistantMessage(text: string, phase: string | undefined): unknown {
  const message: Record<string, unknown> = { type: 'message', role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] };
  if (phase) message.phase = phase;
  return message;
}

function toFunctionTool(tool: ToolSpec): NonNullable<ResponsesRequestBody['tools']>[number] {
  return { type: 'function', name: tool.name, description: tool.description, parameters: tool.parameters, strict: false };
}

function toToolChoice(choice: ToolChoice): NonNullable<ResponsesRequestBody['tool_choice']> {
  return typeof choice === 'string' ? choice : { type: 'function', name: choice.name };
}
