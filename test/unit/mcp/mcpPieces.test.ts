import * as assert from 'node:assert/strict';
import { launchFingerprint, parseEnvFile, parseMcpConfig, parseMcpConfigText, resolveVariables } from '../../../src/core/mcp/config';
import { parseArguments } from '../../../src/core/mcp/chatCommands';
import { outputValidator } from '../../../src/core/mcp/outputValidator';
import { isValidToolName, nameTools } from '../../../src/core/mcp/toolNames';
import { formatToolResult, MAX_RESULT_IMAGES } from '../../../src/core/mcp/toolResult';
import { adaptToolSchema } from '../../../src/core/mcp/toolSchema';

describe('MCP configuration files', () => {
  it('reads VS Code\'s mcp.json with comments, trailing commas, types and inputs', () => {
    const parsed = parseMcpConfigText(
      `{
        // VS Code's format
        "inputs": [{ "type": "promptString", "id": "token", "description": "GitHub token", "password": true }],
        "servers": {
          "github": { "type": "http", "url": "https://api.example.com/mcp", "headers": { "Authorization": "Bearer \${input:token}" } },
          "local": { "type": "stdio", "command": "node", "args": ["server.js"], "env": { "DEBUG": "1" }, "envFile": "\${workspaceFolder}/.env" },
          "old": { "type": "sse", "url": "http://127.0.0.1:3001/sse" },
        },
      }`,
      'workspace',
      '.vscode/mcp.json',
    );
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.servers.map((s) => [s.name, s.transport, s.origin]), [['github', 'http', 'workspace'], ['local', 'stdio', 'workspace'], ['old', 'sse', 'workspace']]);
    assert.equal(parsed.inputs[0].password, true);
  });

  it('reads the mcpServers JSON of Claude Desktop, Cursor and Cline, and the bare map', () => {
    const claude = parseMcpConfig({ mcpServers: { fs: { command: 'npx', args: ['-y', 'x'], disabled: true, timeout: 5, alwaysAllow: ['read'] }, remote: { url: 'http://h/mcp' } } }, 'user', 'settings');
    assert.deepEqual(claude.servers.map((s) => [s.name, s.transport, s.disabled ?? false, s.timeoutMs, s.alwaysAllow]), [['fs', 'stdio', true, 5000, ['read']], ['remote', 'http', false, 60000, undefined]]);
    assert.equal(parseMcpConfig({ fs: { command: 'x' } }, 'user', 'settings').servers.length, 1);
  });

  it('names the entry and the problem, and keeps the good entries', () => {
    const parsed = parseMcpConfig({ mcpServers: { ok: { command: 'x' }, nothing: {}, weird: { type: 'pigeon' }, badArgs: { command: 'x', args: 'no' } } }, 'user', 's');
    assert.deepEqual(parsed.servers.map((s) => s.name), ['ok']);
    assert.equal(parsed.problems.length, 3);
    assert.match(parsed.problems.join('\n'), /"nothing" needs a "command".*\n.*"weird" has an unknown type "pigeon".*\n.*"badArgs" "args" must be a list/);
    assert.match(parseMcpConfigText('{ "servers": ', 'workspace', 'f').problems[0], /^f: not valid JSON/);
  });

  it('replaces variables, asking for inputs, and refuses one it cannot fill', async () => {
    const [server] = parseMcpConfig({ s: { command: '${workspaceFolder}/bin', args: ['${env:HOME_X}', '${input:key}'], env: { A: '${userHome}' } } }, 'workspace', 'f').servers;
    const asked: string[] = [];
    const resolved = await resolveVariables(server, { workspaceFolder: '/w', userHome: '/h', env: { HOME_X: 'hx' }, input: async (id) => (asked.push(id), 'secret') });
    assert.equal(resolved.command, '/w/bin');
    assert.deepEqual(resolved.args, ['hx', 'secret']);
    assert.deepEqual(resolved.env, { A: '/h' });
    assert.deepEqual(asked, ['key']);
    await assert.rejects(resolveVariables(server, { workspaceFolder: '/w', env: {} }), /inputs can only be asked in the editor/);
  });

  it('reads dotenv files', () => {
    assert.deepEqual(parseEnvFile('# c\nexport A=1\nB="two words"\nC=three # note\nnot a line\n'), { A: '1', B: 'two words', C: 'three' });
  });

  it('fingerprints the launch, so a changed command must be approved again', () => {
    const [a] = parseMcpConfig({ s: { command: 'node', args: ['a.js'] } }, 'workspace', 'f').servers;
    const [b] = parseMcpConfig({ s: { command: 'node', args: ['evil.js'] } }, 'workspace', 'f').servers;
    assert.notEqual(launchFingerprint(a), launchFingerprint(b));
    assert.equal(launchFingerprint(a), launchFingerprint({ ...a, source: 'elsewhere' }));
  });
});

