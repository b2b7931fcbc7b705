/**
 * The chat renderer under a long stream: a 50,000-token answer (o200k_base tokens, counted with
 * gpt-tokenizer) with code blocks, lists and tables arrives in 5-token deltas into a transcript that
 * already holds 200 messages. Runs the real webview code in happy-dom (with the test shims that make
 * DOMPurify behave as in a browser); happy-dom parses HTML far slower than a browser, so read the ratios
 * more than the absolute times. Totals are CPU time of this process (steadier than wall time on a
 * shared machine); the per-delta distribution is wall time.
 */
import { performance } from 'node:perf_hooks';
import type { HostMessage } from '../src/protocol/messages';
import { mountChat } from '../src/webview/app';
import { HostBus, type VsCodeApi } from '../src/webview/bus';
import { createWebviewWindow } from '../test/support/webviewDom';
import { settings, zeroUsage as zero } from './chatSettings';
import { EARLIER_MESSAGES, TOKENS_PER_DELTA, earlierMessages, realisticAnswer } from './renderWorkload';

const ANSWER_TOKENS = 50_000;
const SECTIONS = 5;
const ONCE_RUNS = 3;

// happy-dom frees the documents the sanitizer parses from queued tasks: let them run between batches.
const settle = () => new Promise((resolve) => setImmediate(resolve));
/** CPU time (user + system) of this process in ms. */
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

export default async function run(): Promise<void> {
  const { text, deltas, window: WINDOW } = realisticAnswer(ANSWER_TOKENS, SECTIONS);
  const win = createWebviewWindow();
  const root = win.document.createElement('main');
  win.document.body.append(root);
  const api: VsCodeApi = { postMessage: () => undefined, getState: () => undefined, setState: () => undefined };
  const chat = mountChat(root, new HostBus(api, win), api);

  let cpu = cpuMs();
  chat.handle({ type: 'state', conversationId: 'c', title: 'Bench', messages: earlierMessages(), settings, busy: false, totals: zero });
  console.log(`transcript load: ${(cpuMs() - cpu).toFixed(0)} ms CPU (${EARLIER_MESSAGES} messages, rendered once)`);
  await settle();

  chat.handle({ type: 'busy', busy: true });
  chat.handle({ type: 'messageStart', message: { id: 'live', role: 'assistant', text: '', status: 'streaming' } });
  const perDelta: number[] = [];
  const windowCpu: number[] = []; // CPU ms of the first and the last WINDOW deltas
  let streamCpu = 0;
  for (let i = 0; i < deltas.length; i++) {
    const message: HostMessage = { type: 'textDelta', messageId: 'live', delta: deltas[i] };
    if (i === 0 || i === deltas.length - WINDOW) windowCpu.push(-cpuMs());
    cpu = cpuMs();
    const started = performance.now();
    chat.handle(message);
    perDelta.push(performance.now() - started);
    streamCpu += cpuMs() - cpu;
    if (i === WINDOW - 1 || i === deltas.length - 1) windowCpu[windowCpu.length - 1] += cpuMs();
    if (i % 200 === 199) {
      // The pauses are left out of the windows' CPU time.
      const pause = cpuMs();
      await settle();
      if (windowCpu.length && (i < WINDOW || i >= deltas.length - WINDOW)) windowCpu[windowCpu.length - 1] -= cpuMs() - pause;
    }
  }
  cpu = cpuMs();
  chat.handle({ type: 'messageEnd', messageId: 'live', status: 'done' });
  streamCpu += cpuMs() - cpu;
  await settle();

  const onceRuns: number[] = [];
  for (let run = 0; run < ONCE_RUNS; run++) {
    cpu = cpuMs();
    chat.handle({ type: 'messageStart', message: { id: `once${run}`, role: 'assistant', text, status: 'done' } });
    onceRuns.push(cpuMs() - cpu);
    await settle();
  }
  const onceMs = [...onceRuns].sort((a, b) => a - b)[Math.floor(ONCE_RUNS / 2)];

  const body = (id: string) => root.querySelector(`[data-message-id="${id}"] .message-body`)?.innerHTML;
  const [startMs, lastMs] = windowCpu.map((ms) => ms / WINDOW);
  const sorted = [...perDelta].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
  console.log(`answer: ${ANSWER_TOKENS} tokens (o200k_base), ${text.length} chars, ${deltas.length} deltas of ${TOKENS_PER_DELTA} tokens (a ${ANSWER_TOKENS / SECTIONS}-token section ${SECTIONS} times)`);
  console.log(`stream total render: ${streamCpu.toFixed(0)} ms CPU (all deltas + final pass)`);
  console.log(`per delta at start: ${startMs.toFixed(3)} ms CPU (mean of the first section's ${WINDOW})`);
  console.log(`per delta at end: ${lastMs.toFixed(3)} ms CPU (mean of the last section's ${WINDOW}, same content)`);
  console.log(`per delta end/start: ${(lastMs / startMs).toFixed(2)} x (target <= 1.5)`);
  console.log(`per delta wall: median ${at(0.5).toFixed(3)} ms, p90 ${at(0.9).toFixed(2)} ms, p99 ${at(0.99).toFixed(2)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms (a delta that runs a render pass costs more)`);
  console.log(`final text rendered once: ${onceMs.toFixed(0)} ms CPU (median of ${ONCE_RUNS}, into the same transcript)`);
  console.log(`stream total / once: ${(streamCpu / onceMs).toFixed(2)} x (target <= 3)`);
  console.log(`streamed DOM equals DOM rendered at once: ${body('live') === body('once0') ? 'yes' : 'NO'}`);
}

if (require.main === module) void run();
