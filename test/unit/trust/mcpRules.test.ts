import * as assert from 'node:assert/strict';
import { DEFAULT_RULES, TrustPolicy } from '../../../src/core/trust/policy';
import { mcpGlob } from '../../../src/core/trust/mcpRules';
import { recordingApprover, testTrust } from '../../support/trust';

const policy = (allowMcpTools: string[] = [], autoApproveEdits = false) => new TrustPolicy(() => ({ ...DEFAULT_RULES, autoApproveEdits, allowMcpTools }));

describe('MCP tools and the trust policy', () => {
  it('asks for every MCP tool by default, naming server and tool', () => {
    const verdict = policy().mcpTool({ server: 'github', tool: 'create_issue' });
    assert.equal(verdict.decision, 'ask');
    assert.match(verdict.decision === 'ask' ? verdict.reason : '', /github\/create_issue .*MCP server "github"/);
  });

  it('allows exactly the tools a user glob names', () => {
    const p = policy(['github/get_*', 'everything/echo']);
    assert.equal(p.mcpTool({ server: 'github', tool: 'get_issue' }).decision, 'allow');
    assert.equal(p.mcpTool({ server: 'everything', tool: 'echo' }).decision, 'allow');
    assert.equal(p.mcpTool({ server: 'github', tool: 'create_issue' }).decision, 'ask');
    assert.equal(p.mcpTool({ server: 'everything', tool: 'echo2' }).decision, 'ask');
    assert.equal(p.mcpTool({ server: 'githubx', tool: 'get_issue' }).decision, 'ask');
  });

  it('reads regex characters in names literally', () => {
    assert.ok(mcpGlob('a.b/c+d').test('a.b/c+d'));
    assert.ok(!mcpGlob('a.b/c').test('axb/c'));
    assert.ok(mcpGlob('*').test('any/thing'));
    assert.ok(mcpGlob('srv/too?').test('srv/tool'));
    assert.ok(mcpGlob('*/get_*').test('github/get_issue'));
    assert.ok(!mcpGlob('*/get_*').test('github/create_issue'));
  });

  it('matches a glob full of stars against a long name at once', () => {
    const glob = `${'*a'.repeat(30)}*b`;
    assert.equal(mcpGlob(glob).test(`s/${'a'.repeat(5000)}`), false);
  });

  it('lets neither a read-only annotation nor auto-approve of edits allow a tool', () => {
    const verdict = policy([], true).mcpTool({ server: 's', tool: 'list', annotations: { readOnlyHint: true, destructiveHint: false, openWorldHint: false } });
    assert.equal(verdict.decision, 'ask');
    assert.match(verdict.decision === 'ask' ? verdict.reason : '', /says it only reads.*cannot allow them/);
  });

  it('words the question by what the server claims', () => {
    const reason = (annotations: object) => {
      const v = policy().mcpTool({ server: 's', tool: 't', annotations });
      return v.decision === 'ask' ? v.reason : '';
    };
    assert.match(reason({}), /may change or delete things, it may reach services outside/);
    assert.match(reason({ destructiveHint: false, openWorldHint: false }), /changes things but deletes nothing\./);
  });

  it('remembers "always" for one server/tool only', async () => {
    const approver = recordingApprover({ decision: 'always' });
    const trust = testTrust({}, approver);
    const ask = (tool: string) => trust.check(trust.policy.mcpTool({ server: 's', tool }), { kind: 'mcp_tool', title: `Run ${tool}`, scope: `s/${tool}` });
    await ask('a');
    await ask('a');
    await ask('b');
    assert.deepEqual(approver.asked.map((q) => q.scope), ['s/a', 's/b']);
  });

  it('refuses with the reason when the answer is no', async () => {
    const trust = testTrust({}, recordingApprover({ decision: 'deny', reason: 'no TTY; rerun with --allow-mcp-tool s/a' }));
    await assert.rejects(trust.check(trust.policy.mcpTool({ server: 's', tool: 'a' }), { kind: 'mcp_tool', title: 'Run a', scope: 's/a' }), /--allow-mcp-tool s\/a/);
  });
});

describe('starting MCP servers and the trust policy', () => {
  const facts = { name: 'db', launches: 'node server.js' };
  it('starts the user\'s own and command-line servers', () => {
    assert.equal(policy().mcpServerStart({ ...facts, origin: 'user', workspaceTrusted: false }).decision, 'allow');
    assert.equal(policy().mcpServerStart({ ...facts, origin: 'command_line', workspaceTrusted: true }).decision, 'allow');
  });

  it('never starts a workspace server in an untrusted workspace', () => {
    const verdict = policy().mcpServerStart({ ...facts, origin: 'workspace', workspaceTrusted: false });
    assert.equal(verdict.decision, 'deny');
    assert.match(verdict.decision === 'deny' ? verdict.reason : '', /trust the workspace/);
  });

  it('asks before a trusted workspace\'s server runs its command, showing the command', () => {
    const verdict = policy().mcpServerStart({ ...facts, origin: 'workspace', workspaceTrusted: true });
    assert.equal(verdict.decision, 'ask');
    assert.match(verdict.decision === 'ask' ? verdict.reason : '', /runs: node server\.js/);
  });
});
