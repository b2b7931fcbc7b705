/** The streams a CLI command talks through; tests pass their own. */
export interface CliIO {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

/** Exit codes of every command: a contract scripts rely on. */
export const EXIT = { ok: 0, failure: 1, usage: 2, refused: 3, interrupted: 130 } as const;

/** Raised for bad flags; main prints it with the usage hint and exits 2. */
export class UsageError extends Error {}

/** Parses a number flag, or throws a UsageError naming the flag. */
export function numberFlag(name: string, value: string | undefined, options: { integer?: boolean; min?: number; max?: number } = {}): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || (options.integer && !Number.isInteger(n))) {
    throw new UsageError(`--${name} must be ${options.integer ? 'a whole number' : 'a number'}, got "${value}"`);
  }
  if (options.min !== undefined && n < options.min) throw new UsageError(`--${name} must be at least ${options.min}`);
  if (options.max !== undefined && n > options.max) throw new UsageError(`--${name} must be at most ${options.max}`);
  return n;
}

/** Checks a flag's value is one of the allowed words. */
export function choiceFlag<T extends string>(name: string, value: unknown, choices: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be one of ${choices.join(', ')}; got "${String(value)}"`);
  }
  return value as T;
}
