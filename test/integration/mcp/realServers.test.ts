import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { completePromptCommands, completeResources, expandPromptCommand, resourceSources } from '../../../src/core/mcp/chatCommands';
import type { McpServers } from '../../../src/core/mcp/servers';
import { EVERYTHING, FILESYSTEM, nodeServer, runTool, startEverythingHttp, testServers } from '../../support/mcp';
import { writeTempTree } from '../../support/tempTree';
import { recordingApprover, testTrust } from '../../support/trust';

const allowAll = () => testTrust({ allowMcpTools: ['*'] });

describe('MCP: server-everything over stdio', function () {
  this.timeout(60_000);
  let servers: McpServers;
  const secret = 'sk-test-not-a-real-key-0123456789';

  before(async () => {
    process.env.MINI_CODER_API_KEY = secret;
    servers = testServers([nodeServer('everything', EVERYTHING, ['stdio'])]);
    await servers.start();
    delete process.env.MINI_CODER_API_KEY;
  });
  after(() => servers.dispose());

  it('lists the tools with names that carry the server and tool and are valid for the API', () => {
    const state = servers.states()[0];
    assert.equal(state.status, 'running', state.message);
    const names = servers.tools().tools.map((t) => t.name);
    assert.ok(names.includes('everything__echo'));
    assert.ok(names.includes('everything__get-sum'));
    for (const name of names) assert.match(name, /^[A-Za-z0-9_-]{1,64}$/);
  });

  it('does not offer the sampling tool: Mini Coder does not let servers use its model', () => {
    assert.ok(!servers.tools().tools.some((t) => /sampling/.test(t.name)));
  });

  it('asks before a call, worded by the annotations, and runs it once allowed', async () => {
    const approver = recordingApprover({ decision: 'once' });
    const result = await runTool(servers, 'everything__echo', { message: 'hello' }, testTrust({}, approver));
    assert.equal(approver.asked.length, 1);
    const [question] = approver.asked;
    assert.equal(question.kind, 'mcp_tool');
    assert.equal(question.scope, 'everything/echo');
    assert.match(question.reason, /says it only reads/);
    assert.match(question.detail ?? '', /"message": "hello"/);
    assert.match(result.output, /Echo: hello/);
    assert.ok(!result.isError);
  });

  it('refuses the call and never reaches the server when the user says no', async () => {
    await assert.rejects(runTool(servers, 'everything__echo', { message: 'x' }, testTrust()), /was not run: .*refused in this test/);
  });

  it('returns text, structured content, resource links and images', async () => {
    assert.match((await runTool(servers, 'everything__get-sum', { a: 2, b: 3 }, allowAll())).output, /5/);
    const image = await runTool(servers, 'everything__get-tiny-image', {}, allowAll());
    assert.equal(image.images?.length, 1);
    assert.match(image.images![0], /^data:image\/png;base64,/);
    assert.match(image.output, /\[image 1: image\/png, attached below\]/);
    const links = await runTool(servers, 'everything__get-resource-links', { count: 2 }, allowAll());
    assert.match(links.output, /\[resource link: .*<demo:\/\/resource/);
    const structured = await runTool(servers, 'everything__get-structured-content', { location: 'New York' }, allowAll());
    assert.match(structured.output, /temperature/);
    assert.doesNotMatch(structured.output, /does not match/, 'it fits its output schema');
  });

  it('never hands the user\'s API key to a server: only PATH, HOME and the like are inherited', async () => {
    const env = await runTool(servers, 'everything__get-env', {}, allowAll());
    assert.match(env.output, /PATH/);
    assert.ok(!env.output.includes(secret));
  });

  it('stops a long-running call on Stop and keeps the server usable', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    await assert.rejects(runTool(servers, 'everything__trigger-long-running-operation', { duration: 30, steps: 30 }, allowAll(), controller.signal), /Stopped; .*told to cancel/);
    assert.match((await runTool(servers, 'everything__echo', { message: 'after' }, allowAll())).output, /Echo: after/);
  });

  it('lists and reads resources, and gets prompts with arguments', async () => {
    const connection = servers.get('everything')!;
    const { resources, prompts } = connection.state;
    assert.ok(resources.length > 0);
    const contents = await connection.readResource(resources[0].uri);
    assert.ok(contents.length > 0 && (contents[0].text !== undefined || contents[0].blob !== undefined));
    const withArgs = prompts.find((p) => p.arguments.some((a) => a.required));
    assert.ok(withArgs, 'a prompt with a required argument');
    const args = Object.fromEntries(withArgs!.arguments.map((a) => [a.name, a.name === 'style' ? 'short' : 'Paris']));
    const messages = await connection.getPrompt(withArgs!.name, args);
    assert.ok(messages.length > 0);
  });
});

