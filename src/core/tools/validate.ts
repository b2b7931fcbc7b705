import type { JsonSchema } from '../model/types';

/**
 * Checks tool arguments against the subset of JSON Schema our tools use (object, string, integer, number,
 * boolean, array, enum, required, additionalProperties). Returns the problems, empty when the value fits.
 */
export function validateArguments(value: unknown, schema: JsonSchema, at = 'arguments'): string[] {
  const problems: string[] = [];
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.length > 0 && !types.some((t) => fitsType(value, t))) {
    problems.push(`${at} must be ${types.join(' or ')}, got ${describe(value)}`);
    return problems;
  }
  if (schema.enum && !schema.enum.includes(value)) {
    problems.push(`${at} must be one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) problems.push(`${at} must be ≥ ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) problems.push(`${at} must be ≤ ${schema.maximum}`);
  }
  if (Array.isArray(value) && schema.items) {
    value.forEach((item, i) => problems.push(...validateArguments(item, schema.items as JsonSchema, `${at}[${i}]`)));
  }
  if (isPlainObject(value) && (schema.properties || schema.required)) {
    for (const name of schema.required ?? []) {
      if (value[name] === undefined) problems.push(`${at}.${name} is required`);
    }
    for (const [name, v] of Object.entries(value)) {
      const propSchema = schema.properties?.[name];
      if (propSchema) {
        if (v !== undefined && v !== null) problems.push(...validateArguments(v, propSchema, `${at}.${name}`));
      } else if (schema.additionalProperties === false) {
        problems.push(`${at}.${name} is not a known parameter`);
      }
    }
  }
  return problems;
}

function fitsType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object':
      return isPlainObject(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'null':
      return value === null;
    default:
      return true;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
