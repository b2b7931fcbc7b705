// One search, in a process of its own so its memory is measured alone: bundled by search.bench.ts and run with
// plain node (no tsx in the way), it runs searchFiles with the built worker (dist/searchWorker.js) and prints
// the time, what was found, and the process's resident memory before and at its peak (the worker thread's
// memory is part of the process's).
import { readFileSync } from 'node:fs';
import { requestFor, searchFiles } from '../../src/core/search/searchFiles';

/** The process's peak resident set so far, in MB (Linux's high-water mark). */
function peakRssMb(): number {
  const line = readFileSync('/proc/self/status', 'utf8').match(/^VmHWM:\s+(\d+) kB/m);
  return line ? Number(line[1]) / 1024 : process.memoryUsage().rss / 2 ** 20;
}

async function main(): Promise<void> {
  const [root, workerScript, query, isRegex] = process.argv.slice(2);
  const before = process.memoryUsage().rss / 2 ** 20;
  const started = process.hrtime.bigint();
  const outcome = await searchFiles(requestFor({ query, isRegex: isRegex === 'regex', maxFiles: 1_000_000 }, [{ root, prefix: '' }]), {
    timeLimitMs: 300_000,
    workerScript,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(
    JSON.stringify({ ms, filesSearched: outcome.filesSearched, matches: outcome.matches.length, stopped: outcome.stopped?.reason, beforeMb: before, peakMb: peakRssMb() }),
  );
}

void main();