describe('MCP prompts as slash commands and resources as @-mentions (server-everything)', function () {
  this.timeout(60_000);
  let servers: McpServers;
  before(async () => {
    servers = testServers([nodeServer('everything', EVERYTHING, ['stdio'])]);
    await servers.start();
  });
  after(() => servers.dispose());

  it('completes /mcp.SERVER.PROMPT with the arguments it takes', () => {
    const rows = completePromptCommands(servers, 'mcp.everything');
    assert.ok(rows.length > 0);
    assert.ok(rows.every((r) => r.path.startsWith('mcp.everything.')));
    assert.ok(rows.some((r) => /=…/.test(r.label)), 'required arguments are shown');
  });

  it('expands a prompt command into the message it stands for, and names a missing argument', async () => {
    const prompt = servers.get('everything')!.state.prompts.find((p) => p.arguments.some((a) => a.required))!;
    const required = prompt.arguments.filter((a) => a.required).map((a) => a.name);
    await assert.rejects(expandPromptCommand(servers, `/mcp.everything.${prompt.name}`), new RegExp(`needs ${required[0]}=…`));
    const args = prompt.arguments.map((a) => `${a.name}="New York"`).join(' ');
    const expanded = await expandPromptCommand(servers, `/mcp.everything.${prompt.name} ${args}`);
    assert.ok(expanded && expanded.text.length > 0);
    assert.equal(await expandPromptCommand(servers, 'just a question'), undefined);
    await assert.rejects(expandPromptCommand(servers, '/mcp.everything.no-such-prompt'), /There is no prompt "no-such-prompt"/);
  });

  it('offers resources as @mcp: mentions and packs a mentioned one like a file', async () => {
    const [first] = completeResources(servers, '');
    assert.match(first.path, /^mcp:everything:/);
    const [source] = await resourceSources(servers, [first.path, 'src/a.ts']);
    assert.equal(source.kind, 'mcp_resource');
    assert.ok(source.text.length > 0 && source.withheld === undefined);
    const [missing] = await resourceSources(servers, ['mcp:nowhere:x://y']);
    assert.match(missing.withheld ?? '', /no MCP server "nowhere"/);
  });
});

describe('MCP: server-everything over HTTP', function () {
  this.timeout(60_000);

  it('talks Streamable HTTP', async () => {
    const http = await startEverythingHttp('streamableHttp');
    const servers = testServers([{ name: 'remote', origin: 'user', source: 'test', transport: 'http', url: http.url, headers: {}, timeoutMs: 20_000 }]);
    try {
      await servers.start();
      assert.equal(servers.states()[0].status, 'running', servers.states()[0].message);
      assert.equal(servers.states()[0].connectedOver, 'http');
      assert.match((await runTool(servers, 'remote__echo', { message: 'over http' }, allowAll())).output, /Echo: over http/);
    } finally {
      await servers.dispose();
      await http.stop();
    }
  });

  it('falls back to the older HTTP+SSE when the server does not speak Streamable HTTP', async () => {
    const sse = await startEverythingHttp('sse');
    const servers = testServers([{ name: 'old', origin: 'user', source: 'test', transport: 'http', url: sse.url, headers: {}, timeoutMs: 20_000 }]);
    try {
      await servers.start();
      assert.equal(servers.states()[0].status, 'running', servers.states()[0].message);
      assert.equal(servers.states()[0].connectedOver, 'sse');
      assert.match((await runTool(servers, 'old__echo', { message: 'over sse' }, allowAll())).output, /Echo: over sse/);
    } finally {
      await servers.dispose();
      await sse.stop();
    }
  });
});

describe('MCP: server-filesystem', function () {
  this.timeout(60_000);

  it('reads inside the workspace it was given and refuses outside it', async () => {
    const workspace = await writeTempTree({ 'notes/todo.md': 'buy milk\n' }, 'mc-mcp-fs-');
    const outside = await writeTempTree({ 'secret.txt': 'nope\n' }, 'mc-mcp-out-');
    const servers = testServers([nodeServer('fs', FILESYSTEM, [workspace])], { roots: [workspace] });
    try {
      await servers.start();
      assert.equal(servers.states()[0].status, 'running', servers.states()[0].message);
      const read = servers.tools().tools.find((t) => /^fs__read_(text_)?file$/.test(t.name))!;
      assert.ok(read, 'a read tool is offered');
      const inside = await runTool(servers, read.name, { path: path.join(workspace, 'notes', 'todo.md') }, allowAll());
      assert.match(inside.output, /buy milk/);
      const refused = await runTool(servers, read.name, { path: path.join(outside, 'secret.txt') }, allowAll());
      assert.ok(refused.isError);
      assert.doesNotMatch(refused.output, /nope/);
    } finally {
      await servers.dispose();
      await fs.rm(workspace, { recursive: true, force: true });
      await fs.rm(outside, { recursive: true, force: true });
    }
  });
});
