// One MCP server, through the official SDK: started over stdio, Streamable HTTP or the older HTTP+SSE, its
// tools, resources and prompts listed (and listed again when it says they changed), its stderr and log kept
// for the user. Whatever the server does — crash, hang, malformed or huge messages — ends as a status and a
// clear error for the call in flight; it never takes the host down and can be restarted.
import { refreshOnce } from './oauth/refreshOnce';
import type { Client as SdkClient } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { MiniCoderError } from '../errors';
import { boundedFetch } from '../providers/boundedFetch';
import type { McpServerConfig } from './config';
import { McpOAuthClient, signInNeeded, type OAuthStore } from './oauth/oauthClient';
import { signInToMcpServer } from './oauth/signIn';
import { outputValidator } from './outputValidator';
import type { McpCallResult } from './toolResult';

/** Where a server is in its life. */
export type McpServerStatus = 'stopped' | 'disabled' | 'waiting_for_approval' | 'blocked' | 'starting' | 'running' | 'needs_sign_in' | 'error';

export interface McpToolInfo {
  name: string;
  title?: string;
  description?: string;
  inputSchema?: unknown;
  outputSchema?: unknown;
  annotations?: { readOnlyHint?: boolean; destructiveHint?: boolean; openWorldHint?: boolean; title?: string };
}

export interface McpResourceInfo {
  uri: string;
  name: string;
  description?: string;
  mimeType?: string;
}

export interface McpPromptInfo {
  name: string;
  description?: string;
  arguments: Array<{ name: string; description?: string; required?: boolean }>;
}

/** What the views show about a server. */
export interface McpServerState {
  name: string;
  source: string;
  origin: McpServerConfig['origin'];
  transport: McpServerConfig['transport'];
  status: McpServerStatus;
  /** Why it is in error, blocked or waiting. */
  message?: string;
  /** The last lines the server wrote to stderr (its own account of a crash). */
  stderrTail: string[];
  tools: McpToolInfo[];
  resources: McpResourceInfo[];
  prompts: McpPromptInfo[];
  /** The transport actually used (`http` may have fallen back to `sse`). */
  connectedOver?: 'stdio' | 'http' | 'sse';
  /** OAuth tokens are stored for this server (it can be signed out). */
  signedIn?: boolean;
}

export interface ConnectionOptions {
  /** Replaces `${…}` variables and reads `envFile` (host-specific: inputs are asked in the editor). */
  resolve: (config: McpServerConfig) => Promise<McpServerConfig>;
  /** file:// URIs of the workspace folders, offered as roots (server-filesystem confines itself to them). */
  roots: () => string[];
  /** A line for the server's log (stderr, its log messages, lifecycle). */
  log: (line: string) => void;
  /** Called whenever the state changed. */
  changed: () => void;
  clientVersion: string;
  /** Time to connect and list, default 30 s. */
  startTimeoutMs?: number;
  /**
   * OAuth for remote servers that answer 401: where the host keeps client registrations and tokens, and a hook that
   * learns every secret so logs and output can hide it. Absent: no OAuth (a 401 is an error).
   */
  oauth?: { store: OAuthStore; secret: (value: string) => void };
}

/** Bytes one message from a server may take (stdio line, HTTP body): a larger one is dropped and the connection closed. */
export const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
const STDERR_LINES = 40;
/** How long a stdio server may take to exit by itself once its stdin is closed. */
const STDIO_GRACE_MS = 300;
const LIST_PAGES = 20;

type Sdk = typeof import('./sdk');
let sdkModule: Sdk | undefined;
function loadSdk(): Sdk {
  // `require`, not `import()`: the bundle maps this one module to dist/mcp-sdk.js (see esbuild.mjs), loaded on first use.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (sdkModule ??= require('./sdk') as Sdk);
}

export class McpConnection {
  private client: SdkClient | undefined;
  private status: McpServerStatus = 'stopped';
  private message: string | undefined;
  private readonly stderr: string[] = [];
  private partialStderr = '';
  private tools: McpToolInfo[] = [];
  private resources: McpResourceInfo[] = [];
  private prompts: McpPromptInfo[] = [];
  private connectedOver: McpServerState['connectedOver'];
  private starting: Promise<void> | undefined;
  /** Why the connection ended, when it ended badly (oversized message, exit). */
  private closeReason: string | undefined;
  private generation = 0;
  private signedIn = false;
  /** The OAuth side of the current connection, for a remote server without an Authorization header. */
  private oauthClient: McpOAuthClient | undefined;

