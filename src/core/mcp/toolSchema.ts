// An MCP tool's input schema as the model APIs accept it. The APIs want an object schema at the top (no
// `anyOf`/`oneOf`/`allOf`/`not`/`enum` there) and `items` on every array; anything else goes through as the
// server wrote it. A schema that cannot be made acceptable leaves the tool out, with the reason shown.
import type { JsonSchema } from '../model/types';

/** Characters of JSON a tool's schema may take: tool schemas are sent with every request. */
export const MAX_SCHEMA_CHARS = 32_000;

const TOP_LEVEL_REFUSED = ['anyOf', 'oneOf', 'allOf', 'not', 'enum', '$schema'];

export type AdaptedSchema = { ok: true; schema: JsonSchema; changes: string[] } | { ok: false; reason: string };

/** Adapts `inputSchema` for the API, saying what it changed, or why the tool must be left out. */
export function adaptToolSchema(inputSchema: unknown): AdaptedSchema {
  if (inputSchema === undefined || inputSchema === null) return { ok: true, schema: { type: 'object', properties: {} }, changes: ['no input schema: takes no arguments'] };
  if (typeof inputSchema !== 'object' || Array.isArray(inputSchema)) return { ok: false, reason: 'its input schema is not a JSON object' };
  let text: string;
  try {
    text = JSON.stringify(inputSchema);
  } catch {
    return { ok: false, reason: 'its input schema cannot be written as JSON' };
  }
  if (text.length > MAX_SCHEMA_CHARS) return { ok: false, reason: `its input schema is ${Math.round(text.length / 1000)} K characters, more than the ${MAX_SCHEMA_CHARS / 1000} K sent with every request` };
  const schema = JSON.parse(text) as JsonSchema;
  const type = schema.type;
  if (type !== undefined && type !== 'object') return { ok: false, reason: `its input schema is of type ${JSON.stringify(type)}; the model API takes only an object of arguments` };
  const changes: string[] = [];
  schema.type = 'object';
  if (schema.properties === undefined || typeof schema.properties !== 'object') schema.properties = {};
  for (const key of TOP_LEVEL_REFUSED) {
    if (key in schema) {
      delete schema[key];
      if (key !== '$schema') changes.push(`dropped top-level "${key}"`);
    }
  }
  const fixed = addMissingItems(schema);
  if (fixed > 0) changes.push(`gave ${fixed} array${fixed === 1 ? '' : 's'} without "items" an open item schema`);
  return { ok: true, schema, changes };
}

// Arrays without `items` are refused by the API ("array schema missing items"), at any depth.
function addMissingItems(node: unknown, depth = 0): number {
  if (depth > 64 || typeof node !== 'object' || node === null) return 0;
  if (Array.isArray(node)) return node.reduce((n: number, child) => n + addMissingItems(child, depth + 1), 0);
  const schema = node as Record<string, unknown>;
  let fixed = 0;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes('array') && schema.items === undefined) {
    schema.items = {};
    fixed++;
  }
  for (const value of Object.values(schema)) fixed += addMissingItems(value, depth + 1);
  return fixed;
}
