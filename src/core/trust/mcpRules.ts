// The trust policy's rules for MCP servers (see policy.ts): a tool runs only when the user allowed it by name
// (`--allow-mcp-tool`, user settings) or answers the question; what the server says about its own tools
// (annotations) changes the question's words, never the decision. A server from a workspace's own files runs
// a command the repository chose, so it needs a trusted workspace and the user's word.
import type { Verdict } from './policy';

/** What the policy knows about one MCP tool call. Annotations are the server's claims, untrusted. */
export interface McpToolFacts {
  server: string;
  tool: string;
  annotations?: { readOnlyHint?: boolean; destructiveHint?: boolean; openWorldHint?: boolean };
}

/** Where a server's configuration came from: the user's own settings or flags, or the open workspace's files. */
export type McpServerOrigin = 'user' | 'command_line' | 'workspace';

export interface McpServerFacts {
  name: string;
  origin: McpServerOrigin;
  /** Whether the editor trusts the workspace (always true on the terminal, where the user named the config file). */
  workspaceTrusted: boolean;
  /** What starting it does, for the question: the command line of a stdio server, the URL of a remote one. */
  launches: string;
}

/** Allowed when a glob of the user's matches `server/tool`; otherwise asks, worded by the server's annotations. */
export function mcpToolVerdict(tool: McpToolFacts, allowGlobs: readonly string[]): Verdict {
  const scope = `${tool.server}/${tool.tool}`;
  if (allowGlobs.some((glob) => mcpGlob(glob).test(scope))) return { decision: 'allow' };
  return { decision: 'ask', reason: `${scope} is a tool of the MCP server "${tool.server}"; ${annotationNote(tool.annotations)}` };
}

/** User and command-line servers start; a workspace's start only in a trusted workspace, once the user said yes. */
export function mcpServerVerdict(server: McpServerFacts): Verdict {
  if (server.origin !== 'workspace') return { decision: 'allow' };
  if (!server.workspaceTrusted) {
    return { decision: 'deny', reason: `"${server.name}" comes from the workspace's .vscode/mcp.json, and MCP servers of a workspace start only when you trust the workspace` };
  }
  return { decision: 'ask', reason: `"${server.name}" comes from the workspace's .vscode/mcp.json and starting it runs: ${server.launches}` };
}

/**
 * Whether a user's glob (`*` any run of characters, `/` included; `?` one) names `server/tool`. Matched by the
 * classic wildcard walk, which goes back at most to the last `*`: no glob makes it slow.
 */
export function mcpGlob(glob: string): { test(scope: string): boolean } {
  const pattern = glob.trim();
  return {
    test(scope) {
      let p = 0;
      let s = 0;
      let star = -1;
      let resume = 0;
      while (s < scope.length) {
        if (p < pattern.length && (pattern[p] === '?' || pattern[p] === scope[s])) {
          p++;
          s++;
        } else if (p < pattern.length && pattern[p] === '*') {
          star = p++;
          resume = s;
        } else if (star >= 0) {
          p = star + 1;
          s = ++resume;
        } else {
          return false;
        }
      }
      while (pattern[p] === '*') p++;
      return p === pattern.length;
    },
  };
}

function annotationNote(annotations: McpToolFacts['annotations']): string {
  const claims: string[] = [];
  // The MCP spec's defaults: a tool that does not say it only reads may change things; one that does not say
  // otherwise is destructive and reaches the outside world.
  if (annotations?.readOnlyHint === true) claims.push('the server says it only reads');
  else if (annotations?.destructiveHint === false) claims.push('the server says it changes things but deletes nothing');
  else claims.push('the server says it may change or delete things');
  if (annotations?.openWorldHint !== false) claims.push('it may reach services outside this machine');
  return `${claims.join(', ')}. MCP tools run only with your approval (what a server says about its tools cannot allow them).`;
}