  constructor(
    readonly config: McpServerConfig,
    private readonly options: ConnectionOptions,
  ) {}

  get state(): McpServerState {
    return {
      name: this.config.name,
      source: this.config.source,
      origin: this.config.origin,
      transport: this.config.transport,
      status: this.status,
      ...(this.message ? { message: this.message } : {}),
      stderrTail: [...this.stderr, ...(this.partialStderr ? [this.partialStderr] : [])],
      tools: this.tools,
      resources: this.resources,
      prompts: this.prompts,
      ...(this.connectedOver ? { connectedOver: this.connectedOver } : {}),
      ...(this.signedIn ? { signedIn: true } : {}),
    };
  }

  /** Sets a status that is not about a live connection (disabled, waiting for approval, blocked). */
  hold(status: Extract<McpServerStatus, 'disabled' | 'waiting_for_approval' | 'blocked' | 'stopped' | 'needs_sign_in'>, message?: string): void {
    this.status = status;
    this.message = message;
    this.options.changed();
  }

  /** Starts the server and lists what it offers; resolves once it runs or failed (never rejects). */
  start(): Promise<void> {
    if (this.status === 'running') return Promise.resolve();
    this.starting ??= this.connect().finally(() => (this.starting = undefined));
    return this.starting;
  }

  /** Stops the server (a stdio server's process is ended). */
  async stop(status: 'stopped' | 'disabled' = 'stopped'): Promise<void> {
    this.generation++;
    const client = this.client;
    this.client = undefined;
    this.tools = [];
    this.resources = [];
    this.prompts = [];
    this.status = status;
    this.message = undefined;
    this.options.changed();
    if (client) await closeQuickly(client);
  }

