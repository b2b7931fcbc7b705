import * as assert from 'node:assert/strict';
import { Approvals, refusingApprover } from '../../../src/core/trust/approvals';
import { DEFAULT_RULES, TrustPolicy, type ResolvedChange, type TrustRules } from '../../../src/core/trust/policy';
import { recordingApprover } from '../../support/trust';

const policy = (rules: Partial<TrustRules> = {}) => new TrustPolicy(() => ({ ...DEFAULT_RULES, ...rules }));
const update = (path: string, realPath = path): ResolvedChange & { kind: 'update' } => ({ kind: 'update', path, realPath, oldText: 'a', newText: 'b' });

describe('the trust policy', () => {
  describe('reading', () => {
    it('lets ordinary files be read and asks for secrets, judged by the real path', () => {
      assert.deepEqual(policy().read({ path: 'src/a.ts', realPath: 'src/a.ts' }), { decision: 'allow' });
      const linked = policy().read({ path: 'notes.txt', realPath: '.env' });
      assert.equal(linked.decision, 'ask');
      assert.match(linked.decision === 'ask' ? linked.reason : '', /notes\.txt \(really \.env\) looks like a secret/);
    });

    it('asks when the name alone says secret even if the link leads to an ordinary file', () => {
      assert.equal(policy().read({ path: 'deploy/.env', realPath: 'deploy/env.txt' }).decision, 'ask');
    });

    it('judges credentials by content where the name cannot tell', () => {
      const p = policy();
      assert.equal(p.read({ path: '.npmrc', realPath: '.npmrc' }, '//registry.npmjs.org/:_authToken=abc\n').decision, 'ask');
      assert.equal(p.read({ path: '.npmrc', realPath: '.npmrc' }, 'registry=https://example.org/\n').decision, 'allow');
      assert.equal(p.read({ path: '.npmrc', realPath: '.npmrc' }).decision, 'ask', 'unknown content counts as secret');
      assert.equal(p.read({ path: 'notes/x.txt', realPath: 'notes/x.txt' }, 'text\n-----BEGIN RSA PRIVATE KEY-----\nMII\n').decision, 'ask');
      assert.equal(p.read({ path: '.git/config', realPath: '.git/config' }, '[remote "o"]\n\turl = https://me:ghp_token@github.com/x\n').decision, 'ask');
      assert.equal(p.read({ path: '.git/config', realPath: '.git/config' }, '[core]\n\tbare = false\n').decision, 'allow');
    });

    it('treats what the user excluded like a secret and lets what the user allowed through', () => {
      assert.equal(policy({ excludeRead: ['private/**'] }).read({ path: 'private/plan.md', realPath: 'private/plan.md' }).decision, 'ask');
      assert.equal(policy({ allowRead: ['.env.local'] }).read({ path: '.env.local', realPath: '.env.local' }).decision, 'allow');
      assert.equal(policy({ allowRead: ['.env.local'] }).read({ path: '.env', realPath: '.env' }).decision, 'ask');
    });

    it('applies a changed setting to the next decision', () => {
      let rules: TrustRules = { ...DEFAULT_RULES };
      const p = new TrustPolicy(() => rules);
      assert.equal(p.read({ path: '.env', realPath: '.env' }).decision, 'ask');
      rules = { ...rules, allowRead: ['.env'] };
      assert.equal(p.read({ path: '.env', realPath: '.env' }).decision, 'allow');
    });
  });

  describe('writing', () => {
    it('asks for every edit unless auto-approve is on, and then only for sensitive paths', () => {
      assert.deepEqual(policy().write([update('src/a.ts')]), { decision: 'ask', reason: 'edits are reviewed before they are applied', sensitive: false });
      assert.deepEqual(policy({ autoApproveEdits: true }).write([update('src/a.ts')]), { decision: 'allow' });
      const sensitive = policy({ autoApproveEdits: true }).write([update('src/a.ts'), update('.github/workflows/ci.yml')]);
      assert.equal(sensitive.decision, 'ask');
      assert.equal(sensitive.decision === 'ask' && sensitive.sensitive, true);
    });

    it('judges the real path: a harmless name linked into .git asks', () => {
      const verdict = policy({ autoApproveEdits: true }).write([update('notes/config.md', '.git/config')]);
      assert.match(verdict.decision === 'ask' ? verdict.reason : '', /notes\/config\.md \(really \.git\/config\)/);
    });

    it('folds `..` in the name before judging it, so an alias of an ordinary file is ordinary', () => {
      assert.deepEqual(policy({ autoApproveEdits: true }).write([update('sub/../a.txt', 'a.txt')]), { decision: 'allow' });
    });

    it('asks for deletions and moves into sensitive places', () => {
      const p = policy({ autoApproveEdits: true });
      assert.match(JSON.stringify(p.write([{ kind: 'delete', path: 'src/a.ts', realPath: 'src/a.ts', oldText: 'x' }])), /deletes a file/);
      assert.match(JSON.stringify(p.write([{ ...update('src/a.ts'), moveTo: '.vscode/a.ts', realMoveTo: '.vscode/a.ts' }])), /\.vscode/);
    });

    it('takes --allow-write as the user\'s word for a sensitive path, with or without auto-approve', () => {
      assert.deepEqual(policy({ allowWrite: ['.github/**'] }).write([update('.github/workflows/ci.yml')]), { decision: 'allow' });
      assert.equal(policy({ allowWrite: ['.github/**'] }).write([update('.github/workflows/ci.yml'), update('src/a.ts')]).decision, 'ask', 'the ordinary file still needs --yes');
      assert.equal(policy({ allowWrite: ['package.json'] }).write([update('.vscode/settings.json')]).decision, 'ask');
    });
  });
});

describe('approvals', () => {
  it('asks the host once for a file the user allows always, and remembers it across sub-sessions', async () => {
    const approver = recordingApprover({ decision: 'always' });
    const approvals = new Approvals(policy(), approver);
    await approvals.read({ path: '.env', realPath: '.env' }, 'A=1');
    await approvals.read({ path: 'link', realPath: '.env' }, 'A=1');
    assert.equal(approver.asked.length, 1);
    const sub = approvals.withApprover(refusingApprover(() => 'subagents cannot ask'));
    await sub.read({ path: '.env', realPath: '.env' }, 'A=1');
    assert.equal(approvals.skipReason('.env'), undefined, 'a file allowed always is searched too');
  });

  it('refuses with the host\'s reason and never quotes the file', async () => {
    const approvals = new Approvals(policy(), refusingApprover((r) => `no terminal to ask on (${r.scope})`));
    await assert.rejects(approvals.read({ path: '.env', realPath: '.env' }, 'TOKEN=very-secret'), (err: Error) => {
      assert.match(err.message, /Reading \.env was not allowed: no terminal to ask on \(\.env\)/);
      assert.ok(!err.message.includes('very-secret'));
      return true;
    });
  });

  it('asks again after "once"', async () => {
    const approver = recordingApprover({ decision: 'once' });
    const approvals = new Approvals(policy(), approver);
    await approvals.read({ path: '.env', realPath: '.env' }, undefined);
    await approvals.read({ path: '.env', realPath: '.env' }, undefined);
    assert.equal(approver.asked.length, 2);
    assert.equal(approver.asked[0].kind, 'read');
    assert.equal(approver.asked[0].title, 'Read .env');
  });

  it('does not ask at all when the turn was stopped', async () => {
    const approver = recordingApprover({ decision: 'once' });
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(new Approvals(policy(), approver).read({ path: '.env', realPath: '.env' }, undefined, controller.signal), /Stopped/);
    assert.equal(approver.asked.length, 0);
  });
});
