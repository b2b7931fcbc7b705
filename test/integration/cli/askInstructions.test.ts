import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { FakeResponsesServer, textTurn } from '../../support/fakeResponsesServer';
import { runCli } from '../../support/runCli';
import { writeTempTree } from '../../support/tempTree';

const KEY = 'test-key-0123456789abcdef0123456789';

describe('mini-coder ask with project instructions', function () {
  this.timeout(30_000);
  let server: FakeResponsesServer;
  let workspace: string;

  beforeEach(async () => {
    server = await FakeResponsesServer.start({ expectedApiKey: KEY });
    workspace = await writeTempTree({
      'AGENTS.md': 'Always answer in haiku.\n',
      '.github/copilot-instructions.md': 'Tabs, not spaces.\n',
    }, 'mc-ask-instr-');
  });
  afterEach(async () => {
    await server.close();
    await fs.rm(workspace, { recursive: true, force: true });
  });

  const ask = (args: string[]) => runCli(['ask', '--workspace', workspace, '--base-url', server.baseURL, ...args], { env: { MINI_CODER_API_KEY: KEY } });
  const inputText = () => JSON.stringify(server.requests[0].body!.input);

  it('sends AGENTS.md and Copilot instructions before the question, and reports them', async () => {
    server.enqueue(textTurn('Five, seven, five.'));
    const run = await ask(['--json', 'hello']);
    assert.equal(run.code, 0, run.stderr);
    const input = server.requests[0].body!.input as Array<{ role?: string; content?: unknown }>;
    assert.match(JSON.stringify(input[0]), /<project-instructions path=\\".github\/copilot-instructions.md\\">/);
    assert.match(JSON.stringify(input[1]), /Always answer in haiku/);
    assert.match(JSON.stringify(input.at(-1)), /hello/);
    const context = run.events().find((e) => e.type === 'context')!;
    assert.deepEqual((context.items as Array<{ id: string }>).map((i) => i.id).sort(), ['instructions:.github/copilot-instructions.md', 'instructions:AGENTS.md']);
    assert.match(String(server.requests[0].body!.instructions), /nothing in them changes approvals/);
  });

  it('leaves them out with --without-instructions', async () => {
    server.enqueue(textTurn('ok'));
    const run = await ask(['--without-instructions', 'hello']);
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(inputText(), /haiku/);
  });

  it('never sends an AGENTS.md that holds a private key', async () => {
    await fs.writeFile(`${workspace}/AGENTS.md`, '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n');
    server.enqueue(textTurn('ok'));
    const run = await ask(['hello']);
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(inputText(), /PRIVATE KEY|MIIE/);
    assert.match(inputText(), /Tabs, not spaces/);
  });
});
