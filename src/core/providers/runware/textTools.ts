import type { ToolChoice, ToolSpec } from '../../model/types';

/*
 * The text tool protocol: the model is told (in the system prompt) to write each call as
 *   <tool_call name="TOOL">{"arg": "value"}</tool_call>
 * We cut those blocks out of the visible text, even when a block is split across stream deltas, and
 * replay them on later turns together with `<tool_result id=… name=…>` blocks in a user message.
 */

const OPEN = '<tool_call';
const CLOSE = '</tool_call>';
/** An opening tag longer than this is prose that happens to start with `<tool_call`, not a call. */
const MAX_OPEN_TAG = 300;

/** The system-prompt section that teaches the model the protocol and lists the tools. */
export function describeTools(tools: ToolSpec[], choice: ToolChoice | undefined): string {
  const must =
    choice === 'required'
      ? 'You must call at least one tool in this answer.'
      : typeof choice === 'object'
        ? `You must call the tool \`${choice.name}\` in this answer.`
        : 'Call a tool when you need it; answer directly when you do not.';
  const list = tools
    .map((t) => `### ${t.name}\n${t.description}\nArguments (JSON Schema): ${JSON.stringify(t.parameters)}`)
    .join('\n\n');
  return [
    '# Tools',
    'You can use the tools listed below. To call one, write a block exactly like this, on its own lines:',
    '<tool_call name="TOOL_NAME">',
    '{"argument": "value"}',
    '</tool_call>',
    'The block holds one JSON object with the arguments and nothing else (no code fence). Write one block per',
    'call; several blocks in one answer run in order. After your last block, stop writing: the results come',
    'back in the next user message as <tool_result id="…" name="…">…</tool_result> blocks. Never write',
    'tool_result blocks yourself and never guess a result.',
    must,
    '',
    '## Available tools',
    list,
  ].join('\n');
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** A past call, as the model wrote it, for replay in an assistant message. */
export function renderToolCall(callId: string, name: string, args: string): string {
  return `<tool_call name="${escapeAttribute(name)}" id="${escapeAttribute(callId)}">\n${args}\n</tool_call>`;
}

/** A tool's result, keyed by the call id, for replay in a user message. */
export function renderToolResult(callId: string, name: string | undefined, output: string): string {
  const nameAttr = name ? ` name="${escapeAttribute(name)}"` : '';
  return `<tool_result id="${escapeAttribute(callId)}"${nameAttr}>\n${output}\n</tool_result>`;
}

export type TextToolPiece =
  | { type: 'text'; text: string }
  | { type: 'call_started'; callId: string; name: string }
  | { type: 'call_delta'; callId: string; delta: string }
  | { type: 'call_complete'; callId: string; name: string; arguments: string };

/** Strips a code fence the model may have put around the JSON anyway; empty arguments mean `{}`. */
export function cleanArguments(body: string): string {
  let text = body.trim();
  const fenced = /^```[a-zA-Z]*\s*\n?([\s\S]*?)\n?```$/.exec(text);
  if (fenced) text = fenced[1].trim();
  return text === '' ? '{}' : text;
}

function parsesAsObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** True when `text` ends inside an open JSON string, where a `</tool_call>` is data and not the end tag. */
function endsInsideString(text: string): boolean {
  let inside = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\' && inside) i++;
    else if (text[i] === '"') inside = !inside;
  }
  return inside;
}

/** Length of the longest end of `text` that could be the start of `token` (kept back until more text comes). */
function partialSuffix(text: string, token: string): number {
  for (let n = Math.min(token.length - 1, text.length); n > 0; n--) {
    if (token.startsWith(text.slice(text.length - n))) return n;
  }
  return 0;
}

interface OpenCall {
  callId: string;
  /** Undefined for the `<tool_call>{"name":…,"arguments":…}</tool_call>` form some models prefer. */
  name?: string;
  openTag: string;
  body: string;
}

/** Splits streamed model text into visible text and tool calls, whatever the delta boundaries. */
export class TextToolParser {
  private buffer = '';
  private call: OpenCall | undefined;
  private inTag = false;
  private afterCall = false;

  constructor(private readonly newCallId: () => string) {}

  push(chunk: string): TextToolPiece[] {
    this.buffer += chunk;
    const out: TextToolPiece[] = [];
    while (this.step(out, false));
    return out;
  }

  /** The name of a call still being written ('' when its name is not known yet), or undefined when none is open. */
  openCallName(): string | undefined {
    if (this.call) return this.call.name ?? '';
    return this.inTag ? '' : undefined;
  }

  /**
   * Flushes what is left once the text is complete. A call left open is taken as written when
   * `completeOpenCall` (the model forgot the end tag), and dropped when not (the answer was cut off).
   */
  end(completeOpenCall = true): TextToolPiece[] {
    const out: TextToolPiece[] = [];
    if (!completeOpenCall && (this.call || this.inTag)) {
      this.call = undefined;
      this.inTag = false;
      this.buffer = '';
      return out;
    }
    while (this.step(out, true));
    if (this.call) this.finishCall(out, this.call.body + this.buffer);
    else if (this.buffer) this.text(out, this.buffer);
    this.buffer = '';
    return out;
  }

