// Real MCP servers for tests: the registry's server-everything and server-filesystem (devDependencies), our own
// misbehaving one, and the engine's McpServers around them with the real trust policy.
import { spawn, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import * as assert from 'node:assert/strict';
import { FsWorkspace } from '../../src/core/fsWorkspace';
import type { McpServerConfig } from '../../src/core/mcp/config';
import type { Tool, ToolContext } from '../../src/core/tools/tool';
import type { Approvals } from '../../src/core/trust/approvals';
import { McpServers } from '../../src/core/mcp/servers';
import { DEFAULT_RULES, TrustPolicy, type TrustRules } from '../../src/core/trust/policy';

const modules = path.resolve(__dirname, '..', '..', 'node_modules');
export const EVERYTHING = path.join(modules, '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');
export const FILESYSTEM = path.join(modules, '@modelcontextprotocol', 'server-filesystem', 'dist', 'index.js');
export const MISBEHAVING = path.join(__dirname, 'misbehavingMcpServer.js');

/** A stdio server run by this Node. */
export function nodeServer(name: string, script: string, args: string[] = [], extra: Partial<McpServerConfig> = {}): McpServerConfig {
  return { name, origin: 'command_line', source: 'test', transport: 'stdio', command: process.execPath, args: [script, ...args], env: {}, timeoutMs: 20_000, ...extra };
}

/** McpServers on the real policy; `logs` collects each server's log lines. */
export function testServers(configs: McpServerConfig[], options: { rules?: Partial<TrustRules>; roots?: string[]; trusted?: boolean; approveStart?: ConstructorParameters<typeof McpServers>[0]['approveStart']; oauth?: ConstructorParameters<typeof McpServers>[0]['oauth'] } = {}): McpServers & { logs: string[] } {
  const logs: string[] = [];
  const servers = new McpServers({
    policy: new TrustPolicy(() => ({ ...DEFAULT_RULES, ...options.rules })),
    workspaceTrusted: () => options.trusted ?? true,
    ...(options.approveStart ? { approveStart: options.approveStart } : {}),
    ...(options.oauth ? { oauth: options.oauth } : {}),
    resolve: async (c) => c,
    roots: () => (options.roots ?? []).map((r) => `file://${r}`),
    log: (server, line) => logs.push(`${server}: ${line}`),
    clientVersion: '0.0.0-test',
  }) as McpServers & { logs: string[] };
  servers.logs = logs;
  servers.update(configs);
  return servers;
}

/** A free port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** server-everything over HTTP (`streamableHttp` or `sse`) on a free port; stop() ends it. */
export async function startEverythingHttp(mode: 'streamableHttp' | 'sse' = 'streamableHttp'): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [EVERYTHING, mode], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let said = '';
    const timer = setTimeout(() => reject(new Error(`server-everything ${mode} did not start: ${said}`)), 15_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      if (/listening|running on port/i.test(said)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`server-everything exited with ${code}: ${said}`)));
  });
  return {
    url: `http://127.0.0.1:${port}/${mode === 'sse' ? 'sse' : 'mcp'}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Runs one offered MCP tool the way the agent loop does, with the given trust. */
export async function runTool(servers: McpServers, name: string, args: Record<string, unknown>, trust: Approvals, signal?: AbortSignal) {
  const tool: Tool | undefined = servers.tools().tools.find((t) => t.name === name);
  assert.ok(tool, `${name} is offered (offered: ${servers.tools().tools.map((t) => t.name).join(', ')})`);
  const context: ToolContext = {
    workspace: new FsWorkspace(process.cwd()),
    reviewer: { review: async () => ({ approved: false, reason: 'MCP tools never edit through the reviewer' }) },
    trust,
    signal,
  };
  return tool.run(args, context);
}

