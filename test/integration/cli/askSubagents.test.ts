import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { FakeResponsesServer, ResponseBuilder, textTurn, toolCallTurn } from '../../support/fakeResponsesServer';
import { FakeRunwareServer } from '../../support/fakeRunwareServer';
import { runCli } from '../../support/runCli';
import { writeTempTree } from '../../support/tempTree';

const KEY = 'test-key-0123456789abcdef0123456789';
const SECRET = 'API_TOKEN=never-leaves-this-machine';

const files = {
  'src/retry.ts': 'export const MAX_RETRIES = 3;\nexport function backoff(attempt: number) {\n  return 2 ** attempt * 100;\n}\n',
  'src/http.ts': 'import { MAX_RETRIES } from "./retry";\nexport const TIMEOUT_MS = 5000;\n',
  'test/retry.test.ts': 'it("gives up after MAX_RETRIES", () => {});\n',
  '.env': `${SECRET}\n`,
};

/** Which file each task's subagent reads first. */
const TASKS: Record<string, string> = {
  'Where is MAX_RETRIES defined?': 'src/retry.ts',
  'Where is the HTTP timeout set?': 'src/http.ts',
  'What token is in .env?': '.env',
};

type Json = Record<string, unknown>;
const isSubagent = (instructions: unknown) => String(instructions ?? '').startsWith('You are a research subagent');

