// MCP tools as the agent's tools: a unique API-valid name, the server's schema adapted, every call through the
// trust policy (Allow once / Always allow this tool / Deny unless the user allowed it by name), the result
// bounded and its images passed on.
import type { Tool, ToolResult } from '../tools/tool';
import type { McpConnection, McpToolInfo } from './connection';
import { nameTools, type ToolToName } from './toolNames';
import { adaptToolSchema } from './toolSchema';
import { outputValidator } from './outputValidator';
import { formatToolResult } from './toolResult';

/** The most tools offered to the model in one request, built-in ones included (the APIs cap it at 128). */
export const MAX_TOOLS = 128;
const MAX_DESCRIPTION = 2_000;
const MAX_ARGS_SHOWN = 2_000;

export interface OfferedTools {
  tools: Tool[];
  /** Tools not offered, each with the reason ("github/x: its input schema is …"). */
  leftOut: string[];
}

/** The tools of every running server, named and ordered the same way each time (the request prefix stays cacheable). */
export function offerMcpTools(connections: readonly McpConnection[], builtIn: readonly string[] = []): OfferedTools {
  const leftOut: string[] = [];
  const candidates: Array<ToolToName & { connection: McpConnection; info: McpToolInfo; schema: Tool['parameters'] }> = [];
  const sorted = [...connections].sort((a, b) => compare(a.config.name, b.config.name));
  for (const connection of sorted) {
    const { status, tools } = connection.state;
    if (status !== 'running') continue;
    for (const info of [...tools].sort((a, b) => compare(a.name, b.name))) {
      const adapted = adaptToolSchema(info.inputSchema);
      if (!adapted.ok) {
        leftOut.push(`${connection.config.name}/${info.name}: ${adapted.reason}`);
        continue;
      }
      candidates.push({ server: connection.config.name, tool: info.name, connection, info, schema: adapted.schema });
    }
  }
  const room = Math.max(0, MAX_TOOLS - builtIn.length);
  for (const extra of candidates.slice(room)) leftOut.push(`${extra.server}/${extra.tool}: more than ${MAX_TOOLS} tools in all; disable servers you do not need`);
  const offered = candidates.slice(0, room);
  const names = nameTools(offered, builtIn);
  return { tools: offered.map((c) => mcpTool(names.get(c)!, c.connection, c.info, c.schema)), leftOut };
}

function mcpTool(name: string, connection: McpConnection, info: McpToolInfo, parameters: Tool['parameters']): Tool {
  const server = connection.config.name;
  const scope = `${server}/${info.name}`;
  const about = (info.description ?? info.title ?? info.annotations?.title ?? '').trim();
  return {
    name,
    description: `${about.length > MAX_DESCRIPTION ? `${about.slice(0, MAX_DESCRIPTION)}…` : about}${about ? '\n' : ''}(Tool "${info.name}" of the MCP server "${server}".)`,
    parameters,
    // Run in order with the other tools: what a server says about its tools is not relied on.
    readOnly: false,
    timeLimitMs: () => connection.config.timeoutMs ?? 60_000,
    async run(args, context): Promise<ToolResult> {
      const verdict = context.trust.policy.mcpTool({ server, tool: info.name, annotations: info.annotations });
      // The arguments are shown only when the user is asked.
      const shownArgs = verdict.decision === 'ask' ? JSON.stringify(args, null, 2) : '';
      await context.trust.check(
        verdict,
        {
          kind: 'mcp_tool',
          title: `Run ${info.title ?? info.annotations?.title ?? info.name} (${scope})`,
          scope,
          detail: shownArgs.length > MAX_ARGS_SHOWN ? `${shownArgs.slice(0, MAX_ARGS_SHOWN)}…` : shownArgs,
        },
        context.signal,
        (why) => `The MCP tool ${scope} was not run: ${why}.`,
      );
      const raw = await connection.callTool(info.name, args, context.signal);
      const result = formatToolResult(raw);
      const mismatch = schemaMismatch(info.outputSchema, raw.structuredContent);
      return {
        output: mismatch ? `${result.output}\n[the structured content does not match the tool's output schema: ${mismatch}]` : result.output,
        isError: result.isError,
        ...(result.images.length > 0 ? { images: result.images } : {}),
        detail: { server, tool: info.name, truncated: result.truncated, images: result.images.length },
      };
    },
  };
}

/** Why structured content does not fit the tool's declared output schema (the engine's validator), or undefined. */
function schemaMismatch(schema: unknown, content: unknown): string | undefined {
  if (content === undefined || typeof schema !== 'object' || schema === null) return undefined;
  const checked = outputValidator.getValidator(schema)(content);
  return checked.valid ? undefined : checked.errorMessage;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
