// The search worker's entry point (bundled as dist/searchWorker.js): runs one search and reports to the host
// that started it. The host ends the worker when the user stops or the time limit passes; nothing here needs to
// clean up, since a worker owns no file or process that outlives it.
import { parentPort, workerData } from 'node:worker_threads';
import { MiniCoderError } from '../errors';
import type { WorkerInput, WorkerMessage } from './request';
import { runSearch } from './runSearch';

const port = parentPort;
if (port) {
  const { request, deadline } = workerData as WorkerInput;
  const post = (message: WorkerMessage) => port.postMessage(message);
  runSearch(request, deadline, (progress) => post({ type: 'progress', ...progress })).then(
    (stopped) => post({ type: 'done', ...(stopped ? { stopped } : {}) }),
    (err: unknown) =>
      post({ type: 'failed', message: err instanceof MiniCoderError ? err.message : `The search failed: ${(err as Error)?.message ?? String(err)}` }),
  );
}
