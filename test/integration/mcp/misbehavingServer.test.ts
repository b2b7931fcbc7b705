import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { McpServers } from '../../../src/core/mcp/servers';
import { MAX_RESULT_CHARS } from '../../../src/core/mcp/toolResult';
import { MISBEHAVING, nodeServer, runTool, testServers } from '../../support/mcp';
import { testTrust } from '../../support/trust';

const allowAll = () => testTrust({ allowMcpTools: ['bad/*'] });

async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('MCP: a server that misbehaves is contained', function () {
  this.timeout(60_000);
  let servers: McpServers & { logs: string[] };
  let record: string;

  beforeEach(async () => {
    record = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'mc-mcp-rec-')), 'received.jsonl');
    servers = testServers([nodeServer('bad', MISBEHAVING, [], { env: { MCP_RECORD: record }, timeoutMs: 1500 })]);
    await servers.start();
    assert.equal(servers.states()[0].status, 'running', servers.states()[0].message);
  });
  afterEach(() => servers.dispose());

  const received = async () => (await fs.readFile(record, 'utf8').catch(() => '')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as { method?: string; params?: { requestId?: unknown } });

  it('turns a crash into a tool error with the server\'s last words, and restarts', async () => {
    await assert.rejects(runTool(servers, 'bad__crash', {}, allowAll()), /"bad" exited \(its last words: panic: the index is corrupt\) while running the tool crash/);
    const state = servers.states()[0];
    assert.equal(state.status, 'error');
    assert.ok(state.stderrTail.includes('panic: the index is corrupt'));
    assert.equal(servers.tools().tools.length, 0, 'a crashed server offers no tools');
    await servers.restart('bad');
    assert.equal(servers.states()[0].status, 'running');
    assert.match((await runTool(servers, 'bad__echo', { text: 'back' }, allowAll())).output, /echo: back/);
  });

  it('sends notifications/cancelled for the call in flight when the user stops', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    await assert.rejects(runTool(servers, 'bad__hang', {}, allowAll(), controller.signal), /Stopped/);
    await new Promise((r) => setTimeout(r, 100));
    const messages = await received();
    const call = messages.find((m) => m.method === 'tools/call') as { id?: unknown } | undefined;
    const cancelled = messages.find((m) => m.method === 'notifications/cancelled');
    assert.ok(cancelled, 'the server was told');
    assert.equal(cancelled!.params?.requestId, call?.id);
  });

  it('gives up on a call that never answers after the server\'s timeout, and tells the server', async () => {
    await assert.rejects(runTool(servers, 'bad__hang', {}, allowAll()), /did not answer the tool hang within 2 s; it was told to cancel/);
    await new Promise((r) => setTimeout(r, 100));
    assert.ok((await received()).some((m) => m.method === 'notifications/cancelled'));
    assert.match((await runTool(servers, 'bad__echo', { text: 'alive' }, allowAll())).output, /echo: alive/);
  });

  it('skips malformed JSON-RPC lines and keeps the conversation with the server going', async () => {
    assert.match((await runTool(servers, 'bad__garbage_then_answer', {}, allowAll())).output, /still here/);
    assert.ok(servers.logs.some((l) => /protocol error/.test(l)));
    await assert.rejects(runTool(servers, 'bad__garbage_only', {}, allowAll()), /did not answer/);
  });

  it('drops a 50 MB answer with a clear error instead of reading it, and the server can be restarted', async () => {
    const patient = testServers([nodeServer('bad', MISBEHAVING, [], { timeoutMs: 30_000 })]);
    try {
      await patient.start();
      await assert.rejects(runTool(patient, 'bad__huge', { megabytes: 50 }, allowAll()), /sent a message larger than 10 MB, so Mini Coder closed the connection while running the tool huge/);
      assert.equal(patient.states()[0].status, 'error');
      await patient.restart('bad');
      assert.match((await runTool(patient, 'bad__echo', { text: 'again' }, allowAll())).output, /echo: again/);
    } finally {
      await patient.dispose();
    }
  });

  it('cuts a large answer that fits the transport to what the model can read', async () => {
    const result = await runTool(servers, 'bad__huge', { megabytes: 1 }, allowAll());
    assert.ok(result.output.length < MAX_RESULT_CHARS + 300);
    assert.match(result.output, /more characters left out: a tool result is cut at 100,000 characters/);
  });

  it('says when structured content breaks the tool\'s own output schema', async () => {
    const result = await runTool(servers, 'bad__wrong_structure', {}, allowAll());
    assert.match(result.output, /\[the structured content does not match the tool's output schema: structuredContent\.n must be integer, got string\]/);
  });

  it('refuses a sampling request cleanly: the server hears "method not found"', async () => {
    assert.match((await runTool(servers, 'bad__ask_for_sampling', {}, allowAll())).output, /the client refused sampling: -32601/);
  });

  it('lists the tools again when the server says they changed', async () => {
    assert.ok(!servers.tools().tools.some((t) => t.name === 'bad__added_later'));
    let changes = 0;
    servers.onDidChange(() => changes++);
    await runTool(servers, 'bad__add_tool', {}, allowAll());
    await until(() => servers.tools().tools.some((t) => t.name === 'bad__added_later'), 'the new tool');
    assert.ok(changes > 0);
  });

  it('leaves out a tool whose schema the API refuses, saying why, and repairs arrays without items', async () => {
    const { tools, leftOut } = servers.tools();
    assert.ok(!tools.some((t) => t.name === 'bad__not_an_object'));
    assert.ok(leftOut.some((l) => /^bad\/not_an_object: its input schema is of type "string"/.test(l)));
    const things = tools.find((t) => t.name === 'bad__list_of_things')!;
    assert.deepEqual((things.parameters.properties as Record<string, unknown>).things, { type: 'array', items: {} });
    assert.match((await runTool(servers, 'bad__list_of_things', { things: [1, 2] }, allowAll())).output, /got \[1,2\]/);
  });
});

