// What crosses the boundary between a host and its search worker: plain data only (structured clone), so the
// worker rebuilds every matcher and filter itself and nothing with behaviour is shared between threads.
import type { SearchMatch, SearchOutcome, SearchReadRules, SearchSkips } from '../workspace';

/** One workspace folder to search. */
export interface SearchFolder {
  /** The folder's real path (links resolved): the secret filter judges paths relative to it. */
  root: string;
  /** Put before each path shown (`name/` for a folder of a multi-root workspace, '' otherwise). */
  prefix: string;
  /** The files to search, relative to `root`; when absent the worker walks the folder itself. */
  files?: string[];
  /** Set when the host's list stopped at this many files: the folder holds more than were searched. */
  listLimit?: number;
  /** Unsaved editor text by relative path, searched instead of what is on disk. */
  overrides?: Record<string, string>;
}

export interface SearchRequest {
  folders: SearchFolder[];
  query: string;
  isRegex: boolean;
  include?: string;
  maxResults: number;
  maxFiles: number;
  /** Files larger than this are skipped and counted. */
  maxFileBytes: number;
  /** The trust policy's read rules, from which the worker builds the same secret filter. */
  readRules: SearchReadRules;
}

/** What the worker starts with. */
export interface WorkerInput {
  request: SearchRequest;
  /** `Date.now()` after which the worker stops on its own, between files. */
  deadline: number;
}

/** Worker → host. Matches arrive as they are found, so a worker ended from outside still leaves its finds. */
export type WorkerMessage =
  | { type: 'progress'; matches: SearchMatch[]; filesSearched: number; skipped: SearchSkips }
  | { type: 'done'; stopped?: SearchOutcome['stopped'] }
  | { type: 'failed'; message: string };

export function noSkips(): SearchSkips {
  return { secret: 0, large: 0, binary: 0, special: 0, links: 0, unreadable: 0 };
}
