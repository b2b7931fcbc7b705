import * as assert from 'node:assert/strict';
import { existsSync, promises as fs, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { FakeResponsesServer, type WireEvent } from '../../support/fakeResponsesServer';
import { runCli } from '../../support/runCli';
import { writeTempTree } from '../../support/tempTree';

/**
 * The outside conformance set: real recorded Responses streams (../shared/fixtures, not part of this repo),
 * replayed byte-for-byte by the fake server. `mini-coder ask --json` must report exactly the recorded text,
 * tool calls and usage, taken here from the recording's own `.done` and `response.completed` events.
 */
const FIXTURES = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'fixtures', 'recorded-responses', 'normalized');
const KEY = 'recorded-key-0123456789abcdef';

interface Expected {
  text: string;
  calls: Array<{ callId: string; name: string; arguments: string }>;
  usage: { inputTokens: number; outputTokens: number; cachedInputTokens: number; reasoningTokens: number } | undefined;
  failure?: { code?: string; message: string };
}

function expectedOf(events: WireEvent[]): Expected {
  const out: Expected = { text: '', calls: [], usage: undefined };
  for (const e of events) {
    if (e.type === 'response.output_text.done') out.text += String(e.text);
    const item = e.item as { type?: string; call_id?: string; name?: string; arguments?: string } | undefined;
    if (e.type === 'response.output_item.done' && item?.type === 'function_call') {
      out.calls.push({ callId: String(item.call_id), name: String(item.name), arguments: String(item.arguments) });
    }
    const response = e.response as { usage?: Record<string, unknown>; error?: { code?: string; message: string } } | undefined;
    if ((e.type === 'response.completed' || e.type === 'response.incomplete') && response?.usage) {
      const u = response.usage as { input_tokens: number; output_tokens: number; input_tokens_details?: { cached_tokens?: number }; output_tokens_details?: { reasoning_tokens?: number } };
      out.usage = {
        inputTokens: u.input_tokens,
        outputTokens: u.output_tokens,
        cachedInputTokens: u.input_tokens_details?.cached_tokens ?? 0,
        reasoningTokens: u.output_tokens_details?.reasoning_tokens ?? 0,
      };
    }
    if (e.type === 'response.failed' && response?.error) out.failure = response.error;
  }
  return out;
}

describe('mini-coder ask replaying recorded Responses traffic', function () {
  this.timeout(60_000);
  if (!existsSync(FIXTURES)) {
    it('is skipped: ../shared/fixtures is not beside this checkout');
    return;
  }
  for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).sort()) {
    it(`reproduces ${file.replace(/\.json$/, '')}`, async () => {
      const recorded = JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8')) as { responses: Array<Array<{ event: string; data: WireEvent }>> };
      const responses = recorded.responses.map((r) => r.map((e) => e.data));
      // A recording that ends on tool calls gets an empty completed response for the follow-up request.
      const endOfRecording = { kind: 'stream' as const, events: [{ type: 'response.completed', sequence_number: 0, response: { id: 'resp_end', status: 'completed', output: [] } }] };
      const server = await FakeResponsesServer.start({ expectedApiKey: KEY, turns: responses.map((events) => ({ kind: 'stream' as const, events })), fallback: endOfRecording });
      const workspace = await writeTempTree({ 'README.md': 'recorded\n' }, 'mc-rec-');
      try {
        // A recording may hold several responses: tool loops run in one `ask`, unrelated ones in the next.
        let served = 0;
        while (served < responses.length) {
          const run = await runCli(['ask', '--json', '--workspace', workspace, '--base-url', server.baseURL, 'replay'], { env: { MINI_CODER_API_KEY: KEY } });
          const used = Math.min(server.requests.length, responses.length) - served;
          assert.ok(used > 0, `no request was made: ${run.stderr}`);
          const expected = responses.slice(served, served + used).map(expectedOf);
          served += used;
          const events = run.events();
          const text = events.filter((e) => e.type === 'text').map((e) => e.delta).join('');
          assert.equal(text, expected.map((x) => x.text).join(''), 'text');
          const calls = events.filter((e) => e.type === 'tool_call').map(({ callId, name, arguments: args }) => ({ callId, name, arguments: args }));
          assert.deepEqual(calls, expected.flatMap((x) => x.calls), 'tool calls');
          const usages = events.filter((e) => e.type === 'usage').map((e) => {
            const u = e.usage as Record<string, number>;
            return { inputTokens: u.inputTokens, outputTokens: u.outputTokens, cachedInputTokens: u.cachedInputTokens, reasoningTokens: u.reasoningTokens };
          });
          assert.deepEqual(usages, expected.map((x) => x.usage).filter((u) => u !== undefined), 'usage');
          const failure = expected.find((x) => x.failure)?.failure;
          if (failure) {
            assert.equal(run.code, 1);
            const error = events.find((e) => e.type === 'error')!.error as { message: string; code?: string };
            assert.ok(error.message.includes(failure.message), `error message: ${error.message}`);
          } else {
            assert.equal(run.code, 0, run.stderr);
            // Each function call got exactly one output, keyed by its call_id, in the next request.
            for (const call of expected.flatMap((x) => x.calls)) {
              const answered = server.requests.some((r) =>
                ((r.body?.input as Array<Record<string, unknown>>) ?? []).some((i) => i.type === 'function_call_output' && i.call_id === call.callId),
              );
              assert.ok(answered, `call ${call.callId} was answered`);
            }
          }
        }
      } finally {
        await server.close();
        await fs.rm(workspace, { recursive: true, force: true });
      }
    });
  }
});