describe('mini-coder ask with subagents', function () {
  this.timeout(30_000);
  let workspace: string;
  beforeEach(async () => (workspace = await writeTempTree(files, 'mc-sub-cli-')));
  afterEach(() => fs.rm(workspace, { recursive: true, force: true }));

  describe('against a local Responses server', () => {
    let server: FakeResponsesServer;
    beforeEach(async () => (server = await FakeResponsesServer.start({ expectedApiKey: KEY })));
    afterEach(() => server.close());

    const ask = (args: string[], extra: Parameters<typeof runCli>[1] = {}) =>
      runCli(['ask', '--workspace', workspace, '--base-url', server.baseURL, ...args], { ...extra, env: { MINI_CODER_API_KEY: KEY } });
    const input = (body: Json) => (body.input as Json[]) ?? [];
    const outputs = (body: Json) => input(body).filter((i) => i.type === 'function_call_output');
    const taskOf = (body: Json) => String(((input(body)[0].content as Json[])[0]).text);

    /**
     * The parent delegates all three tasks, then answers; each subagent reads its file, then reports. First calls
     * of the subagents are held until all three have arrived: the run can only finish if they run at once.
     */
    function script(holdFirstCalls = true) {
      let arrived = 0;
      let releaseAll!: () => void;
      const allArrived = new Promise<void>((resolve) => (releaseAll = resolve));
      server.route = async (body) => {
        if (!isSubagent(body.instructions)) {
          return outputs(body).length === 0
            ? toolCallTurn([{ name: 'delegate', arguments: JSON.stringify({ tasks: Object.keys(TASKS) }), callId: 'call_delegate' }], { usage: { input: 900, output: 40 } })
            : textTurn('MAX_RETRIES is 3 (src/retry.ts:1); the timeout is 5000 ms (src/http.ts:2).', { usage: { input: 1500, output: 30, cached: 800 } });
        }
        const task = taskOf(body);
        if (outputs(body).length === 0) {
          if (++arrived === 3) releaseAll();
          if (holdFirstCalls) await allArrived;
          return toolCallTurn([{ name: 'read_file', arguments: JSON.stringify({ path: TASKS[task] }), callId: `call_read_${arrived}` }], { usage: { input: 400, output: 20 } });
        }
        const refused = String(outputs(body)[0].output).startsWith('Error:');
        return textTurn(refused ? `Could not read ${TASKS[task]}: refused.` : `Found it at ${TASKS[task]}:1.`, { usage: { input: 700, output: 25, cached: 300 } });
      };
    }

    it('runs the subagents in parallel and tags every --json event with its subagent', async () => {
      script();
      const run = await ask(['--json', '--reasoning-effort', 'high', 'How do retries and timeouts work here?']);
      assert.equal(run.code, 0, run.stderr);
      const events = run.events();
      const starts = events.filter((e) => e.type === 'subagent_start');
      assert.deepEqual(starts.map((e) => e.task).sort(), Object.keys(TASKS).sort());
      const ends = events.filter((e) => e.type === 'subagent_end');
      assert.deepEqual(ends.map((e) => e.status), ['done', 'done', 'done']);
      assert.deepEqual(new Set(events.filter((e) => e.subagent).map((e) => e.subagent)), new Set(['s1', 's2', 's3']));
      for (const id of ['s1', 's2', 's3']) {
        const own = events.filter((e) => e.subagent === id).map((e) => e.type);
        assert.deepEqual([own[0], own.at(-1)], ['subagent_start', 'subagent_end'], `${id}'s events open and close its run`);
        assert.ok(own.includes('tool_call') && own.includes('tool_result') && own.includes('usage'), `${id}: ${own.join(', ')}`);
      }

      // Every usage event, the parent's and the subagents', adds up to the final usage (and to what the server billed).
      const final = events.at(-1)!;
      assert.equal(final.status, 'done');
      const usages = events.filter((e) => e.type === 'usage').map((e) => e.usage as { inputTokens: number; outputTokens: number; costUsd: number });
      const sum = (key: 'inputTokens' | 'outputTokens' | 'costUsd') => usages.reduce((total, u) => total + u[key], 0);
      const finalUsage = final.usage as { inputTokens: number; outputTokens: number; costUsd: number };
      assert.equal(finalUsage.inputTokens, 900 + 1500 + 3 * (400 + 700));
      assert.equal(sum('inputTokens'), finalUsage.inputTokens);
      assert.equal(sum('outputTokens'), finalUsage.outputTokens);
      assert.ok(Math.abs(sum('costUsd') - finalUsage.costUsd) < 1e-12 && finalUsage.costUsd > 0);

      const bodies = server.requests.map((r) => r.body!);
      const parents = bodies.filter((b) => !isSubagent(b.instructions));
      const subagents = bodies.filter((b) => isSubagent(b.instructions));
      assert.equal(subagents.length, 6);
      assert.deepEqual((parents[0].reasoning as Json).effort, 'high');
      for (const b of subagents) assert.equal((b.reasoning as Json).effort, 'low', 'subagents reason at the lower default effort');
      assert.deepEqual((subagents[0].tools as Json[]).map((t) => t.name), ['read_file', 'list_files', 'search_text', 'get_diagnostics']);
      // The parent sees the reports, not the files the subagents read.
      const followUp = JSON.stringify(parents[1].input);
      assert.match(followUp, /Found it at src\/retry\.ts:1\./);
      assert.match(followUp, /Found it at src\/http\.ts:1\./);
      assert.ok(!followUp.includes('2 ** attempt * 100'), 'file text stayed in the subagent');
      assert.ok(subagents.some((b) => JSON.stringify(b.input).includes('2 ** attempt * 100')), 'the subagent did read it');
    });

    it('refuses a secret file inside a subagent without asking, and it never reaches the service', async () => {
      script();
      const run = await ask(['--json', 'What is configured where?']);
      assert.equal(run.code, 0, run.stderr);
      const refusal = run.events().find((e) => e.type === 'tool_result' && e.subagent && e.isError)!;
      assert.match(String(refusal.output), /Reading \.env was not allowed: .*a subagent cannot ask the user/);
      assert.ok(!server.requests.some((r) => JSON.stringify(r.body).includes('never-leaves-this-machine')));
      assert.match(JSON.stringify(server.requests.at(-1)!.body!.input), /Could not read \.env: refused\./);
    });

    it('prints one compact line per subagent in text mode', async () => {
      script();
      const run = await ask(['How do retries work?']);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, 'MAX_RETRIES is 3 (src/retry.ts:1); the timeout is 5000 ms (src/http.ts:2).\n');
      assert.match(run.stderr, /^• delegate 3 tasks$/m);
      const lines = run.stderr.split('\n').filter((l) => l.startsWith('  ↳ '));
      assert.equal(lines.length, 3);
      for (const line of lines) assert.match(line, /^ {2}↳ s[123] done \(2 model calls, 1,145 tokens, \d+ s, \$0\.\d{4}\): (Found it at|Could not read)/);
    });

    it('stops every subagent on Ctrl+C, keeping the answer so far', async () => {
      server.route = (body) => {
        if (!isSubagent(body.instructions)) return toolCallTurn([{ name: 'delegate', arguments: JSON.stringify({ tasks: ['a', 'b'] }), callId: 'call_d' }]);
        // A subagent starts answering, then its stream goes silent.
        return new ResponseBuilder().message('Looking around…').stall();
      };
      const bothStreaming = (out: string) => ['s1', 's2'].every((id) => out.includes(`"type":"text","delta":"Look","subagent":"${id}"`));
      const run = await ask(['--json', 'look around'], { onStdout: (out) => (bothStreaming(out) ? 'SIGINT' : undefined) });
      assert.equal(run.code, 130, run.stderr);
      const final = run.events().at(-1)!;
      assert.equal(final.type, 'final');
      assert.equal(final.status, 'cancelled');
      await new Promise((resolve) => setTimeout(resolve, 100));
      const subRequests = server.requests.filter((r) => isSubagent(r.body?.instructions));
      assert.equal(subRequests.length, 2);
      assert.ok(subRequests.every((r) => r.clientClosedEarly), 'both subagent requests were abandoned');
    });

    it('offers no delegate tool with --subagents 0 and refuses a limit above 8', async () => {
      server.enqueue(textTurn('ok'));
      const run = await ask(['--subagents', '0', 'hi']);
      assert.equal(run.code, 0, run.stderr);
      assert.ok(!(server.requests[0].body!.tools as Json[]).some((t) => t.name === 'delegate'));
      const bad = await ask(['--subagents', '9', 'hi']);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--subagents must be at most 8/);
    });
  });

  describe('against a local Runware server', () => {
    const RW_KEY = 'rw-cli-key-0123456789abcdef';
    let server: FakeRunwareServer;
    beforeEach(async () => (server = await FakeRunwareServer.start({ apiKey: RW_KEY })));
    afterEach(() => server.close());

    it('runs parallel subagents through the text tool protocol and costs what Runware billed', async () => {
      const messages = (task: Json) => (task.messages as Json[]) ?? [];
      server.reply = (task) => {
        const system = String((task.settings as Json).systemPrompt);
        const first = String(messages(task)[0].content);
        const replies = messages(task).filter((m) => m.role === 'assistant').length;
        if (!isSubagent(system)) {
          return replies === 0
            ? { texts: [`<tool_call name="delegate">${JSON.stringify({ tasks: Object.keys(TASKS).slice(0, 2) })}</tool_call>`] }
            : { texts: ['Both found.'] };
        }
        return replies === 0
          ? { texts: [`<tool_call name="read_file">${JSON.stringify({ path: TASKS[first] })}</tool_call>`] }
          : { texts: [`Report: ${TASKS[first]}:1 has it.`] };
      };
      const run = await runCli(['ask', '--provider', 'runware', '--delivery', 'sync', '--thinking-level', 'high', '--workspace', workspace, '--base-url', server.url, '--json', 'where are retries and timeouts?'], { env: { MINI_CODER_API_KEY: RW_KEY } });
      assert.equal(run.code, 0, run.stderr);
      const events = run.events();
      assert.deepEqual(events.filter((e) => e.type === 'subagent_end').map((e) => e.status), ['done', 'done']);
      const final = events.at(-1)!;
      assert.equal(final.text, 'Both found.');
      const billed = server.served.reduce((total, item) => total + Number(item.cost ?? 0), 0);
      assert.equal(server.served.length, 6, 'two parent calls and two for each subagent');
      assert.ok(Math.abs((final.usage as { costUsd: number }).costUsd - billed) < 1e-12, 'the turn costs what Runware charged, subagents included');

      const tasks = server.inferenceTasks;
      const subTasks = tasks.filter((t) => isSubagent((t.settings as Json).systemPrompt));
      assert.equal(subTasks.length, 4);
      for (const t of subTasks) assert.equal((t.settings as Json).thinkingLevel, 'low');
      const parentFollowUp = JSON.stringify(tasks.filter((t) => !isSubagent((t.settings as Json).systemPrompt))[1].messages);
      assert.match(parentFollowUp, /Report: src\/retry\.ts:1 has it\./);
      assert.ok(!parentFollowUp.includes('2 ** attempt * 100'));
    });
  });
});