describe('MCP tool names and schemas for the model API', () => {
  it('makes names unique, valid and readable', () => {
    const tools = [
      { server: 'git hub', tool: 'create.issue' },
      { server: 'git_hub', tool: 'create_issue' },
      { server: 's'.repeat(40), tool: 't'.repeat(40) },
    ];
    const names = nameTools(tools, ['read_file']);
    const [a, b, c] = tools.map((t) => names.get(t)!);
    assert.equal(a, 'git_hub__create_issue');
    assert.notEqual(b, a);
    assert.ok(b.startsWith('git_hub__create_issue_'));
    assert.equal(c.length, 64);
    for (const n of [a, b, c]) assert.ok(isValidToolName(n), n);
    assert.deepEqual([...nameTools(tools).values()], [...names.values()], 'the same every time');
  });

  it('adapts what the API refuses and leaves out what cannot be adapted', () => {
    const adapted = adaptToolSchema({ $schema: 'x', anyOf: [{}], properties: { tags: { type: 'array' }, nested: { type: 'object', properties: { list: { type: ['array', 'null'] } } } } });
    assert.ok(adapted.ok);
    if (adapted.ok) {
      assert.equal(adapted.schema.type, 'object');
      assert.equal(adapted.schema.anyOf, undefined);
      assert.deepEqual((adapted.schema.properties as Record<string, { items?: unknown }>).tags.items, {});
      assert.match(adapted.changes.join(', '), /dropped top-level "anyOf", gave 2 arrays without "items"/);
    }
    assert.deepEqual(adaptToolSchema(undefined), { ok: true, schema: { type: 'object', properties: {} }, changes: ['no input schema: takes no arguments'] });
    assert.equal(adaptToolSchema({ type: 'array' }).ok, false);
    assert.match(JSON.stringify(adaptToolSchema({ type: 'object', description: 'x'.repeat(40_000) })), /more than the 32 K/);
  });
});

describe('MCP tool results for the model', () => {
  it('keeps text, marks errors, and describes what it cannot show', () => {
    const result = formatToolResult({
      isError: true,
      content: [
        { type: 'text', text: 'failed: no such table' },
        { type: 'audio', mimeType: 'audio/wav', data: 'AAAA' },
        { type: 'resource', resource: { uri: 'file:///a.txt', mimeType: 'text/plain', text: 'inside' } },
        { type: 'image', mimeType: 'image/svg+xml', data: 'PHN2Zz4=' },
      ],
    });
    assert.equal(result.isError, true);
    assert.match(result.output, /^failed: no such table\n\[audio \(audio\/wav, 1 KB\) left out: the model cannot hear\]\n\[resource file:\/\/\/a.txt \(text\/plain\)\]\ninside\n\[image of type image\/svg\+xml left out/);
  });

  it('shows structured content when there is no text, and bounds images', () => {
    assert.match(formatToolResult({ content: [], structuredContent: { rows: 3 } }).output, /structured content:\n\{\n {2}"rows": 3/);
    const many = formatToolResult({ content: Array.from({ length: MAX_RESULT_IMAGES + 2 }, () => ({ type: 'image', mimeType: 'image/png', data: 'iVBO' })) });
    assert.equal(many.images.length, MAX_RESULT_IMAGES);
    assert.match(many.output, /at most 4 images per result/);
  });

  it('never returns an empty output', () => {
    assert.equal(formatToolResult({ content: [] }).output, '(the tool returned nothing)');
    assert.equal(formatToolResult({ isError: true }).output, 'The tool failed without saying why.');
  });
});

describe('MCP prompt arguments typed in the chat', () => {
  it('reads name=value pairs with quotes, or the whole text for a one-argument prompt', () => {
    assert.deepEqual(parseArguments('city="New York" days=3 note=\'a b\'', ['city', 'days', 'note']), { city: 'New York', days: '3', note: 'a b' });
    assert.deepEqual(parseArguments('what is this code doing', ['question']), { question: 'what is this code doing' });
    assert.deepEqual(parseArguments('question=short', ['question']), { question: 'short' });
    assert.deepEqual(parseArguments('  ', ['a']), {});
  });
});

describe('MCP structured content and its output schema', () => {
  it('is checked by the engine\'s own validator, which compiles no pattern from the server', () => {
    const check = outputValidator.getValidator({ type: 'object', properties: { n: { type: 'integer' }, name: { type: 'string', pattern: '^(a+)+$' } }, required: ['n'] });
    assert.deepEqual(check({ n: 3, name: 'x' }), { valid: true, data: { n: 3, name: 'x' }, errorMessage: undefined });
    const bad = check({ name: 'a'.repeat(50) + '!' });
    assert.equal(bad.valid, false);
    assert.match(bad.errorMessage ?? '', /structuredContent\.n is required/);
  });
});