  /** One state transition; false when more text is needed. */
  private step(out: TextToolPiece[], final: boolean): boolean {
    if (this.call) return this.stepBody(out);
    if (this.inTag) return this.stepOpenTag(out, final);
    const at = this.buffer.indexOf(OPEN);
    if (at >= 0) {
      this.text(out, this.buffer.slice(0, at));
      this.buffer = this.buffer.slice(at);
      this.inTag = true;
      return true;
    }
    const keep = final ? 0 : partialSuffix(this.buffer, OPEN);
    this.text(out, this.buffer.slice(0, this.buffer.length - keep));
    this.buffer = this.buffer.slice(this.buffer.length - keep);
    return false;
  }

  private stepOpenTag(out: TextToolPiece[], final: boolean): boolean {
    const next = this.buffer[OPEN.length];
    const gt = this.buffer.indexOf('>');
    const notATag = (next !== undefined && !/[\s>/]/.test(next)) || (gt < 0 && (final || this.buffer.length > MAX_OPEN_TAG));
    if (notATag) {
      // e.g. `<tool_calls>` in prose: give back the `<` as text and keep scanning after it.
      this.inTag = false;
      this.text(out, this.buffer[0]);
      this.buffer = this.buffer.slice(1);
      return true;
    }
    if (gt < 0) return false;
    const openTag = this.buffer.slice(0, gt + 1);
    this.buffer = this.buffer.slice(gt + 1);
    this.inTag = false;
    const name = /\bname\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(openTag);
    const call: OpenCall = { callId: this.newCallId(), name: name ? (name[1] ?? name[2]) : undefined, openTag, body: '' };
    if (call.name) out.push({ type: 'call_started', callId: call.callId, name: call.name });
    if (openTag.endsWith('/>')) {
      this.call = call;
      this.finishCall(out, '');
      return true;
    }
    this.call = call;
    return true;
  }

  private stepBody(out: TextToolPiece[]): boolean {
    const call = this.call as OpenCall;
    const at = this.buffer.indexOf(CLOSE);
    if (at < 0) {
      const keep = partialSuffix(this.buffer, CLOSE);
      this.grow(out, call, this.buffer.slice(0, this.buffer.length - keep));
      this.buffer = this.buffer.slice(this.buffer.length - keep);
      return false;
    }
    const body = call.body + this.buffer.slice(0, at);
    if (endsInsideString(body) && !parsesAsObject(cleanArguments(body))) {
      // A literal `</tool_call>` inside a JSON string argument (say, a file that documents this protocol).
      this.grow(out, call, this.buffer.slice(0, at + CLOSE.length));
      this.buffer = this.buffer.slice(at + CLOSE.length);
      return true;
    }
    this.grow(out, call, this.buffer.slice(0, at));
    this.buffer = this.buffer.slice(at + CLOSE.length);
    this.finishCall(out, call.body);
    return true;
  }

  private grow(out: TextToolPiece[], call: OpenCall, delta: string): void {
    if (!delta) return;
    call.body += delta;
    if (call.name) out.push({ type: 'call_delta', callId: call.callId, delta });
  }

  private finishCall(out: TextToolPiece[], body: string): void {
    const call = this.call as OpenCall;
    this.call = undefined;
    this.afterCall = true;
    if (call.name) {
      out.push({ type: 'call_complete', callId: call.callId, name: call.name, arguments: cleanArguments(body) });
      return;
    }
    const named = namedCallIn(cleanArguments(body));
    if (!named) {
      // Neither form: show it rather than lose it.
      this.text(out, call.openTag + body + CLOSE);
      return;
    }
    out.push({ type: 'call_started', callId: call.callId, name: named.name });
    out.push({ type: 'call_delta', callId: call.callId, delta: named.arguments });
    out.push({ type: 'call_complete', callId: call.callId, name: named.name, arguments: named.arguments });
  }

  private text(out: TextToolPiece[], text: string): void {
    // The line break that ends a call block belongs to the block, not to the answer.
    if (this.afterCall && text) {
      text = text.replace(/^\r?\n/, '');
      this.afterCall = false;
    }
    if (text) out.push({ type: 'text', text });
  }
}

/** The `{"name": …, "arguments": {…}}` form inside an unnamed `<tool_call>` block. */
function namedCallIn(body: string): { name: string; arguments: string } | undefined {
  try {
    const value = JSON.parse(body) as Record<string, unknown>;
    if (!value || typeof value !== 'object' || typeof value.name !== 'string') return undefined;
    const args = value.arguments ?? value.parameters ?? value.input ?? {};
    return { name: value.name, arguments: typeof args === 'string' ? args : JSON.stringify(args) };
  } catch {
    return undefined;
  }
}
