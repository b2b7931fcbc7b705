import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createResponsesProvider } from '../../../src/core/providers/responses';
import { collectEvents, summarizeTurn } from '../../support/turnSummary';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const entry = path.join(repoRoot, 'test', 'support', 'fakeResponsesServer.main.ts');
const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');

/** Starts the standalone server and resolves with its base URL once it says it is listening. */
function startStandalone(args: string[]): Promise<{ child: ChildProcess; baseURL: string }> {
  const child = spawn(tsx, [entry, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no start-up line within 20 s: ${out} ${err}`)), 20_000);
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /FAKE_RESPONSES_BASE_URL=(\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, baseURL: match[1] });
      }
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code}: ${err}`)));
  });
}

describe('Fake Responses server as a separate process', function () {
  this.timeout(30_000);
  let dir: string;
  let child: ChildProcess | undefined;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-responses-'));
  });
  afterEach(() => {
    child?.kill('SIGTERM');
    child = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves the turns of a JSON script and logs each request without the key', async () => {
    const script = {
      expectedApiKey: 'sk-standalone-key-123456',
      turns: [
        { text: 'Hello from another process.', phase: 'final_answer', chunkSize: 5 },
        { toolCalls: [{ name: 'read_file', arguments: { path: 'README.md' }, callId: 'call_1' }] },
        { httpError: { status: 400, code: 'bad', message: 'Scripted failure.' } },
      ],
    };
    const scriptPath = path.join(dir, 'script.json');
    const logPath = path.join(dir, 'requests.jsonl');
    fs.writeFileSync(scriptPath, JSON.stringify(script));
    const started = await startStandalone(['0', scriptPath, logPath]);
    child = started.child;
    const provider = createResponsesProvider({ apiKey: script.expectedApiKey, baseURL: started.baseURL, maxRetries: 0 });
    const ask = { model: 'gpt-5.4-mini', input: [{ type: 'message' as const, role: 'user' as const, content: 'hi' }] };

    const first = summarizeTurn(await collectEvents(provider.stream(ask)));
    assert.deepEqual(first.textByPhase, { final_answer: 'Hello from another process.' });
    const second = summarizeTurn(await collectEvents(provider.stream(ask)));
    assert.deepEqual(second.calls, [{ callId: 'call_1', name: 'read_file', arguments: '{"path":"README.md"}' }]);
    const third = summarizeTurn(await collectEvents(provider.stream(ask)));
    assert.equal(third.error?.kind, 'bad_request');
    assert.match(third.error!.message, /Scripted failure\./);

    const logged = fs.readFileSync(logPath, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { path: string; body: { input: unknown[] } });
    assert.equal(logged.length, 3);
    assert.equal(logged[0].path, '/v1/responses');
    assert.deepEqual(logged[0].body.input, [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] }]);
    assert.doesNotMatch(fs.readFileSync(logPath, 'utf8'), /sk-standalone-key/);
  });
});
