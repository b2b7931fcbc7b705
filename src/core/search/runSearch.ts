// The whole search, as the worker runs it: list each folder's files (its own walk honouring every .gitignore,
// or the host's list), keep those the include glob names, skip what the trust policy calls a secret (counted)
// and what is not a small regular text file (counted), and match the rest line by line. Progress is reported as
// it goes so that a worker ended from outside still leaves what it found.
import { MiniCoderError } from '../errors';
import { walkEntries } from '../fileWalk';
import { compileGlob, type GlobMatcher } from '../glob';
import { SECRET_SNIFF_BYTES, secretFilter } from '../trust/secretFiles';
import type { SearchMatch, SearchOutcome, SearchSkips } from '../workspace';
import { unignoredFiles } from './listedFiles';
import { compileQuery, type QueryMatcher } from './queryMatcher';
import { readCandidate } from './readCandidate';
import { noSkips, type SearchFolder, type SearchRequest } from './request';

export interface SearchProgress {
  /** Matches found since the last report. */
  matches: SearchMatch[];
  filesSearched: number;
  skipped: SearchSkips;
}

/** How often progress is reported when nothing new was found. */
const QUIET_REPORT_MS = 250;

/**
 * Runs a search to its end or to `deadline` (`Date.now()` time), reporting progress on the way; resolves to how
 * it stopped (undefined when every file was searched). Throws a `tool` error for a bad query or glob.
 */
export async function runSearch(
  request: SearchRequest,
  deadline: number,
  report: (progress: SearchProgress) => void,
): Promise<SearchOutcome['stopped']> {
  const matcher = compileQuery(request.query, request.isRegex);
  const include = request.include ? includeGlob(request.include) : undefined;
  const filter = secretFilter({ exclude: request.readRules.excludeRead, allow: request.readRules.allowRead });
  const allowedFiles = new Set(request.readRules.allowedFiles ?? []);
  // The policy judges a file by its real path and by the path shown; one the user allowed is read whatever it holds.
  const secrets = (rel: string, shown: string, heads: string[]) =>
    !allowedFiles.has(rel) && heads.some((h) => filter(rel, h) !== undefined || (shown !== rel && filter(shown, h) !== undefined));
  const state = new SearchState(report);
  try {
    for (const folder of request.folders) {
      const stopped = await searchFolder(folder, { request, matcher, include, secrets, deadline, state });
      if (stopped) return stopped;
    }
    return undefined;
  } finally {
    state.flush();
  }
}

interface FolderSearch {
  request: SearchRequest;
  matcher: QueryMatcher;
  include: GlobMatcher | undefined;
  secrets: (rel: string, shown: string, heads: string[]) => boolean;
  deadline: number;
  state: SearchState;
}

async function searchFolder(folder: SearchFolder, search: FolderSearch): Promise<SearchOutcome['stopped']> {
  const { request, matcher, include, secrets, deadline, state } = search;
  const timeUp = () => Date.now() >= deadline;
  const timeLimit = { reason: 'time_limit' as const, detail: 'its time limit passed' };
  for await (const entry of filesOf(folder)) {
    if (timeUp()) return timeLimit;
    const shown = folder.prefix + entry.path;
    if (include && !include.test(shown) && !include.test(entry.path)) continue;
    if (entry.type !== 'file') {
      state.skip(entry.type === 'link' ? 'links' : 'special');
      continue;
    }
    if (state.filesSearched >= request.maxFiles) {
      return { reason: 'max_files', detail: `it reached the limit of ${request.maxFiles.toLocaleString('en-US')} files searched` };
    }
    const candidate = readCandidate(folder.root, entry.path, request.maxFileBytes);
    if (candidate.kind === 'skip') {
      // A large file is not read, so only its name can say it is a secret.
      state.skip(candidate.why === 'large' && secrets(entry.path, shown, ['']) ? 'secret' : candidate.why);
      continue;
    }
    const override = folder.overrides?.[entry.path];
    const text = override ?? candidate.text;
    if (secrets(entry.path, shown, override === undefined ? [candidate.head] : [candidate.head, override.slice(0, SECRET_SNIFF_BYTES)])) {
      state.skip('secret');
      continue;
    }
    if (override !== undefined && override.length > request.maxFileBytes) {
      state.skip('large');
      continue;
    }
    state.filesSearched++;
    let full = false;
    let cut = false;
    matcher.scan(
      text,
      (line, lineText) => {
        state.found({ path: shown, line, text: lineText });
        full = state.matchCount >= request.maxResults;
        return !full;
      },
      () => (cut = timeUp()),
    );
    if (cut) return timeLimit;
    if (full) return { reason: 'max_results', detail: `it found ${request.maxResults.toLocaleString('en-US')} matches` };
    state.reportNowAndThen();
  }
  if (folder.listLimit !== undefined) {
    return { reason: 'max_files', detail: `the editor listed only the first ${folder.listLimit.toLocaleString('en-US')} files of ${folder.prefix || 'the workspace'}` };
  }
  return undefined;
}

type FolderEntry = { path: string; type: 'file' | 'link' | 'special' };

/** The folder's files: the host's list (filtered by .gitignore) or the worker's own walk. */
async function* filesOf(folder: SearchFolder): AsyncGenerator<FolderEntry> {
  if (folder.files) {
    const safe = folder.files.filter((rel) => rel !== '' && !rel.split('/').some((s) => s === '' || s === '.' || s === '..'));
    for await (const rel of unignoredFiles(folder.root, safe)) yield { path: rel, type: 'file' };
    return;
  }
  for await (const entry of walkEntries(folder.root, '', { recursive: true, includeDirectories: false, others: true })) {
    if (entry.type !== 'directory') yield entry as FolderEntry;
  }
}

function includeGlob(glob: string): GlobMatcher {
  try {
    return compileGlob(glob);
  } catch (err) {
    throw new MiniCoderError({ kind: 'tool', message: `The include glob is not usable: ${(err as Error).message}` });
  }
}

/** Counts and matches so far, and what has not been reported yet. */
class SearchState {
  filesSearched = 0;
  matchCount = 0;
  private readonly skipped = noSkips();
  private unreported: SearchMatch[] = [];
  private lastReport = Date.now();

  constructor(private readonly report: (progress: SearchProgress) => void) {}

  skip(why: keyof SearchSkips): void {
    this.skipped[why]++;
  }

  found(match: SearchMatch): void {
    this.unreported.push(match);
    this.matchCount++;
  }

  /** Reports when there are new matches or some time has passed, so the host always holds what was found. */
  reportNowAndThen(): void {
    if (this.unreported.length > 0 || Date.now() - this.lastReport >= QUIET_REPORT_MS) this.flush();
  }

  flush(): void {
    this.report({ matches: this.unreported, filesSearched: this.filesSearched, skipped: { ...this.skipped } });
    this.unreported = [];
    this.lastReport = Date.now();
  }
}
