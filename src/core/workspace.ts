/**
 * The engine's view of the files it works on. Paths are workspace-relative with `/` separators;
 * implementations resolve them inside the workspace root(s) and refuse anything that escapes.
 * Implemented on the file system (terminal host) and on the VS Code API (editor, with unsaved text).
 */
export interface Workspace {
  /** Absolute path of the (first) workspace root, for display only. */
  readonly rootLabel: string;
  /**
   * The current text of a file (an open editor's unsaved text where there is one). Throws a `tool` error if missing,
   * binary, not a regular file or too large. `guard` (the trust policy) sees the real path and the first bytes of
   * the file that was actually opened before any of its text is returned; it throws to refuse.
   */
  readText(path: string, guard?: ReadGuard): Promise<string>;
  /** One page of a file's numbered lines, read without holding the whole file (read_file on a 200 MB log). */
  readPage(path: string, request: PageRequest, guard?: ReadGuard): Promise<Page>;
  /** The workspace-relative path a path really names, after `..`, `./` and links; throws when it leads outside. */
  realPath(path: string): Promise<string>;
  /** Whether the path exists and what it is. */
  stat(path: string): Promise<FileStat | undefined>;
  /** Entries under a folder, ignoring what .gitignore ignores (and `.git`). */
  list(path: string, options: { recursive: boolean; limit?: number }): Promise<DirEntry[]>;
  /**
   * Text search across files, off the host's thread (ignored files, links and special files skipped; secret,
   * large and binary files skipped and counted). Ends when the signal aborts or the time limit passes, and
   * says in `stopped` when and why it ended early. Throws a `tool` error for a bad query or include glob.
   */
  search(query: SearchQuery, options?: { signal?: AbortSignal }): Promise<SearchOutcome>;
  /** Applies a set of reviewed changes atomically: every change or none. */
  applyChanges(changes: FileChange[]): Promise<void>;
  /** Diagnostics (errors, warnings) for a file or all files; empty where the host has none. */
  diagnostics?(path?: string): Promise<Diagnostic[]>;
}

/** Checks a file before its content is used: throws to refuse (the trust policy's read check). */
export type ReadGuard = (file: { realPath: string; head: string }) => Promise<void>;

/** Which lines of a file to read: from `startLine` (and `startChar` inside it, for a line longer than a page). */
export interface PageRequest {
  startLine: number;
  endLine?: number;
  /** 0-based character offset inside `startLine` to continue a long line from. */
  startChar?: number;
  maxLines: number;
  /** Characters of line text in one page, however the lines fall. */
  maxChars: number;
}

export interface PageLine {
  line: number;
  text: string;
  /** Offset of `text` inside the line (non-zero when continuing a long line). */
  fromChar: number;
  /** The line's full length, when only part of it is in `text`. */
  lineLength?: number;
}

export interface Page {
  lines: PageLine[];
  totalLines: number;
  /** Where the next page starts, when the request was cut by the page limits. */
  next?: { line: number; char: number };
}

export interface FileStat {
  type: 'file' | 'directory';
  size: number;
  mtimeMs: number;
}

export interface DirEntry {
  path: string;
  type: 'file' | 'directory';
}

export interface SearchQuery {
  query: string;
  isRegex?: boolean;
  /** A glob such as `src/**\/*.ts`. */
  include?: string;
  maxResults?: number;
  /** Files read before the search stops (default 50,000). */
  maxFiles?: number;
  /** When the search stops, in milliseconds (default 30 s). */
  timeLimitMs?: number;
  /** The user's read rules (the trust policy's, as data): which files count as secrets beyond the built-in ones, and which are allowed. */
  readRules?: SearchReadRules;
}

export interface SearchMatch {
  path: string;
  line: number; // 1-based
  text: string;
}

/** The trust policy's read rules as data, for a search that skips secrets in another thread. */
export interface SearchReadRules {
  /** Globs the user never wants read (treated like secrets). */
  excludeRead: readonly string[];
  /** Globs the user allows although they look secret. */
  allowRead: readonly string[];
  /** Real workspace-relative paths the user allowed for this session ("always"), matched exactly. */
  allowedFiles?: readonly string[];
}

/** What a search found, what it left out, and whether it ended early. */
export interface SearchOutcome {
  matches: SearchMatch[];
  /** Files whose text was searched. */
  filesSearched: number;
  skipped: SearchSkips;
  /** Set when the search ended before it had looked at every file. */
  stopped?: { reason: SearchStopReason; detail: string };
}

/** Files the search did not read, by why. */
export interface SearchSkips {
  /** Secret files (by name or content, as the trust policy judges them): the user can allow them. */
  secret: number;
  /** Larger than the search reads. */
  large: number;
  binary: number;
  /** FIFOs, devices, sockets. */
  special: number;
  /** Symbolic links, never followed. */
  links: number;
  /** Could not be opened (permissions, vanished). */
  unreadable: number;
}

export type SearchStopReason = 'max_results' | 'max_files' | 'time_limit' | 'cancelled' | 'memory_limit';

export interface Diagnostic {
  path: string;
  line: number; // 1-based
  column: number; // 1-based
  severity: 'error' | 'warning' | 'info' | 'hint';
  message: string;
  source?: string;
  code?: string;
}

/**
 * One file's part of an edit. `oldText` is the text the edit was computed against: an applier must
 * check the file still has it (stale-copy protection) and refuse otherwise.
 */
export type FileChange =
  | { kind: 'add'; path: string; newText: string }
  | { kind: 'update'; path: string; oldText: string; newText: string; /** set when the file is also moved */ moveTo?: string }
  | { kind: 'delete'; path: string; oldText: string };

/**
 * Presents an edit the trust policy decided on: `verdict` allow means apply it without asking; ask means the user
 * must see it first (the terminal asks on a TTY and refuses otherwise, the editor shows a diff), with the reason.
 */
export interface EditReviewer {
  review(changes: FileChange[], context: { summary: string; signal?: AbortSignal; verdict: WriteVerdict }): Promise<ReviewDecision>;
}

/** The trust policy's decision on an edit (see core/trust/policy.ts). */
export type WriteVerdict = { decision: 'allow' } | { decision: 'ask'; reason: string; sensitive: boolean };

export type ReviewDecision =
  | { approved: true; /** the reviewer applied the changes itself (e.g. through a WorkspaceEdit) */ applied?: boolean }
  | { approved: false; reason: string };
