import { MiniCoderError } from './errors';

/** The RegExp a `search_text` query means: a regular expression, or literal text matched case-insensitively. */
export function searchPattern(query: string, isRegex: boolean | undefined): RegExp {
  if (!isRegex) return new RegExp(query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
  try {
    return new RegExp(query);
  } catch (err) {
    throw new MiniCoderError({ kind: 'tool', message: `Invalid regular expression: ${(err as Error).message}` });
  }
}
