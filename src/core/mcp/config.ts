// MCP server configuration in the formats users already have: VS Code's `.vscode/mcp.json` (`servers` with
// `type: stdio|http|sse`, `inputs` for secrets) and the `mcpServers` JSON of Claude Desktop, Cursor and Cline.
// Parsing never throws: a bad entry becomes a problem naming the entry, and the others still load.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { McpServerOrigin } from '../trust/mcpRules';

/** How Mini Coder talks to a server. `http` tries Streamable HTTP, then the older HTTP+SSE. */
export type McpTransportKind = 'stdio' | 'http' | 'sse';

/** One server as configured; strings may still hold `${input:…}`, `${env:…}` and `${workspaceFolder}`. */
export interface McpServerConfig {
  /** The name the user gave it (the key in the config). */
  name: string;
  origin: McpServerOrigin;
  /** Where it was configured, for messages: "settings", ".vscode/mcp.json", a file path. */
  source: string;
  transport: McpTransportKind;
  command?: string;
  args?: string[];
  env?: Record<string, string>;
  /** A dotenv file whose variables are added to `env`. */
  envFile?: string;
  cwd?: string;
  url?: string;
  headers?: Record<string, string>;
  /** Time limit of each request to the server (Cline's `timeout`, seconds; default 60). */
  timeoutMs?: number;
  /** Configured off (`"disabled": true`): listed, not started. */
  disabled?: boolean;
  /** Tools the user's own config allows without asking (Cline's `alwaysAllow` / `autoApprove`); honoured for user-level servers only. */
  alwaysAllow?: string[];
}

/** An `inputs` entry of mcp.json: a value asked of the user once and kept in secret storage. */
export interface McpInput {
  id: string;
  type: 'promptString' | 'pickString';
  description: string;
  password?: boolean;
  default?: string;
  options?: string[];
}

export interface McpConfigFile {
  servers: McpServerConfig[];
  inputs: McpInput[];
  /** Entries that could not be used, each naming the entry and what is wrong. */
  problems: string[];
}

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Reads either format: `{ "servers": {…}, "inputs": […] }` (VS Code), `{ "mcpServers": {…} }` (Claude Desktop,
 * Cursor, Cline) or the bare map of servers by name.
 */
export function parseMcpConfig(value: unknown, origin: McpServerOrigin, source: string): McpConfigFile {
  const problems: string[] = [];
  if (!isObject(value)) return { servers: [], inputs: [], problems: [`${source}: expected a JSON object with "servers" or "mcpServers"`] };
  const map = isObject(value.servers) ? value.servers : isObject(value.mcpServers) ? value.mcpServers : 'servers' in value || 'mcpServers' in value ? undefined : value;
  if (!map) return { servers: [], inputs: [], problems: [`${source}: "servers" / "mcpServers" must be an object of servers by name`] };
  const servers: McpServerConfig[] = [];
  for (const [name, entry] of Object.entries(map)) {
    const parsed = parseServer(name, entry, origin, source);
    if (typeof parsed === 'string') problems.push(`${source}: server "${name}" ${parsed}`);
    else servers.push(parsed);
  }
  const inputs: McpInput[] = [];
  for (const [i, entry] of (Array.isArray(value.inputs) ? value.inputs : []).entries()) {
    const input = parseInput(entry);
    if (typeof input === 'string') problems.push(`${source}: inputs[${i}] ${input}`);
    else inputs.push(input);
  }
  return { servers, inputs, problems };
}

