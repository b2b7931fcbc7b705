/**
 * Conformance against real recorded Responses API traffic (an outside set kept beside the repo).
 * Each recorded response is served over HTTP by the fake server; the provider's events must give
 * exactly the text, tool calls, usage and ending that the recording's own `*.done` and
 * `response.completed` events state — never what the deltas the provider consumed add up to.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Usage } from '../../../src/core/model/types';
import { createResponsesProvider } from '../../../src/core/providers/responses';
import { FakeResponsesServer, type WireEvent } from '../../support/fakeResponsesServer';
import { collectEvents, summarizeTurn, type TurnSummary } from '../../support/turnSummary';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const recorded = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'recorded-responses');
const normalizedDir = path.join(recorded, 'normalized');
const chunksDir = path.join(recorded, 'vercel-ai');

interface Expected {
  text: string;
  textByPhase: Record<string, string>;
  reasoning: string;
  calls: TurnSummary['calls'];
  replayIds: string[];
  usage: Usage[];
  ending: { type: string; code?: string; reason?: string; responseId?: string };
}

type Obj = Record<string, unknown>;

/** What the recording itself says the turn produced, from its completed items and final response. */
function expectedFrom(events: WireEvent[]): Expected {
  const phaseOf = new Map<string, string>();
  const expected: Expected = { text: '', textByPhase: {}, reasoning: '', calls: [], replayIds: [], usage: [], ending: { type: 'none' } };
  const summaries: string[] = [];
  for (const event of events) {
    const item = event.item as Obj | undefined;
    if (event.type === 'response.output_item.added' && item?.type === 'message' && typeof item.phase === 'string') phaseOf.set(item.id as string, item.phase);
    if (event.type === 'response.output_text.done') {
      const phase = phaseOf.get(event.item_id as string) ?? 'none';
      expected.text += event.text as string;
      expected.textByPhase[phase] = (expected.textByPhase[phase] ?? '') + (event.text as string);
    }
    if (event.type === 'response.reasoning_summary_text.done') summaries.push(event.text as string);
    if (event.type === 'response.output_item.done' && item?.type === 'function_call') {
      expected.calls.push({ callId: item.call_id as string, name: item.name as string, arguments: item.arguments as string });
    }
    if (event.type === 'response.output_item.done' && item?.type === 'reasoning') expected.replayIds.push(item.id as string);
    if (expected.ending.type !== 'none') continue;
    const response = event.response as Obj | undefined;
    if (event.type === 'response.completed') {
      const usage = response?.usage as Obj | null;
      if (usage) expected.usage.push(usageOf(usage));
      expected.ending = { type: 'completed', responseId: response?.id as string };
    } else if (event.type === 'response.incomplete') {
      expected.ending = { type: 'incomplete', reason: (response?.incomplete_details as Obj).reason as string };
    } else if (event.type === 'response.failed') {
      expected.ending = { type: 'error', code: (response?.error as Obj).code as string };
    } else if (event.type === 'error') {
      expected.ending = { type: 'error', code: ((event.error as Obj | undefined)?.code ?? event.code) as string };
    }
  }
  expected.reasoning = summaries.join('\n\n');
  return expected;
}

function usageOf(usage: Obj): Usage {
  const input = usage.input_tokens as number;
  const output = usage.output_tokens as number;
  return {
    inputTokens: input,
    cachedInputTokens: ((usage.input_tokens_details as Obj | undefined)?.cached_tokens as number) ?? 0,
    outputTokens: output,
    reasoningTokens: ((usage.output_tokens_details as Obj | undefined)?.reasoning_tokens as number) ?? 0,
    totalTokens: usage.total_tokens as number,
  };
}

function endingOf(summary: TurnSummary): Expected['ending'] {
  const terminal = summary.terminal;
  if (!terminal) return { type: 'none' };
  if (terminal.type === 'completed') return { type: 'completed', responseId: terminal.responseId };
  if (terminal.type === 'incomplete') return { type: 'incomplete', reason: terminal.reason };
  if (terminal.type === 'error') return { type: 'error', code: terminal.error.code };
  return { type: terminal.type };
}

interface RecordedCase {
  name: string;
  responses: WireEvent[][];
}

function normalizedCases(): RecordedCase[] {
  return fs.readdirSync(normalizedDir).filter((f) => f.endsWith('.json')).sort().map((file) => {
    const parsed = JSON.parse(fs.readFileSync(path.join(normalizedDir, file), 'utf8')) as { responses: Array<Array<{ event: string; data: WireEvent }>> };
    return { name: file, responses: parsed.responses.map((response) => response.map(({ event, data }) => ({ ...data, type: event }))) };
  });
}

/** One JSON event per line; a new response starts at each `response.created`. */
function chunkCases(): RecordedCase[] {
  return fs.readdirSync(chunksDir).filter((f) => f.endsWith('.chunks.txt')).sort().map((file) => {
    const responses: WireEvent[][] = [];
    for (const line of fs.readFileSync(path.join(chunksDir, file), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const event = JSON.parse(line) as WireEvent;
      if (event.type === 'response.created' || responses.length === 0) responses.push([]);
      responses.at(-1)!.push(event);
    }
    return { name: file, responses };
  });
}

function conformanceSuite(title: string, dir: string, load: () => RecordedCase[], dataOnly: boolean): void {
  describe(title, () => {
    if (!fs.existsSync(dir)) {
      it('is skipped: the recorded traffic is not beside this checkout', function () {
        console.log(`    note: ${dir} is absent; recorded-traffic conformance skipped`);
        this.skip();
      });
      return;
    }
    let server: FakeResponsesServer;
    before(async () => {
      server = await FakeResponsesServer.start({ expectedApiKey: 'sk-recorded' });
    });
    after(() => server.close());

    for (const recordedCase of load()) {
      it(`reproduces ${recordedCase.name} (${recordedCase.responses.length} response${recordedCase.responses.length > 1 ? 's' : ''})`, async () => {
        const provider = createResponsesProvider({ apiKey: 'sk-recorded', baseURL: server.baseURL, maxRetries: 0 });
        for (const [index, events] of recordedCase.responses.entries()) {
          server.enqueue({ kind: 'stream', events, dataOnly });
          const summary = summarizeTurn(await collectEvents(provider.stream({ model: 'gpt-5.4-mini', input: [] })));
          const expected = expectedFrom(events);
          const where = `${recordedCase.name} response ${index}`;
          assert.equal(summary.text, expected.text, `${where}: text`);
          assert.deepEqual(summary.textByPhase, expected.textByPhase, `${where}: text by phase`);
          assert.equal(summary.reasoning, expected.reasoning, `${where}: reasoning summary`);
          assert.deepEqual(summary.calls, expected.calls, `${where}: tool calls`);
          assert.deepEqual(summary.started.map((s) => s.callId), expected.calls.map((c) => c.callId), `${where}: calls started`);
          assert.deepEqual(summary.replayItems.map((i) => (i.data as Obj).id), expected.replayIds, `${where}: replayed reasoning items`);
          assert.deepEqual(summary.usage, expected.usage, `${where}: usage`);
          assert.deepEqual(endingOf(summary), expected.ending, `${where}: ending`);
          assert.deepEqual(summary.afterTerminal, [], `${where}: nothing after the ending`);
        }
      });
    }
  });
}

describe('Responses provider against recorded traffic', () => {
  conformanceSuite('normalized recordings (named SSE events)', normalizedDir, normalizedCases, false);
  conformanceSuite('vercel-ai chunk files (data lines only)', chunksDir, chunkCases, true);
});
