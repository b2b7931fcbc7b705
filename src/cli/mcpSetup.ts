// The terminal host's MCP servers: the `--mcp-config` files (the `mcpServers` JSON, or VS Code's mcp.json) are read,
// every server is started in parallel before the first model request, and their tools join the built-in ones.
// Nothing can be asked here except on a TTY: a tool the user did not allow with `--allow-mcp-tool` is still
// offered, and a call of it is refused with the flag that would allow it.
// A remote server that asks for OAuth sign-in gets it on a TTY (the address is printed, the run waits for the
// browser's redirect); without one it is left out with the reason, since no one could finish the sign-in.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseMcpConfigText, resolveLaunch, type McpServerConfig } from '../core/mcp/config';
import { McpServers } from '../core/mcp/servers';
import type { Tool } from '../core/tools/tool';
import type { TrustPolicy } from '../core/trust/policy';
import { UsageError } from './io';
import { cliOAuthFile, fileOAuthStore } from './mcpOAuthFile';

export interface CliMcp {
  servers: McpServers;
  tools: Tool[];
}

/** Reads the config files, starts every server and waits for them; `warn` gets one line per problem. */
export async function startCliMcp(
  files: readonly string[],
  options: {
    workspaceDir: string;
    env: NodeJS.ProcessEnv;
    policy: TrustPolicy;
    builtIn: readonly string[];
    version: string;
    warn: (line: string) => void;
    log?: (line: string) => void;
    /** A person is at the terminal (stdin is a TTY): servers that ask for sign-in print their address and wait. */
    interactive?: boolean;
    /** Learns every OAuth secret, so the output can hide it. */
    secret?: (value: string) => void;
    signal?: AbortSignal;
    signInTimeoutMs?: number;
  },
): Promise<CliMcp> {
  const configs: McpServerConfig[] = [];
  const problems: string[] = [];
  for (const file of files) {
    const text = await fs.readFile(path.resolve(file), 'utf8').catch((err: NodeJS.ErrnoException) => {
      throw new UsageError(`--mcp-config ${file} cannot be read (${err.code ?? err.message})`);
    });
    const parsed = parseMcpConfigText(text, 'command_line', file);
    if (parsed.servers.length === 0 && parsed.problems.length > 0) throw new UsageError(parsed.problems.join('; '));
    configs.push(...parsed.servers);
    problems.push(...parsed.problems);
  }
  const servers = new McpServers({
    policy: options.policy,
    workspaceTrusted: () => true,
    resolve: (config) => resolveLaunch(config, { workspaceFolder: options.workspaceDir, userHome: os.homedir(), env: options.env }),
    roots: () => [pathToFileURL(options.workspaceDir).href],
    log: (server, line) => options.log?.(`[mcp ${server}] ${line}`),
    clientVersion: options.version,
    oauth: { store: fileOAuthStore(cliOAuthFile(options.env)), secret: options.secret ?? (() => undefined) },
  });
  servers.update(configs, problems);
  await servers.start();
  if (options.interactive) await signInWhereAsked(servers, options);
  for (const problem of servers.problems) options.warn(`MCP config: ${problem}`);
  for (const state of servers.states()) {
    if (state.status !== 'running' && state.status !== 'disabled') {
      const tail = state.stderrTail.slice(-3).join(' | ');
      const hint = state.status === 'needs_sign_in' ? `; sign in once by running mini-coder on a terminal (a TTY), which prints the address to open; the tokens are then kept in ${cliOAuthFile(options.env)}` : '';
      options.warn(`MCP server "${state.name}" is not available (${state.status.replace(/_/g, ' ')}): ${state.message ?? 'no reason given'}${hint}${tail ? ` [stderr: ${tail}]` : ''}`);
    }
  }
  const offered = servers.tools(options.builtIn);
  for (const line of offered.leftOut) options.warn(`MCP tool left out: ${line}`);
  return { servers, tools: offered.tools };
}

/** On a TTY: each server that asks for sign-in prints its authorization address on stderr and waits for the redirect. */
async function signInWhereAsked(servers: McpServers, options: { env: NodeJS.ProcessEnv; warn: (line: string) => void; signal?: AbortSignal; signInTimeoutMs?: number }): Promise<void> {
  for (const state of servers.states()) {
    if (state.status !== 'needs_sign_in' || options.signal?.aborted) continue;
    const show = (url: string) => options.warn(`MCP server "${state.name}": ${state.message ?? 'it asks you to sign in'}. Open this address in your browser to sign in (the run waits${options.signInTimeoutMs ? '' : ' up to 5 minutes'}; Ctrl+C gives up):\n  ${url}`);
    try {
      await servers.signIn(state.name, show, { signal: options.signal, ...(options.signInTimeoutMs ? { timeoutMs: options.signInTimeoutMs } : {}) });
      options.warn(`MCP server "${state.name}": signed in; the tokens are kept in ${cliOAuthFile(options.env)}`);
    } catch (err) {
      options.warn(err instanceof Error ? err.message : String(err));
    }
  }
}