describe('MCP: a server that fails to start', function () {
  this.timeout(30_000);

  it('shows the error with its stderr, and other servers still start', async () => {
    const servers = testServers([nodeServer('broken', MISBEHAVING, ['--crash-on-start']), nodeServer('fine', MISBEHAVING)]);
    try {
      await servers.start();
      const [broken, fine] = servers.states();
      assert.equal(broken.status, 'error');
      assert.ok(broken.stderrTail.some((l) => /cannot open the database/.test(l)), broken.stderrTail.join('\n'));
      assert.equal(fine.status, 'running');
    } finally {
      await servers.dispose();
    }
  });

  it('names a command that is not installed', async () => {
    const servers = testServers([{ ...nodeServer('missing', MISBEHAVING), command: 'mini-coder-no-such-command' }]);
    try {
      await servers.start();
      assert.match(servers.states()[0].message ?? '', /the command "mini-coder-no-such-command" was not found/);
    } finally {
      await servers.dispose();
    }
  });

  it('keeps a workspace server of an untrusted workspace stopped, and waits for the user in a trusted one', async () => {
    const workspaceServer = { ...nodeServer('ws', MISBEHAVING), origin: 'workspace' as const };
    const untrusted = testServers([workspaceServer], { trusted: false });
    await untrusted.start();
    assert.equal(untrusted.states()[0].status, 'blocked');
    let answer: (yes: boolean) => void = () => undefined;
    const asked: string[] = [];
    const trusted = testServers([workspaceServer], {
      approveStart: (config, reason) => {
        asked.push(reason);
        return new Promise((resolve) => (answer = resolve));
      },
    });
    try {
      const started = trusted.start();
      await until(() => trusted.states()[0].status === 'waiting_for_approval', 'the question');
      assert.match(asked[0], /starting it runs: .*misbehavingMcpServer\.js/);
      answer(true);
      await started;
      assert.equal(trusted.states()[0].status, 'running');
    } finally {
      await trusted.dispose();
    }
  });
});

describe('MCP: a configuration that changes while running', function () {
  this.timeout(30_000);

  it('starts a server added after the others started, and stops one that was removed', async () => {
    const servers = testServers([]);
    try {
      await servers.start();
      servers.update([nodeServer('late', MISBEHAVING)]);
      const deadline = Date.now() + 10_000;
      while (servers.states()[0]?.status !== 'running' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      assert.equal(servers.states()[0].status, 'running');
      servers.update([]);
      assert.deepEqual(servers.states(), []);
    } finally {
      await servers.dispose();
    }
  });
});
