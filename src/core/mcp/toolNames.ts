// Names the model calls MCP tools by: `server__tool`, valid for the model APIs (`^[A-Za-z0-9_-]{1,64}$`) and
// unique across every server and the built-in tools, so two servers' `search` never collide.
import { createHash } from 'node:crypto';

const MAX_NAME = 64;
const VALID = /^[A-Za-z0-9_-]{1,64}$/;

/** One tool to name. */
export interface ToolToName {
  server: string;
  tool: string;
}

/**
 * Gives each tool a name the API accepts that contains its server's and its own name: characters outside
 * `A-Za-z0-9_-` become `_`; a name too long, or taken, ends in a short hash of the original pair instead.
 * Deterministic: the same tools always get the same names (the request prefix stays cacheable).
 */
export function nameTools(tools: readonly ToolToName[], taken: Iterable<string> = []): Map<ToolToName, string> {
  const used = new Set(taken);
  const names = new Map<ToolToName, string>();
  for (const t of tools) {
    let name = `${clean(t.server)}__${clean(t.tool)}`;
    if (name.length > MAX_NAME || used.has(name)) name = withHash(name, t);
    names.set(t, name);
    used.add(name);
  }
  return names;
}

/** Whether the API accepts a function name. */
export function isValidToolName(name: string): boolean {
  return VALID.test(name);
}

function clean(part: string): string {
  return part.replace(/[^A-Za-z0-9_-]/g, '_') || '_';
}

function withHash(name: string, t: ToolToName): string {
  const hash = createHash('sha256').update(`${t.server}\u0000${t.tool}`).digest('hex').slice(0, 8);
  return `${name.slice(0, MAX_NAME - hash.length - 1)}_${hash}`;
}
