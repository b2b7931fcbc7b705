// The host's side of a search: the whole search runs in a worker thread started for it, so no regex, glob or
// file can hold the host's thread (the extension host runs every extension on one). The worker is ended, and
// gone before this resolves, when the user stops, at the time limit (a grace second after the worker's own
// deadline, for a match that does not return), or when it runs out of its memory budget; what it had found by
// then is kept and the outcome says why it ended early. One worker per search: starting one costs tens of
// milliseconds against seconds of model time, and nothing runs while no search does.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { MiniCoderError } from '../errors';
import type { SearchOutcome, SearchQuery } from '../workspace';
import { noSkips, type SearchFolder, type SearchRequest, type WorkerInput, type WorkerMessage } from './request';

/** The worker bundle's file name, next to dist/cli.js and dist/extension.js. */
export const SEARCH_WORKER_FILE = 'searchWorker.js';
/** How long after its time limit a worker that has not stopped by itself is ended. */
export const GRACE_MS = 1000;
const TSX_LOADER = 'tsx/cjs';
/** The worker's heap: far more than a search needs (files are read one at a time, at most a few MB each). */
const WORKER_HEAP_MB = 256;

export interface SearchRun {
  signal?: AbortSignal;
  timeLimitMs: number;
  /** The worker's script; by default the bundle next to this one, or the TypeScript source when run under tsx. */
  workerScript?: string;
}

/** Files searched before a search stops, unless the query says otherwise. */
export const DEFAULT_MAX_FILES = 50_000;
export const DEFAULT_MAX_RESULTS = 200;
export const DEFAULT_TIME_LIMIT_MS = 30_000;
/** Larger files are skipped (and counted): read_file pages through them. */
export const MAX_SEARCH_FILE_BYTES = 1024 * 1024;

/** The worker's request for a query over some folders, with the defaults filled in. */
export function requestFor(query: SearchQuery, folders: SearchFolder[]): SearchRequest {
  return {
    folders,
    query: query.query,
    isRegex: Boolean(query.isRegex),
    ...(query.include ? { include: query.include } : {}),
    maxResults: query.maxResults ?? DEFAULT_MAX_RESULTS,
    maxFiles: query.maxFiles ?? DEFAULT_MAX_FILES,
    maxFileBytes: MAX_SEARCH_FILE_BYTES,
    readRules: {
      excludeRead: [...(query.readRules?.excludeRead ?? [])],
      allowRead: [...(query.readRules?.allowRead ?? [])],
      allowedFiles: [...(query.readRules?.allowedFiles ?? [])],
    },
  };
}

/** Runs a search in a worker thread and resolves to what it found, ending the worker on abort or at the time limit. */
export async function searchFiles(request: SearchRequest, run: SearchRun): Promise<SearchOutcome> {
  const outcome: SearchOutcome = { matches: [], filesSearched: 0, skipped: noSkips() };
  const cancelled = { reason: 'cancelled' as const, detail: 'it was stopped' };
  if (run.signal?.aborted) return { ...outcome, stopped: cancelled };
  const seconds = Math.round(run.timeLimitMs / 100) / 10;
  const timeLimit = { reason: 'time_limit' as const, detail: `its time limit (${seconds} s) passed` };
  const worker = startWorker(run.workerScript ?? defaultWorkerScript(), { request, deadline: Date.now() + run.timeLimitMs });

  return new Promise<SearchOutcome>((resolve, reject) => {
    let settled = false;
    const finish = (result: { stopped?: SearchOutcome['stopped'] } | MiniCoderError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      run.signal?.removeEventListener('abort', onAbort);
      const settle = () => {
        if (result instanceof MiniCoderError) reject(result);
        else resolve(result.stopped ? { ...outcome, stopped: result.stopped } : outcome);
      };
      // Resolve only once the thread is gone: a stopped search leaves nothing running.
      void worker.terminate().then(settle, settle);
    };
    const onAbort = () => finish({ stopped: cancelled });
    const timer = setTimeout(() => finish({ stopped: timeLimit }), run.timeLimitMs + GRACE_MS);
    run.signal?.addEventListener('abort', onAbort, { once: true });

    worker.on('message', (message: WorkerMessage) => {
      if (settled) return;
      if (message.type === 'progress') {
        outcome.matches.push(...message.matches);
        outcome.filesSearched = message.filesSearched;
        outcome.skipped = message.skipped;
      } else if (message.type === 'done') {
        finish({ stopped: message.stopped?.reason === 'time_limit' ? timeLimit : message.stopped });
      } else {
        finish(new MiniCoderError({ kind: 'tool', message: message.message }));
      }
    });
    worker.on('error', (err: Error & { code?: string }) => {
      if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        finish({ stopped: { reason: 'memory_limit', detail: `it used up its ${WORKER_HEAP_MB} MB memory budget` } });
      } else {
        finish(new MiniCoderError({ kind: 'tool', message: `The search failed: ${err.message}` }));
      }
    });
    worker.on('exit', (code) => finish(new MiniCoderError({ kind: 'tool', message: `The search ended unexpectedly (worker exit code ${code}).` })));
  });
}

/** The worker bundle next to the running bundle; under tsx (tests), the TypeScript source beside this file. */
export function defaultWorkerScript(): string {
  return __filename.endsWith('.ts') ? path.join(__dirname, 'searchWorker.ts') : path.join(__dirname, SEARCH_WORKER_FILE);
}

function startWorker(script: string, input: WorkerInput): Worker {
  const options = {
    workerData: input,
    execArgv: [],
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    stdout: true, // the worker never prints; what it might print is not the host's output
    stderr: true,
  };
  if (!script.endsWith('.ts')) return new Worker(script, options);
  // Under tsx the worker needs tsx's loader too: it is a fresh thread with its own module system. (A name in a
  // variable: bundlers leave it alone, and bundles never come here.)
  const tsx = require.resolve(TSX_LOADER);
  return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(script)});`, { ...options, eval: true });
}
