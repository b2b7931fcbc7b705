/**
 * The chat renderer where users see it: Debian's Chromium (through playwright-core) runs the real webview
 * code, bundled as the extension bundles it, with the extension's stylesheet, in a 420x900 view. Costs are
 * the page main thread's CPU time (Chromium's own ThreadTime counter), which other work on a shared
 * machine does not inflate the way it inflates wall time.
 *
 * Streams, in 5-token deltas, each delta a host message: a realistic 50,000-token answer into a
 * 200-message conversation, and answers that are one long open block (a 200 KB code fence, table, list).
 * Measured twice: (1) the renderer's work, deltas back to back with a frame every 250 (the basis of the
 * stream-total target: one render of the final text, through its frame, is the unit); (2) a frame after
 * every delta, as when a model writes in real time, to show that style, layout and paint stay flat too
 * (frames are not held to 60 a second, so that the run stays short). Then: opening a 200-message
 * conversation, until the first frame that shows it.
 */
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { Browser, CDPSession, Page } from 'playwright-core';
import type { MessageView } from '../src/protocol/messages';
import { launchChromium } from '../test/e2e/support/browser';
import type { ReopenResult } from './renderPage';
import { earlierMessages, longFence, longList, longTable, realisticAnswer, type Stream } from './renderWorkload';

const repo = path.resolve(__dirname, '..');
const ONCE_RUNS = 3;
const STREAM_RUNS = 3;
const REOPEN_RUNS = 5;
/** Deltas per page call: the CPU clock is read between calls. */
const BATCH = 250;

interface PageBench {
  begin(earlier: MessageView[]): Promise<void>;
  feed(deltas: string[], framePerDelta: boolean): Promise<void>;
  idleFrames(count: number): Promise<void>;
  end(): Promise<string>;
  once(text: string): Promise<string>;
  reopen(messages: MessageView[]): Promise<ReopenResult>;
  allRendered(count: number): Promise<void>;
}
declare const renderBench: PageBench;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The page's main thread CPU time in ms. */
async function cpuMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN) * 1000;
}

/** CPU ms of the main thread while `work` runs. */
async function measure(cdp: CDPSession, work: () => Promise<unknown>): Promise<number> {
  const before = await cpuMs(cdp);
  await work();
  return (await cpuMs(cdp)) - before;
}

class Lab {
  private constructor(private readonly browser: Browser, private readonly script: string, private readonly css: string) {}

  static async open(dir: string): Promise<Lab> {
    const outfile = path.join(dir, 'renderPage.js');
    await esbuild.build({ entryPoints: [path.join(__dirname, 'renderPage.ts')], outfile, bundle: true, platform: 'browser', format: 'iife', target: 'es2022', minify: true, logLevel: 'silent' });
    const browser = await launchChromium(['--disable-frame-rate-limit', '--disable-gpu-vsync']);
    return new Lab(browser, await fs.readFile(outfile, 'utf8'), await fs.readFile(path.join(repo, 'media/chat.css'), 'utf8'));
  }

  get version(): string {
    return this.browser.version();
  }

  /** A fresh page holding the chat's stylesheet and the bench script, with the CPU counter on. */
  async page(): Promise<{ page: Page; cdp: CDPSession }> {
    const page = await this.browser.newPage({ viewport: { width: 420, height: 900 } });
    await page.setContent(`<!doctype html><html><head><style>${this.css}</style></head><body><div id="app"></div></body></html>`);
    await page.addScriptTag({ content: this.script });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    return { page, cdp };
  }

  close(): Promise<void> {
    return this.browser.close();
  }
}

/** CPU ms of streaming deltas [from, to). */
async function feedMeasured(page: Page, cdp: CDPSession, deltas: string[], from: number, to: number, framePerDelta: boolean): Promise<number> {
  let total = 0;
  for (let at = from; at < to; at += BATCH) {
    const batch = deltas.slice(at, Math.min(to, at + BATCH));
    total += await measure(cdp, () => page.evaluate(([d, f]) => renderBench.feed(d, f), [batch, framePerDelta] as const));
  }
  return total;
}

interface StreamCost {
  perStart: number;
  perEnd: number;
  closingMs: number;
  totalMs: number;
  html: string;
}

async function streamCost(lab: Lab, stream: Stream, earlier: MessageView[], framePerDelta: boolean): Promise<StreamCost> {
  const { page, cdp } = await lab.page();
  await page.evaluate((e) => renderBench.begin(e), earlier);
  const body = stream.deltas.length - stream.closing;
  const startMs = await feedMeasured(page, cdp, stream.deltas, 0, stream.window, framePerDelta);
  const middleMs = await feedMeasured(page, cdp, stream.deltas, stream.window, body - stream.window, framePerDelta);
  const endMs = await feedMeasured(page, cdp, stream.deltas, body - stream.window, body, framePerDelta);
  const closingMs = await feedMeasured(page, cdp, stream.deltas, body, stream.deltas.length, framePerDelta);
  let html = '';
  const finishMs = await measure(cdp, async () => (html = await page.evaluate(() => renderBench.end())));
  await page.close();
  return { perStart: startMs / stream.window, perEnd: endMs / stream.window, closingMs, totalMs: startMs + middleMs + endMs + closingMs + finishMs, html };
}