function parseServer(name: string, entry: unknown, origin: McpServerOrigin, source: string): McpServerConfig | string {
  if (name.trim() === '') return 'has an empty name';
  if (!isObject(entry)) return 'must be an object';
  const declared = str(entry.type) ?? str(entry.transport) ?? str(entry.transportType);
  const url = str(entry.url) ?? str(entry.serverUrl);
  const command = str(entry.command);
  let transport: McpTransportKind;
  if (declared === 'stdio' || (declared === undefined && command !== undefined)) transport = 'stdio';
  else if (declared === 'sse') transport = 'sse';
  else if (declared === 'http' || declared === 'streamableHttp' || declared === 'streamable-http' || (declared === undefined && url !== undefined)) transport = 'http';
  else if (declared !== undefined) return `has an unknown type "${declared}" (stdio, http or sse)`;
  else return 'needs a "command" (stdio) or a "url" (http, sse)';
  const base = { name, origin, source, transport };
  const common = {
    ...(entry.disabled === true ? { disabled: true } : {}),
    ...(typeof entry.timeout === 'number' && entry.timeout > 0 ? { timeoutMs: Math.round(entry.timeout * 1000) } : { timeoutMs: DEFAULT_TIMEOUT_MS }),
    ...(stringList(entry.alwaysAllow ?? entry.autoApprove) ? { alwaysAllow: stringList(entry.alwaysAllow ?? entry.autoApprove)! } : {}),
  };
  if (transport === 'stdio') {
    if (!command) return 'is a stdio server without a "command"';
    const args = entry.args === undefined ? [] : stringList(entry.args);
    if (!args) return '"args" must be a list of strings';
    const env = entry.env === undefined ? {} : stringMap(entry.env);
    if (!env) return '"env" must be an object of strings';
    return { ...base, ...common, command, args, env, ...(str(entry.envFile) ? { envFile: str(entry.envFile) } : {}), ...(str(entry.cwd) ? { cwd: str(entry.cwd) } : {}) };
  }
  if (!url) return `is an ${transport} server without a "url"`;
  const headers = entry.headers === undefined ? {} : stringMap(entry.headers);
  if (!headers) return '"headers" must be an object of strings';
  return { ...base, ...common, url, headers };
}

function parseInput(entry: unknown): McpInput | string {
  if (!isObject(entry) || !str(entry.id)) return 'needs an "id"';
  const type = entry.type === 'pickString' ? 'pickString' : entry.type === 'promptString' || entry.type === undefined ? 'promptString' : undefined;
  if (!type) return `has an unsupported type "${String(entry.type)}" (promptString, pickString)`;
  return {
    id: str(entry.id)!,
    type,
    description: str(entry.description) ?? str(entry.id)!,
    ...(entry.password === true ? { password: true } : {}),
    ...(str(entry.default) !== undefined ? { default: str(entry.default) } : {}),
    ...(stringList(entry.options) ? { options: stringList(entry.options) } : {}),
  };
}

/** What resolves `${…}` variables: the host's folders, environment and inputs (asked once, kept secret). */
export interface VariableResolver {
  workspaceFolder?: string;
  userHome?: string;
  env: Readonly<Record<string, string | undefined>>;
  /** The value of `${input:id}`; undefined when the user gave none. */
  input?: (id: string) => Promise<string | undefined>;
}

/** The server with every `${…}` replaced; throws a plain Error naming a variable that has no value. */
export async function resolveVariables(server: McpServerConfig, vars: VariableResolver): Promise<McpServerConfig> {
  const one = async (text: string): Promise<string> => {
    let out = '';
    let last = 0;
    for (const match of text.matchAll(/\$\{([^}]+)\}/g)) {
      out += text.slice(last, match.index) + (await variable(match[1], vars, server.name));
      last = match.index! + match[0].length;
    }
    return out + text.slice(last);
  };
  const map = async (m: Record<string, string> | undefined) => (m ? Object.fromEntries(await Promise.all(Object.entries(m).map(async ([k, v]) => [k, await one(v)] as const))) : undefined);
  return {
    ...server,
    ...(server.command !== undefined ? { command: await one(server.command) } : {}),
    ...(server.args ? { args: await Promise.all(server.args.map(one)) } : {}),
    ...(server.env ? { env: await map(server.env) } : {}),
    ...(server.envFile !== undefined ? { envFile: await one(server.envFile) } : {}),
    ...(server.cwd !== undefined ? { cwd: await one(server.cwd) } : {}),
    ...(server.url !== undefined ? { url: await one(server.url) } : {}),
    ...(server.headers ? { headers: await map(server.headers) } : {}),
  };
}

