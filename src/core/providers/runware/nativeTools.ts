import type { ToolChoice, ToolSpec } from '../../model/types';
import { isRecord, type Json } from './json';

/*
 * EVERYTHING that depends on Runware's native tool-call shape lives in this file. The request side is
 * documented (Runware's schema-generated SDK types, its ComfyUI nodes and sdk-python's README; see
 * /work/shared/protocols.md B): tools at the task root as `{type: "function", name, description, schema}`,
 * `toolChoice: {type: auto|any|tool|none, name?}`, calls replayed as an assistant message with
 * `tools: [{id, name, input}]` and results as `{role: "tool", id, content}`. How a RESPONSE carries a call
 * is not documented anywhere public, so the response side reads every plausible field defensively; once a
 * real answer has been seen, adjust `entriesIn` and `entryOf` and nothing else.
 */

/** A tool as the task root's `tools` carries it. */
export interface NativeTool {
  type: 'function';
  name: string;
  description: string;
  schema: ToolSpec['parameters'];
}

/** `toolChoice`: `any` = at least one tool, `tool` = the one named. Never `required`/`specific`. */
export type NativeToolChoice = { type: 'auto' | 'any' | 'none' } | { type: 'tool'; name: string };

/** The task-root `tools` / `toolChoice` fields. */
export function nativeToolFields(tools: ToolSpec[], choice: ToolChoice | undefined): { tools: NativeTool[]; toolChoice?: NativeToolChoice } {
  const fields: { tools: NativeTool[]; toolChoice?: NativeToolChoice } = {
    tools: tools.map((t) => ({ type: 'function', name: t.name, description: t.description, schema: t.parameters })),
  };
  if (choice !== undefined) fields.toolChoice = nativeToolChoice(choice);
  return fields;
}

function nativeToolChoice(choice: ToolChoice): NativeToolChoice {
  if (typeof choice === 'object') return { type: 'tool', name: choice.name };
  return { type: choice === 'required' ? 'any' : choice };
}

/** One call in an assistant message's `tools` (the replay form). */
export interface NativeCallReplay {
  id: string;
  name: string;
  input: Json;
}

/** A past call's arguments as the object `input` takes; text that is not a JSON object replays as `{}`. */
export function replayInput(args: string): Json {
  try {
    const value: unknown = JSON.parse(args);
    return isRecord(value) ? value : {};
  } catch {
    return {};
  }
}

/** A tool's result as Runware's `tool` message. */
export function replayResultMessage(callId: string, output: string): { role: 'tool'; id: string; content: string } {
  return { role: 'tool', id: callId, content: output === '' ? '(no output)' : output };
}

/** Finish reasons that mean "the model wants tools run" (the stream type allows these two). */
export function asksForTools(finishReason: unknown): boolean {
  return finishReason === 'tool_calls' || finishReason === 'tool_use';
}

/** The fields looked at, named in the error raised when a turn asks for tools but none could be read. */
export const NATIVE_FIELDS_READ = 'toolCalls, tool_calls, tools[{id,name,input}], message.*, delta.*';

export interface NativeCall {
  id?: string;
  name?: string;
  arguments: string;
}

/** Candidate tool-call arrays in a sync/async result item or a stream frame. */
function entriesIn(source: Json): unknown[] {
  const holders = [source, source.message, source.delta].filter(isRecord);
  const found: unknown[] = [];
  for (const holder of holders) {
    for (const key of ['toolCalls', 'tool_calls'] as const) {
      if (Array.isArray(holder[key])) found.push(...holder[key]);
    }
    // `tools` also names the request's tool list; only entries carrying call input are calls.
    if (Array.isArray(holder.tools)) found.push(...holder.tools.filter((t) => isRecord(t) && ('input' in t || 'arguments' in t || 'args' in t)));
  }
  return found;
}

/** One entry in any of the plausible forms: `{id,name,input}`, `{id,name,arguments}`, OpenAI's `{id,function:{name,arguments}}`. */
function entryOf(entry: unknown): { key?: string | number; id?: string; name?: string; args?: unknown } | undefined {
  if (!isRecord(entry)) return undefined;
  const fn = isRecord(entry.function) ? entry.function : entry;
  const id = typeof entry.id === 'string' ? entry.id : typeof entry.callId === 'string' ? entry.callId : undefined;
  return {
    key: typeof entry.index === 'number' ? entry.index : id,
    id,
    name: typeof fn.name === 'string' ? fn.name : undefined,
    args: fn.arguments ?? entry.input ?? entry.args,
  };
}

/** Collects native tool calls across result items or stream frames (string arguments may come in fragments). */
export class NativeToolCalls {
  private readonly calls: NativeCall[] = [];
  private readonly byKey = new Map<string | number, NativeCall>();

  add(source: unknown): void {
    if (!isRecord(source)) return;
    for (const raw of entriesIn(source)) {
      const entry = entryOf(raw);
      if (!entry) continue;
      let call = entry.key !== undefined ? this.byKey.get(entry.key) : undefined;
      if (!call) {
        call = { arguments: '' };
        this.calls.push(call);
        if (entry.key !== undefined) this.byKey.set(entry.key, call);
      }
      call.id ??= entry.id;
      call.name ??= entry.name;
      if (typeof entry.args === 'string') call.arguments += entry.args;
      else if (entry.args !== undefined) call.arguments = JSON.stringify(entry.args);
    }
  }

  /** Calls that have a name; arguments default to `{}`. */
  complete(): NativeCall[] {
    return this.calls.filter((c) => c.name).map((c) => ({ ...c, arguments: c.arguments || '{}' }));
  }
}