async function measureStream(lab: Lab, name: string, stream: Stream, earlier: MessageView[], withFrames: boolean): Promise<void> {
  const onceRuns: number[] = [];
  let onceHtml = '';
  for (let run = 0; run < ONCE_RUNS; run++) {
    const { page, cdp } = await lab.page();
    onceRuns.push(await measure(cdp, async () => (onceHtml = await page.evaluate((t) => renderBench.once(t), stream.text))));
    await page.close();
  }
  // The fresh view's own setup (an empty conversation and a frame) is inside the measure too: small.
  const onceMs = median(onceRuns);
  const works: StreamCost[] = [];
  for (let run = 0; run < STREAM_RUNS; run++) works.push(await streamCost(lab, stream, earlier, false));
  // The run with the median total, so that its per-delta figures and its total belong together.
  const work = [...works].sort((a, b) => a.totalMs - b.totalMs)[Math.floor(STREAM_RUNS / 2)];
  console.log(`${name}: ${stream.text.length} chars in ${stream.deltas.length} deltas`);
  console.log(`  renderer: per delta at start / at end ${work.perStart.toFixed(3)} / ${work.perEnd.toFixed(3)} ms CPU (means of ${stream.window}) = ${(work.perEnd / work.perStart).toFixed(2)} x (target <= 1.5)`);
  if (stream.closing) console.log(`  closing the block (${stream.closing} deltas: its full render, highlighting included): ${work.closingMs.toFixed(0)} ms CPU`);
  console.log(`  stream total ${work.totalMs.toFixed(0)} ms CPU / final text rendered once ${onceMs.toFixed(0)} ms CPU (median of ${ONCE_RUNS}) = ${(work.totalMs / onceMs).toFixed(2)} x (target <= 3; median of ${STREAM_RUNS} runs, totals ${works.map((w) => (w.totalMs / onceMs).toFixed(2)).join(', ')} x)`);
  console.log(`  streamed DOM equals DOM rendered at once: ${work.html === onceHtml ? 'yes' : 'NO'}`);
  if (!withFrames || process.env.RENDER_BENCH_FRAMES === "0") return;
  const framed = await streamCost(lab, stream, earlier, true);
  console.log(`  a frame after every delta: per delta at start / at end ${framed.perStart.toFixed(3)} / ${framed.perEnd.toFixed(3)} ms CPU = ${(framed.perEnd / framed.perStart).toFixed(2)} x; ` +
    `stream total ${(framed.totalMs / 1000).toFixed(1)} s CPU, ${framed.html === onceHtml ? 'same DOM' : 'DOM DIFFERS'}`);
}

/** What a frame costs the main thread when nothing changed (the floor of any per-delta figure with frames). */
async function idleFrameMs(lab: Lab): Promise<number> {
  const { page, cdp } = await lab.page();
  await page.evaluate((e) => renderBench.begin(e), [] as MessageView[]);
  const ms = await measure(cdp, () => page.evaluate(() => renderBench.idleFrames(500)));
  await page.close();
  return ms / 500;
}

async function measureReopen(lab: Lab, messages: MessageView[]): Promise<void> {
  const cold: Array<ReopenResult & { cpuMs: number }> = [];
  const warm: Array<ReopenResult & { cpuMs: number }> = [];
  const allCpu: number[] = [];
  for (let run = 0; run < REOPEN_RUNS; run++) {
    const { page, cdp } = await lab.page();
    const open = async (into: Array<ReopenResult & { cpuMs: number }>) => {
      let result: ReopenResult | undefined;
      const cpuMs = await measure(cdp, async () => (result = await page.evaluate((m) => renderBench.reopen(m), messages)));
      into.push({ ...result!, cpuMs });
      return cpuMs + (await measure(cdp, () => page.evaluate((count) => renderBench.allRendered(count), messages.length)));
    };
    allCpu.push(await open(cold));
    // Opened again in the same view, as when switching conversations: the code is compiled and warm.
    await open(warm);
    await page.close();
  }
  const line = (runs: Array<ReopenResult & { cpuMs: number }>) =>
    `${median(runs.map((r) => r.firstFrameMs)).toFixed(0)} ms wall, ${median(runs.map((r) => r.cpuMs)).toFixed(0)} ms CPU`;
  console.log(`opening a ${messages.length}-message conversation (medians of ${REOPEN_RUNS}; target < 100 ms): first frame, with the newest ${cold[0].renderedAtFirstFrame} messages, ` +
    `showing the end of the conversation in ${cold.filter((r) => r.atEnd).length} of ${REOPEN_RUNS} fresh views, ` +
    `after ${line(warm)} (the view's code already warm) or ${line(cold)} (the first render of a fresh view, compiling the renderer; its code blocks are highlighted after that frame); ` +
    `CPU is read after the call returns, so it also counts idle work that followed the frame; ` +
    `all ${messages.length} rendered after ${median(allCpu).toFixed(0)} ms CPU`);
}

export default async function run(): Promise<void> {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    console.log(`skipped: no Chromium at ${chromium}`);
    return;
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mini-coder-render-bench-'));
  const lab = await Lab.open(dir);
  try {
    console.log(`browser: Chromium ${lab.version}, headless, 420x900 view`);
    const earlier = earlierMessages();
    // RENDER_BENCH=fence (or realistic, table, list, opening) runs one part.
    const only = process.env.RENDER_BENCH;
    const streams: Array<[string, string, () => Stream, MessageView[], boolean]> = [
      ['realistic', 'realistic answer (50,000 tokens, into a 200-message conversation)', () => realisticAnswer(), earlier, true],
      ['fence', 'one 200 KB code fence', () => longFence(), [], true],
      ['table', 'one 200 KB table', () => longTable(), [], false],
      ['list', 'one 200 KB list', () => longList(), [], false],
    ];
    if (!only) console.log(`a frame with nothing to change: ${(await idleFrameMs(lab)).toFixed(3)} ms CPU`);
    for (const [key, name, make, before, withFrames] of streams) if (!only || only === key) await measureStream(lab, name, make(), before, withFrames);
    if (!only || only === 'opening') await measureReopen(lab, earlier);
  } finally {
    await lab.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

if (require.main === module) void run();