async function variable(name: string, vars: VariableResolver, server: string): Promise<string> {
  const missing = (what: string) => new Error(`server "${server}" uses \${${name}}, but ${what}`);
  if (name === 'workspaceFolder' || name === 'workspaceRoot') {
    if (vars.workspaceFolder === undefined) throw missing('no folder is open');
    return vars.workspaceFolder;
  }
  if (name === 'workspaceFolderBasename') {
    if (vars.workspaceFolder === undefined) throw missing('no folder is open');
    return vars.workspaceFolder.split(/[\\/]/).filter(Boolean).pop() ?? '';
  }
  if (name === 'userHome') {
    if (vars.userHome === undefined) throw missing('the home folder is unknown');
    return vars.userHome;
  }
  if (name === 'pathSeparator' || name === '/') return process.platform === 'win32' ? '\\' : '/';
  if (name.startsWith('env:')) return vars.env[name.slice(4)] ?? '';
  if (name.startsWith('input:')) {
    const value = await vars.input?.(name.slice(6));
    if (value === undefined) throw missing(vars.input ? 'no value was given for it' : 'inputs can only be asked in the editor (use ${env:NAME} on the terminal)');
    return value;
  }
  throw missing('Mini Coder does not know that variable');
}

/** Parses a dotenv file's text: `KEY=value` lines, `#` comments, optional quotes and `export`. */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    let value = match[2];
    const quoted = /^(['"])(.*)\1$/.exec(value);
    if (quoted) value = quoted[1] === '"' ? quoted[2].replace(/\\n/g, '\n') : quoted[2];
    else value = value.replace(/\s+#.*$/, '');
    env[match[1]] = value;
  }
  return env;
}

/** A short hash of what starting the server does: a changed command or URL must be approved again. */
export function launchFingerprint(server: McpServerConfig): string {
  const launch = { t: server.transport, c: server.command, a: server.args, e: server.env, f: server.envFile, d: server.cwd, u: server.url, h: server.headers };
  return createHash('sha256').update(JSON.stringify(launch)).digest('hex').slice(0, 16);
}

/** What starting a server does, in one line for a question: the command line or the URL. */
export function launchLine(server: McpServerConfig): string {
  if (server.transport === 'stdio') return [server.command, ...(server.args ?? [])].map((w) => (/^[\w./@%+=:,-]+$/.test(w ?? '') ? w : JSON.stringify(w))).join(' ');
  return `${server.transport === 'sse' ? 'HTTP+SSE' : 'HTTP'} ${server.url}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
}

function stringMap(value: unknown): Record<string, string> | undefined {
  if (!isObject(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
    else return undefined;
  }
  return out;
}

/** Parses the text of a config file (JSON with comments and trailing commas, as VS Code writes mcp.json). */
export function parseMcpConfigText(text: string, origin: McpServerOrigin, source: string): McpConfigFile {
  const errors: ParseError[] = [];
  const value = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0) {
    const first = errors[0];
    const line = text.slice(0, first.offset).split('\n').length;
    return { servers: [], inputs: [], problems: [`${source}: not valid JSON (${printParseErrorCode(first.error)} at line ${line})`] };
  }
  return parseMcpConfig(value, origin, source);
}

/** The server ready to start: variables replaced, `envFile` read into `env` (the server's own `env` wins). */
export async function resolveLaunch(server: McpServerConfig, vars: VariableResolver): Promise<McpServerConfig> {
  const resolved = await resolveVariables(server, vars);
  if (resolved.envFile === undefined) return resolved;
  const file = path.resolve(vars.workspaceFolder ?? process.cwd(), resolved.envFile);
  const text = await fs.readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new Error(`server "${server.name}": its envFile ${file} cannot be read (${err.code ?? err.message})`);
  });
  return { ...resolved, env: { ...parseEnvFile(text), ...(resolved.env ?? {}) } };
}
