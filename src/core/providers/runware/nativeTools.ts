import type { ToolChoice, ToolSpec } from '../../model/types';
import { renderToolCall, renderToolResult } from './textTools';
import { isRecord, type Json } from './json';

/*
 * EVERYTHING that depends on Runware's native tool-call shape lives in this file. That shape is not
 * documented anywhere public (see /work/shared/protocols.md B), so the response side reads every
 * plausible field defensively; once a real answer has been seen, adjust `entriesIn` and `entryOf` (and,
 * if a native replay form exists, `replayCall`/`replayResult`) and nothing else.
 */

/** The task-root `tools` / `toolChoice` fields of the current SDK schema (tools carry `schema`, not `parameters`). */
export function nativeToolFields(tools: ToolSpec[], choice: ToolChoice | undefined): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    tools: tools.map((t) => ({ name: t.name, description: t.description, schema: t.parameters })),
  };
  if (choice !== undefined) fields.toolChoice = typeof choice === 'object' ? { type: 'specific', name: choice.name } : { type: choice };
  return fields;
}

/** No native replay form is known, so past calls and results are replayed in the text protocol's words. */
export const replayCall = renderToolCall;
export const replayResult = renderToolResult;

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
