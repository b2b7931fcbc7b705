// MCP prompts and resources in the chat input: a server's prompt is the slash command `/mcp.SERVER.PROMPT`
// (arguments as `name=value`, or the whole rest when it takes one), expanded into the message before it is
// sent; a resource is the mention `@mcp:SERVER:URI`, read when the message is sent and packed like a file.
import { MiniCoderError } from '../errors';
import type { ContextSource } from '../context/types';
import type { McpServers } from './servers';

/** A row of the completion list (the protocol's mention item shape). */
export interface ChatCompletion {
  label: string;
  /** What is inserted after the trigger character. */
  path: string;
  kind: 'special';
}

const COMMAND = /^\/mcp\.([^.\s]+)\.(\S+)(?:\s+([\s\S]*))?$/;
const MENTION_PREFIX = 'mcp:';

/** Prompt commands whose name contains what was typed after `/`. */
export function completePromptCommands(servers: McpServers, query: string, limit = 30): ChatCompletion[] {
  const needle = query.replace(/^\//, '').toLowerCase();
  const rows: ChatCompletion[] = [];
  for (const state of servers.states()) {
    if (state.status !== 'running') continue;
    for (const prompt of state.prompts) {
      const command = `mcp.${state.name}.${prompt.name}`;
      if (!command.toLowerCase().includes(needle)) continue;
      const args = prompt.arguments.map((a) => `${a.name}=${a.required ? '…' : '[…]'}`).join(' ');
      rows.push({ label: `/${command}${args ? ` ${args}` : ''}${prompt.description ? ` — ${prompt.description}` : ''}`, path: command, kind: 'special' });
    }
  }
  return rows.slice(0, limit);
}

/**
 * The message a prompt command stands for, with any images the prompt carries; undefined when the text is not a
 * prompt command. Throws a `bad_request` error naming a missing argument or an unknown prompt.
 */
export async function expandPromptCommand(servers: McpServers, text: string, signal?: AbortSignal): Promise<{ text: string; images: string[] } | undefined> {
  const match = COMMAND.exec(text.trim());
  if (!match) return undefined;
  const [, serverName, promptName, rest = ''] = match;
  const connection = servers.get(serverName);
  const prompt = connection?.state.prompts.find((p) => p.name === promptName);
  if (!connection || !prompt) throw new MiniCoderError({ kind: 'bad_request', message: `There is no prompt "${promptName}" on a running MCP server "${serverName}". Type / to see the prompts.` });
  const args = parseArguments(rest, prompt.arguments.map((a) => a.name));
  const missing = prompt.arguments.filter((a) => a.required && !args[a.name]).map((a) => a.name);
  if (missing.length > 0) {
    throw new MiniCoderError({ kind: 'bad_request', message: `/mcp.${serverName}.${promptName} needs ${missing.map((m) => `${m}=…`).join(' ')}.` });
  }
  const messages = await connection.getPrompt(promptName, args, signal);
  const parts: string[] = [];
  const images: string[] = [];
  for (const message of messages) {
    const content = (Array.isArray(message.content) ? message.content : [message.content]) as Array<Record<string, unknown>>;
    for (const block of content) {
      const said = blockText(block, images);
      if (said) parts.push(message.role === 'user' ? said : `[${message.role}] ${said}`);
    }
  }
  return { text: parts.join('\n\n'), images };
}

/** `name=value name2="two words"`; a prompt with one argument takes the whole text when no `=` is given. */
export function parseArguments(rest: string, names: readonly string[]): Record<string, string> {
  const trimmed = rest.trim();
  if (trimmed === '') return {};
  if (names.length === 1 && !new RegExp(`^${escape(names[0])}=`).test(trimmed)) return { [names[0]]: trimmed };
  const args: Record<string, string> = {};
  for (const m of trimmed.matchAll(/([\w.-]+)=(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+))/g)) {
    args[m[1]] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? m[4]);
  }
  return args;
}

/** Resources whose name or URI contains what was typed after `@`. */
export function completeResources(servers: McpServers, query: string, limit = 20): ChatCompletion[] {
  const needle = query.replace(/^@/, '').replace(/^mcp:/, '').toLowerCase();
  const rows: ChatCompletion[] = [];
  for (const state of servers.states()) {
    if (state.status !== 'running') continue;
    for (const resource of state.resources) {
      if (needle && !`${state.name}:${resource.name} ${resource.uri}`.toLowerCase().includes(needle)) continue;
      rows.push({ label: `${resource.name} (${state.name})`, path: `${MENTION_PREFIX}${state.name}:${resource.uri}`, kind: 'special' });
    }
  }
  return rows.slice(0, limit);
}

/** Whether a mention names an MCP resource rather than a file. */
export function isResourceMention(mention: string): boolean {
  return mention.startsWith(MENTION_PREFIX);
}

/** The resources a message mentions, read now, as context sources (unreadable ones listed as withheld). */
export async function resourceSources(servers: McpServers, mentions: readonly string[], signal?: AbortSignal): Promise<ContextSource[]> {
  const sources: ContextSource[] = [];
  for (const mention of mentions.filter(isResourceMention)) {
    const rest = mention.slice(MENTION_PREFIX.length);
    const colon = rest.indexOf(':');
    const server = rest.slice(0, colon);
    const uri = rest.slice(colon + 1);
    const base = { id: `resource:${server}:${uri}`, kind: 'mcp_resource' as const, label: `${uri} (${server})`, path: `${server}:${uri}` };
    const connection = colon > 0 ? servers.get(server) : undefined;
    if (!connection) {
      sources.push({ ...base, text: '', withheld: `no MCP server "${server}" is configured` });
      continue;
    }
    try {
      const contents = await connection.readResource(uri, signal);
      const text = contents.map((c) => (typeof c.text === 'string' ? c.text : `[binary ${c.mimeType ?? 'content'} of ${c.uri}, not shown]`)).join('\n');
      sources.push({ ...base, text: text.endsWith('\n') ? text : `${text}\n` });
    } catch (err) {
      sources.push({ ...base, text: '', withheld: (err as Error).message });
    }
  }
  return sources;
}

function blockText(block: Record<string, unknown>, images: string[]): string {
  if (block.type === 'text' && typeof block.text === 'string') return block.text;
  if (block.type === 'image' && typeof block.data === 'string') {
    images.push(`data:${String(block.mimeType ?? 'image/png')};base64,${block.data}`);
    return '';
  }
  if (block.type === 'resource' && typeof block.resource === 'object' && block.resource) {
    const r = block.resource as Record<string, unknown>;
    return typeof r.text === 'string' ? `[resource ${String(r.uri)}]\n${r.text}` : `[resource ${String(r.uri)}, binary]`;
  }
  return '';
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
