import { randomBytes } from 'node:crypto';

/** A JSON object as read off the wire, before we know its shape. */
export type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * JSON text for a request body, with bigints written as exact integer literals: a seed up to
 * 9223372036854775807 reaches the wire digit for digit, where a JS number would round above 2^53.
 */
export function toExactJson(value: unknown): string {
  // A marker no string in the body can contain: it is random per call.
  const marker = `bigint-${randomBytes(8).toString('hex')}:`;
  let sawBigint = false;
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v !== 'bigint') return v;
    sawBigint = true;
    return `${marker}${v.toString()}`;
  });
  return sawBigint ? text.replace(new RegExp(`"${marker}(-?\\d+)"`, 'g'), '$1') : text;
}
