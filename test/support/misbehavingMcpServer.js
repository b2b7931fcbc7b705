#!/usr/bin/env node
// An MCP server over stdio that misbehaves on request, written as raw JSON-RPC lines so it can send what no SDK
// would: it crashes, hangs, writes malformed messages, answers with 50 MB, asks the client for sampling, and
// changes its tool list. Plain JavaScript so it starts as fast as a real server. Every message it receives is
// appended to the file named by MCP_RECORD (when set), so tests can see e.g. `notifications/cancelled`.
//   node misbehavingMcpServer.js [--crash-on-start] [--slow-start MS]
const fs = require('node:fs');

const record = process.env.MCP_RECORD;
const args = process.argv.slice(2);
if (args.includes('--crash-on-start')) {
  process.stderr.write('fatal: cannot open the database at /nowhere\n');
  process.exit(3);
}
const slowStart = args.includes('--slow-start') ? Number(args[args.indexOf('--slow-start') + 1]) : 0;

let extraTool = false;
let nextRequestId = 1000;
const waitingForClient = new Map();

const tools = () => [
  tool('echo', 'Says the text back.', { text: { type: 'string' } }, { readOnlyHint: true, openWorldHint: false }),
  tool('crash', 'Exits in the middle of the call.', {}),
  tool('hang', 'Never answers.', {}),
  tool('garbage_then_answer', 'Writes malformed JSON-RPC lines, then answers properly.', {}),
  tool('garbage_only', 'Writes malformed JSON-RPC lines and never answers.', {}),
  tool('huge', 'Answers with a result of the given megabytes.', { megabytes: { type: 'number' } }),
  tool('ask_for_sampling', 'Asks the client to sample from its model, and reports what it was told.', {}),
  tool('add_tool', 'Adds a tool and says the list changed.', {}),
  tool('list_of_things', 'Takes an array without item schema.', { things: { type: 'array' } }),
  { ...tool('wrong_structure', 'Returns structured content that breaks its own output schema.', {}), outputSchema: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] } },
  { name: 'not_an_object', description: 'Has a schema the model APIs refuse.', inputSchema: { type: 'string' } },
  ...(extraTool ? [tool('added_later', 'Appeared after tools/list_changed.', {})] : []),
];

function tool(name, description, properties, annotations) {
  return { name, description, inputSchema: { type: 'object', properties }, ...(annotations ? { annotations } : {}) };
}

function send(message) {
  process.stdout.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
}

function reply(id, result) {
  send({ id, result });
}

function text(value) {
  return { content: [{ type: 'text', text: value }] };
}

async function handle(message) {
  if (record) fs.appendFileSync(record, `${JSON.stringify(message)}\n`);
  if (message.id !== undefined && message.method === undefined) {
    waitingForClient.get(message.id)?.(message);
    return;
  }
  const { id, method, params } = message;
  switch (method) {
    case 'initialize':
      if (slowStart) await new Promise((r) => setTimeout(r, slowStart));
      return reply(id, { protocolVersion: params.protocolVersion, capabilities: { tools: { listChanged: true } }, serverInfo: { name: 'misbehaving', version: '1.0.0' } });
    case 'tools/list':
      return reply(id, { tools: tools() });
    case 'tools/call':
      return call(id, params.name, params.arguments ?? {});
    case 'ping':
      return reply(id, {});
    default:
      if (id !== undefined) send({ id, error: { code: -32601, message: `Method not found: ${method}` } });
  }
}

async function call(id, name, args) {
  switch (name) {
    case 'echo':
      return reply(id, text(`echo: ${args.text}`));
    case 'crash':
      process.stderr.write('panic: the index is corrupt\n');
      return process.exit(7);
    case 'hang':
      return undefined;
    case 'garbage_then_answer':
      process.stdout.write('this is not json\n');
      process.stdout.write('{"jsonrpc":"2.0","id":"nobody","result":\n');
      process.stdout.write('{"jsonrpc":"1.0","what":42}\n');
      return reply(id, text('still here'));
    case 'garbage_only':
      process.stdout.write('{{{{ not json at all\n');
      return undefined;
    case 'huge': {
      const size = Math.round((args.megabytes ?? 50) * 1024 * 1024);
      return reply(id, text('x'.repeat(size)));
    }
    case 'ask_for_sampling': {
      const requestId = nextRequestId++;
      const answered = new Promise((resolve) => waitingForClient.set(requestId, resolve));
      send({ id: requestId, method: 'sampling/createMessage', params: { messages: [{ role: 'user', content: { type: 'text', text: 'hi' } }], maxTokens: 10 } });
      const answer = await answered;
      return reply(id, text(answer.error ? `the client refused sampling: ${answer.error.code} ${answer.error.message}` : 'the client sampled'));
    }
    case 'add_tool':
      extraTool = true;
      send({ method: 'notifications/tools/list_changed' });
      return reply(id, text('added'));
    case 'wrong_structure':
      return reply(id, { content: [{ type: 'text', text: '{"n":"many"}' }], structuredContent: { n: 'many' } });
    case 'list_of_things':
      return reply(id, text(`got ${JSON.stringify(args.things)}`));
    default:
      return send({ id, error: { code: -32602, message: `Unknown tool: ${name}` } });
  }
}

let buffer = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  buffer += chunk;
  for (let at = buffer.indexOf('\n'); at >= 0; at = buffer.indexOf('\n')) {
    const line = buffer.slice(0, at);
    buffer = buffer.slice(at + 1);
    if (line.trim() !== '') void handle(JSON.parse(line));
  }
});
process.stdin.on('end', () => process.exit(0));
