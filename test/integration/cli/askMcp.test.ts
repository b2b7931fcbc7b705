import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { FakeResponsesServer, textTurn, toolCallTurn } from '../../support/fakeResponsesServer';
import { FakeRunwareServer } from '../../support/fakeRunwareServer';
import { EVERYTHING, MISBEHAVING } from '../../support/mcp';
import { runCli } from '../../support/runCli';
import { writeTempTree } from '../../support/tempTree';

const KEY = 'test-key-0123456789abcdef0123456789';

describe('mini-coder ask with MCP servers', function () {
  this.timeout(60_000);
  let server: FakeResponsesServer;
  let workspace: string;
  let config: string;
  let record: string;

  beforeEach(async () => {
    server = await FakeResponsesServer.start({ expectedApiKey: KEY });
    workspace = await writeTempTree({ 'src/a.ts': 'export const a = 1;\n' }, 'mc-ask-mcp-');
    record = path.join(workspace, 'received.jsonl');
    config = path.join(workspace, 'mcp.json');
    // The format Claude Desktop, Cursor and Cline use, comments and all.
    await fs.writeFile(
      config,
      `{
        // copied from another assistant
        "mcpServers": {
          "everything": { "command": ${JSON.stringify(process.execPath)}, "args": [${JSON.stringify(EVERYTHING)}, "stdio"] },
          "bad": { "command": ${JSON.stringify(process.execPath)}, "args": [${JSON.stringify(MISBEHAVING)}], "env": { "MCP_RECORD": ${JSON.stringify(record)} } },
        }
      }`,
    );
  });
  afterEach(async () => {
    await server.close();
    await fs.rm(workspace, { recursive: true, force: true });
  });

  const ask = (args: string[], extra: Parameters<typeof runCli>[1] = {}) =>
    runCli(['ask', '--workspace', workspace, '--base-url', server.baseURL, '--mcp-config', config, ...args], { timeoutMs: 45_000, ...extra, env: { MINI_CODER_API_KEY: KEY, ...extra.env } });
  const outputOf = (requestIndex: number, callId: string) =>
    String(((server.requests[requestIndex].body?.input as Array<Record<string, unknown>>) ?? []).find((i) => i.type === 'function_call_output' && i.call_id === callId)?.output);
  const received = async () => (await fs.readFile(record, 'utf8').catch(() => '')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as { method?: string });

  it('offers the servers\' tools from the first request, named server__tool, next to the built-in ones', async () => {
    server.enqueue(textTurn('Nothing to do.'));
    const run = await ask(['hello']);
    assert.equal(run.code, 0, run.stderr);
    const tools = server.requests[0].body!.tools as Array<{ name: string; parameters: { type: string } }>;
    const names = tools.map((t) => t.name);
    assert.ok(names.includes('read_file'));
    assert.ok(names.includes('everything__echo'));
    assert.ok(names.includes('bad__hang'));
    assert.equal(tools.find((t) => t.name === 'everything__echo')!.parameters.type, 'object');
    assert.match(run.stderr, /MCP tool left out: bad\/not_an_object: its input schema is of type "string"/);
  });

  it('runs an MCP tool the user allowed by glob and sends its result back to the model', async () => {
    server.enqueue(toolCallTurn([{ name: 'everything__echo', arguments: '{"message":"from the model"}', callId: 'call_echo' }]), textTurn('It echoed.'));
    const run = await ask(['--json', '--allow-mcp-tool', 'everything/e*', 'echo something']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(outputOf(1, 'call_echo'), /Echo: from the model/);
    assert.equal(run.events().at(-1)!.status, 'done');
  });

  it('refuses a tool that was not allowed, even with --yes, telling the model which flag allows it', async () => {
    server.enqueue(toolCallTurn([{ name: 'bad__echo', arguments: '{"text":"x"}', callId: 'call_bad' }]), textTurn('I was not allowed.'));
    const run = await ask(['--yes', 'use the tool']);
    assert.equal(run.code, 0, run.stderr);
    const output = outputOf(1, 'call_bad');
    assert.match(output, /^Error: The MCP tool bad\/echo was not run: .*rerun with --allow-mcp-tool bad\/echo to allow it/);
    assert.ok(!(await received()).some((m) => m.method === 'tools/call'), 'the server never saw the call');
  });

  it('turns a crashing server into a tool error and finishes the turn', async () => {
    server.enqueue(toolCallTurn([{ name: 'bad__crash', arguments: '{}', callId: 'call_crash' }]), textTurn('The server crashed; sorry.'));
    const run = await ask(['--allow-mcp-tool', 'bad/*', 'crash it']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(outputOf(1, 'call_crash'), /^Error: The MCP server "bad" exited \(its last words: panic: the index is corrupt\)/);
    assert.equal(run.stdout, 'The server crashed; sorry.\n');
  });

  it('cancels the call in flight on Ctrl+C: the server gets notifications/cancelled', async () => {
    server.enqueue(toolCallTurn([{ name: 'bad__hang', arguments: '{}', callId: 'call_hang' }]));
    // Without a checkpoint to take first, the call is on its way by the time the tool_call event is printed.
    const run = await ask(['--json', '--no-checkpoint', '--allow-mcp-tool', 'bad/hang', 'hang'], { onStdout: (out) => (out.includes('"tool_call"') ? 'SIGINT' : undefined) });
    assert.equal(run.code, 130, run.stderr);
    const messages = await received();
    assert.ok(messages.some((m) => m.method === 'tools/call'));
    assert.ok(messages.some((m) => m.method === 'notifications/cancelled'), JSON.stringify(messages));
  });

  it('reports a server that does not start and goes on without it', async () => {
    await fs.writeFile(config, JSON.stringify({ mcpServers: { broken: { command: process.execPath, args: [MISBEHAVING, '--crash-on-start'] } } }));
    server.enqueue(textTurn('Fine without it.'));
    const run = await ask(['hello']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /MCP server "broken" is not available \(error\).*cannot open the database/);
  });

  it('refuses a config file that is not JSON with a usage error', async () => {
    await fs.writeFile(config, '{ "mcpServers": ');
    const run = await ask(['hello']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /not valid JSON/);
    assert.equal(server.requests.length, 0);
  });
});

describe('mini-coder ask --provider runware with an MCP server', function () {
  this.timeout(60_000);

  it('calls an MCP tool through the text tool protocol end to end', async () => {
    const runware = await FakeRunwareServer.start({ apiKey: KEY });
    const workspace = await writeTempTree({ 'a.txt': 'a\n' }, 'mc-rw-mcp-');
    const config = path.join(workspace, 'servers.json');
    await fs.writeFile(config, JSON.stringify({ mcpServers: { everything: { command: process.execPath, args: [EVERYTHING, 'stdio'] } } }));
    try {
      let turn = 0;
      runware.reply = () => (turn++ === 0 ? { texts: ['<tool_call name="everything__get-sum">{"a":20,"b":22}</tool_call>'] } : { texts: ['The sum is 42.'] });
      const run = await runCli(['ask', '--provider', 'runware', '--workspace', workspace, '--base-url', runware.url, '--mcp-config', config, '--allow-mcp-tool', 'everything/get-sum', '--json', 'add'], { env: { MINI_CODER_API_KEY: KEY }, timeoutMs: 45_000 });
      assert.equal(run.code, 0, run.stderr);
      const result = run.events().find((e) => e.type === 'tool_result')!;
      assert.equal(result.name, 'everything__get-sum');
      assert.match(String(result.output), /42/);
      assert.match(String((runware.inferenceTasks[0].settings as Record<string, unknown>).systemPrompt), /everything__get-sum/);
    } finally {
      await runware.close();
      await fs.rm(workspace, { recursive: true, force: true });
    }
  });
});