  /**
   * Signs in to this remote server (the user asked): `open` shows the authorization URL; resolves once tokens are
   * stored (the caller restarts the server), throws a `tool` or `cancelled` error otherwise.
   */
  async signIn(open: (authorizationUrl: string) => void | Promise<void>, options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<void> {
    const oauth = this.options.oauth;
    if (!oauth || this.config.transport === 'stdio') throw new MiniCoderError({ kind: 'tool', message: `The MCP server "${this.config.name}" is not a remote server Mini Coder can sign in to.` });
    const config = await this.options.resolve(this.config);
    this.options.log('sign-in started; waiting for the browser');
    await signInToMcpServer(this.config.name, new URL(config.url!).href, {
      store: oauth.store,
      secret: oauth.secret,
      open,
      fetch: boundedFetch(fetch, { maxBytes: MAX_MESSAGE_BYTES, maxLineBytes: MAX_MESSAGE_BYTES }),
      auth: loadSdk().auth,
      ...options,
    });
    this.options.log('signed in');
  }

  /** Forgets this server's OAuth registration and tokens (the caller restarts it, so it asks to sign in again). */
  async signOut(): Promise<void> {
    const oauth = this.options.oauth;
    if (!oauth || !this.config.url) return;
    const config = await this.options.resolve(this.config);
    await oauth.store.write(new URL(config.url!).href, undefined);
    this.signedIn = false;
    this.options.log('signed out');
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Calls a tool; Stop (the signal) sends `notifications/cancelled`. Throws a `tool` error a person can act on. */
  async callTool(name: string, args: Record<string, unknown>, signal?: AbortSignal): Promise<McpCallResult> {
    const client = await this.ready();
    try {
      return (await client.callTool({ name, arguments: args }, undefined, {
        signal,
        timeout: this.config.timeoutMs,
        resetTimeoutOnProgress: true,
        onprogress: (p) => this.options.log(`progress of ${name}: ${p.progress}${p.total ? `/${p.total}` : ''}${p.message ? ` ${p.message}` : ''}`),
      })) as McpCallResult;
    } catch (err) {
      throw this.failure(err, `the tool ${name}`, signal);
    }
  }

  /** Reads a resource (an @-mention of the user's). */
  async readResource(uri: string, signal?: AbortSignal): Promise<Array<{ uri: string; mimeType?: string; text?: string; blob?: string }>> {
    const client = await this.ready();
    try {
      return (await client.readResource({ uri }, { signal, timeout: this.config.timeoutMs })).contents as Array<{ uri: string; mimeType?: string; text?: string; blob?: string }>;
    } catch (err) {
      throw this.failure(err, `the resource ${uri}`, signal);
    }
  }

  /** Gets a prompt's messages (a slash command of the user's). */
  async getPrompt(name: string, args: Record<string, string>, signal?: AbortSignal): Promise<Array<{ role: string; content: unknown }>> {
    const client = await this.ready();
    try {
      return (await client.getPrompt({ name, arguments: args }, { signal, timeout: this.config.timeoutMs })).messages;
    } catch (err) {
      throw this.failure(err, `the prompt ${name}`, signal);
    }
  }

  private async ready(): Promise<SdkClient> {
    if (this.status === 'starting') await this.starting;
    if (!this.client || this.status !== 'running') {
      throw new MiniCoderError({ kind: 'tool', message: `The MCP server "${this.config.name}" is not running (${this.status}${this.message ? `: ${this.message}` : ''}). The user can restart it from "Mini Coder: MCP Servers".` });
    }
    return this.client;
  }

  private failure(err: unknown, what: string, signal?: AbortSignal): MiniCoderError {
    if (signal?.aborted) return new MiniCoderError({ kind: 'cancelled', message: `Stopped; the MCP server "${this.config.name}" was told to cancel ${what}.` });
    const needed = signInNeeded(err);
    if (needed) {
      this.hold('needs_sign_in', needed.message);
      return new MiniCoderError({ kind: 'tool', message: `The MCP server "${this.config.name}" cannot run ${what}: ${needed.message}. The user can sign in from "Mini Coder: MCP Servers".` });
    }
    const message = err instanceof Error ? err.message : String(err);
    if (this.closeReason) return new MiniCoderError({ kind: 'tool', message: `The MCP server "${this.config.name}" ${this.closeReason} while running ${what}. The server can be restarted.` });
    if (/timed out|RequestTimeout|-32001/.test(message)) {
      return new MiniCoderError({ kind: 'tool', message: `The MCP server "${this.config.name}" did not answer ${what} within ${Math.round((this.config.timeoutMs ?? 60_000) / 1000)} s; it was told to cancel.` });
    }
    return new MiniCoderError({ kind: 'tool', message: `The MCP server "${this.config.name}" refused ${what}: ${message.replace(/^MCP error -?\d+: /, '')}` });
  }

  private async connect(): Promise<void> {
    const generation = ++this.generation;
    this.status = 'starting';
    this.message = undefined;
    this.closeReason = undefined;
    this.options.changed();
    const startTimeout = this.options.startTimeoutMs ?? 30_000;
    try {
      const sdk = loadSdk();
      const config = await this.options.resolve(this.config);
      const { client, over } = await this.open(sdk, config, startTimeout);
      if (generation !== this.generation) {
        await closeQuickly(client);
        return;
      }
      this.client = client;
      this.connectedOver = over;
      await this.listAll(client, startTimeout);
      if (generation !== this.generation) return;
      this.status = 'running';
      this.signedIn = (await this.oauthClient?.signedIn()) ?? false;
      this.options.log(`running over ${over}: ${this.tools.length} tools, ${this.resources.length} resources, ${this.prompts.length} prompts`);
    } catch (err) {
      if (generation !== this.generation) return;
      const message = err instanceof Error ? err.message : String(err);
      const needed = signInNeeded(err);
      this.status = needed ? 'needs_sign_in' : 'error';
      this.message = needed?.message ?? this.closeReason ?? startProblem(message, this.config);
      this.signedIn = needed ? false : this.signedIn;
      this.options.log(`failed to start: ${this.message}`);
      const client = this.client;
      this.client = undefined;
      if (client) await closeQuickly(client);
    } finally {
      if (generation === this.generation) this.options.changed();
    }
  }

  private async open(sdk: Sdk, config: McpServerConfig, timeout: number): Promise<{ client: SdkClient; over: 'stdio' | 'http' | 'sse' }> {
    const attempt = async (over: 'stdio' | 'http' | 'sse') => {
      const client = this.newClient(sdk);
      await client.connect(await this.transport(sdk, config, over), { timeout });
      return { client, over };
    };
    if (config.transport !== 'http') return attempt(config.transport);
    try {
      return await attempt('http');
    } catch (err) {
      // Servers that predate Streamable HTTP answer its POST with 4xx; the older transport is tried, as VS Code does.
      const status = (err as { code?: unknown })?.code;
      if (!(typeof status === 'number' && status >= 400 && status < 500)) throw err;
      this.options.log(`Streamable HTTP refused (${(err as Error).message}); trying HTTP+SSE`);
      return attempt('sse');
    }
  }

  private newClient(sdk: Sdk): SdkClient {
    // No sampling or elicitation capability: a server that asks for either is refused with "method not found".
    const client = new sdk.Client({ name: 'mini-coder', version: this.options.clientVersion }, { capabilities: { roots: { listChanged: false } }, jsonSchemaValidator: outputValidator });
    client.setRequestHandler(sdk.ListRootsRequestSchema, async () => ({ roots: this.options.roots().map((uri) => ({ uri, name: uri.split('/').pop() ?? uri })) }));
    client.setNotificationHandler(sdk.ToolListChangedNotificationSchema, () => void this.relist(client, 'tools'));
    client.setNotificationHandler(sdk.ResourceListChangedNotificationSchema, () => void this.relist(client, 'resources'));
    client.setNotificationHandler(sdk.PromptListChangedNotificationSchema, () => void this.relist(client, 'prompts'));
    client.setNotificationHandler(sdk.LoggingMessageNotificationSchema, (n) => {
      const data = typeof n.params.data === 'string' ? n.params.data : JSON.stringify(n.params.data);
      this.options.log(`[${n.params.level}]${n.params.logger ? ` ${n.params.logger}:` : ''} ${data.slice(0, 2000)}`);
    });
    client.onerror = (error) => {
      const text = error?.message ?? String(error);
      if (/exceeded maximum size|more than \d+ MB|a line longer than/.test(text)) this.closeReason = `sent a message larger than ${MAX_MESSAGE_BYTES / 1024 / 1024} MB, so Mini Coder closed the connection`;
      this.options.log(`protocol error: ${text.slice(0, 500)}`);
    };
    client.onclose = () => {
      if (this.client !== client) return;
      this.client = undefined;
      this.tools = [];
      this.resources = [];
      this.prompts = [];
      this.closeReason ??= `exited${this.lastStderr() ? ` (its last words: ${this.lastStderr()})` : ''}`;
      this.status = 'error';
      this.message = this.closeReason;
      this.options.log(`connection closed: ${this.closeReason}`);
      this.options.changed();
    };
    return client;
  }

  private async transport(sdk: Sdk, config: McpServerConfig, over: 'stdio' | 'http' | 'sse'): Promise<Transport> {
    if (over === 'stdio') {
      const transport = new sdk.StdioClientTransport({
        command: config.command!,
        args: config.args ?? [],
        // Only the usual safe variables (PATH, HOME…) are inherited: the user's API keys stay out of servers' reach.
        env: { ...sdk.getDefaultEnvironment(), ...(config.env ?? {}) },
        ...(config.cwd ? { cwd: config.cwd } : {}),
        stderr: 'pipe',
        maxBufferSize: MAX_MESSAGE_BYTES,
      });
      transport.stderr?.on('data', (chunk: Buffer) => this.addStderr(chunk.toString('utf8')));
      return transport;
    }
    const url = new URL(config.url!);
    const limits = { maxBytes: MAX_MESSAGE_BYTES, maxLineBytes: MAX_MESSAGE_BYTES };
    const headers = config.headers ?? {};
    // Requests that find the token expired together refresh it once (refreshOnce.ts): a rotating server refuses a second use.
    const fetchWithHeaders = refreshOnce(boundedFetch((input: string | URL, init?: RequestInit) => fetch(input, { ...init, headers: { ...headers, ...Object.fromEntries(new Headers(init?.headers).entries()) } }), limits));
    // A configured Authorization header is the user's own way in; OAuth is for the servers that have none.
    const oauth = this.options.oauth && !Object.keys(headers).some((h) => h.toLowerCase() === 'authorization') ? this.options.oauth : undefined;
    this.oauthClient = oauth ? new McpOAuthClient(url.href, oauth.store, oauth.secret) : undefined;
    const authProvider = this.oauthClient ? { authProvider: this.oauthClient } : {};
    if (over === 'http') return new sdk.StreamableHTTPClientTransport(url, { requestInit: { headers }, fetch: fetchWithHeaders, ...authProvider });
    return new sdk.SSEClientTransport(url, { requestInit: { headers }, fetch: fetchWithHeaders, eventSourceInit: { fetch: fetchWithHeaders }, ...authProvider });
  }

  private async listAll(client: SdkClient, timeout: number): Promise<void> {
    const capabilities = client.getServerCapabilities() ?? {};
    await Promise.all([
      capabilities.tools ? this.list(client, 'tools', timeout) : undefined,
      capabilities.resources ? this.list(client, 'resources', timeout) : undefined,
      capabilities.prompts ? this.list(client, 'prompts', timeout) : undefined,
    ]);
  }

  private async relist(client: SdkClient, what: 'tools' | 'resources' | 'prompts'): Promise<void> {
    if (this.client !== client) return;
    try {
      await this.list(client, what, 30_000);
      this.options.log(`${what} changed: now ${this[what].length}`);
      this.options.changed();
    } catch (err) {
      this.options.log(`listing ${what} again failed: ${(err as Error).message}`);
    }
  }

  private async list(client: SdkClient, what: 'tools' | 'resources' | 'prompts', timeout: number): Promise<void> {
    const items: unknown[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < LIST_PAGES; page++) {
      const params = cursor ? { cursor } : undefined;
      // Read loosely, not with the SDK's listTools: there one tool with a schema the SDK dislikes fails the whole
      // list; here that tool alone is left out (with the reason) and the others are offered.
      const result = (await client.request({ method: `${what}/list`, params }, loadSdk().ResultSchema, { timeout })) as Record<string, unknown>;
      const page = Array.isArray(result[what]) ? (result[what] as unknown[]) : [];
      items.push(...page.filter((item) => typeof item === 'object' && item !== null && typeof (item as { name?: unknown }).name === 'string'));
      cursor = typeof result.nextCursor === 'string' ? result.nextCursor : undefined;
      if (!cursor) break;
    }
    if (what === 'tools') this.tools = items as McpToolInfo[];
    else if (what === 'resources') this.resources = items as McpResourceInfo[];
    else this.prompts = (items as McpPromptInfo[]).map((p) => ({ ...p, arguments: p.arguments ?? [] }));
  }

  private addStderr(text: string): void {
    const lines = (this.partialStderr + text).split(/\r?\n/);
    this.partialStderr = (lines.pop() ?? '').slice(-2000);
    for (const line of lines) {
      if (line.trim() === '') continue;
      this.stderr.push(line.slice(0, 2000));
      this.options.log(`stderr: ${line.slice(0, 2000)}`);
    }
    if (this.stderr.length > STDERR_LINES) this.stderr.splice(0, this.stderr.length - STDERR_LINES);
  }

  private lastStderr(): string {
    const last = this.partialStderr || this.stderr[this.stderr.length - 1] || '';
    return last.length > 300 ? `${last.slice(0, 300)}…` : last;
  }
}

/**
 * Closes a connection; a stdio server gets its stdin closed and, if it is still there after a moment, SIGTERM (the
 * SDK alone would wait two seconds first, which every CLI run and restart would pay).
 */
async function closeQuickly(client: SdkClient): Promise<void> {
  const pid = (client.transport as { pid?: number | null } | undefined)?.pid;
  const timer = pid
    ? setTimeout(() => {
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          // already gone
        }
      }, STDIO_GRACE_MS)
    : undefined;
  try {
    await client.close();
  } catch {
    // closing a broken connection
  } finally {
    clearTimeout(timer);
  }
}

function startProblem(message: string, config: McpServerConfig): string {
  if (/ENOENT/.test(message) && config.transport === 'stdio') return `the command "${config.command}" was not found (is it installed and on PATH?)`;
  if (/\b401\b|Unauthorized/i.test(message)) return `the server refused the connection as unauthorized (401); check the token in its "headers" (a server without an Authorization header can be signed in to with OAuth)`;
  if (/timed out|-32001/.test(message)) return `the server did not finish starting in time (${message})`;
  return message.slice(0, 500);
}
