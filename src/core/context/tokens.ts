import { createHash } from 'node:crypto';

/** The operations the packer needs from a tokenizer; o200k_base in production, a stub in some tests. */
export interface Tokenizer {
  count(text: string): number;
  /** The count when it is at most `limit`, otherwise undefined; may stop reading early. */
  countWithin?(text: string, limit: number): number | undefined;
  /** The text of the first `limit` tokens (possibly ending mid-line), or undefined when the whole text fits. */
  leadingText?(text: string, limit: number): string | undefined;
}

/** Tokens a message costs beyond its text (role and framing); generous for the Responses API. */
export const MESSAGE_OVERHEAD_TOKENS = 4;
/** Allowance per place where two separately counted texts are joined (BPE may merge across). */
export const JOIN_SLACK_TOKENS = 2;

/** Content hash used as a cache key and to tell whether a source changed between turns. */
export function hashText(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

// Short texts (tags, headers) are their own key: hashing them would cost more than it saves.
const INLINE_KEY_LIMIT = 160;

interface CacheEntry {
  /** The exact count, when known. */
  exact?: number;
  /** Known: the count is above this. */
  above?: number;
}

/**
 * Counts tokens with a content-keyed cache, so unchanged text is never tokenized twice. Bounded (LRU)
 * so a long session does not grow without limit.
 */
export class TokenCounter {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly maxEntries: number;
  /** How many counts were answered from the cache / by the tokenizer (for tests and benchmarks). */
  readonly stats = { hits: 0, misses: 0 };

  constructor(private readonly tokenizer: Tokenizer, options: { maxEntries?: number } = {}) {
    this.maxEntries = options.maxEntries ?? 20_000;
  }

  /** The exact token count of `text`. */
  count(text: string): number {
    const key = cacheKey(text);
    const entry = this.lookup(key);
    if (entry?.exact !== undefined) {
      this.stats.hits++;
      return entry.exact;
    }
    this.stats.misses++;
    const exact = this.tokenizer.count(text);
    this.store(key, { exact });
    return exact;
  }

  /** The exact count when it is at most `limit`; undefined when the text is longer (read only as far as needed). */
  countWithin(text: string, limit: number): number | undefined {
    if (limit < 0) return undefined;
    const key = cacheKey(text);
    const entry = this.lookup(key);
    if (entry?.exact !== undefined) {
      this.stats.hits++;
      return entry.exact <= limit ? entry.exact : undefined;
    }
    if (entry?.above !== undefined && entry.above >= limit) {
      this.stats.hits++;
      return undefined;
    }
    this.stats.misses++;
    if (!this.tokenizer.countWithin) {
      const exact = this.tokenizer.count(text);
      this.store(key, { exact });
      return exact <= limit ? exact : undefined;
    }
    const within = this.tokenizer.countWithin(text, limit);
    // A miss here means no earlier bound covered `limit`, so `limit` is the best lower bound known.
    this.store(key, within === undefined ? { above: limit } : { exact: within });
    return within;
  }

  /** The text of roughly the first `limit` tokens, or undefined when the whole text fits (not cached: used for cutting). */
  leadingText(text: string, limit: number): string | undefined {
    if (this.tokenizer.leadingText) return this.tokenizer.leadingText(text, limit);
    return leadingLines(text, limit, (line) => this.tokenizer.count(line));
  }

  private lookup(key: string): CacheEntry | undefined {
    const entry = this.cache.get(key);
    if (entry) {
      // Refresh recency: Map keeps insertion order, the oldest key is evicted first.
      this.cache.delete(key);
      this.cache.set(key, entry);
    }
    return entry;
  }

  private store(key: string, entry: CacheEntry): void {
    this.cache.delete(key);
    this.cache.set(key, entry);
    if (this.cache.size > this.maxEntries) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
  }
}

function cacheKey(text: string): string {
  return text.length <= INLINE_KEY_LIMIT ? `=${text}` : `#${text.length}:${hashText(text)}`;
}

// Fallback for tokenizers without `leadingText`: whole lines while their summed counts stay in the limit.
function leadingLines(text: string, limit: number, count: (line: string) => number): string | undefined {
  let used = 0;
  let end = 0;
  while (end < text.length) {
    const newline = text.indexOf('\n', end);
    const next = newline < 0 ? text.length : newline + 1;
    used += count(text.slice(end, next));
    if (used > limit) return text.slice(0, end);
    end = next;
  }
  return undefined;
}

type O200k = typeof import('gpt-tokenizer/cjs/encoding/o200k_base');

// Files may legitimately contain `<|endoftext|>`; the service reads it as plain text, so do we.
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

function o200kTokenizer(encoding: O200k): Tokenizer {
  return {
    count: (text) => encoding.countTokens(text, PLAIN_TEXT),
    countWithin: (text, limit) => {
      const n = encoding.isWithinTokenLimit(text, limit, PLAIN_TEXT);
      return n === false ? undefined : n;
    },
    leadingText: (text, limit) => {
      const tokens: number[] = [];
      for (const piece of encoding.encodeGenerator(text, PLAIN_TEXT)) {
        for (const token of piece) tokens.push(token);
        if (tokens.length > limit) return encoding.decode(tokens.slice(0, limit));
      }
      return undefined;
    },
  };
}

/** A new o200k_base counter with its own empty cache (benchmarks, isolated sessions); loads the tables on first use. */
export async function createTokenCounter(options: { maxEntries?: number } = {}): Promise<TokenCounter> {
  return new TokenCounter(o200kTokenizer(requireO200k()), options);
}

let shared: Promise<TokenCounter> | undefined;

/**
 * The process-wide o200k_base counter (GPT-5.4 Mini's encoding). The tokenizer's tables are loaded on
 * first use, not at import, so commands that never count tokens start fast.
 */
export function loadTokenCounter(): Promise<TokenCounter> {
  shared ??= Promise.resolve().then(() => new TokenCounter(o200kTokenizer(requireO200k())));
  return shared;
}

function requireO200k(): O200k {
  // `require`, not `import()`: the package's `encoding/*` entry resolves for both, but TypeScript's node
  // resolution only finds its types under `cjs/`, and an ESM import of `cjs/*` is refused by its exports.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('gpt-tokenizer/encoding/o200k_base') as O200k;
}
