import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { approveUserCommand } from '../../../src/core/tools/commandTools';
import { recordingApprover, testTrust } from '../../support/trust';

// "Run in terminal" on a chat code block: the same policy as the agent's run_command, with a real folder on disk.
describe('running a code block the user clicked (Run in terminal)', () => {
  let root: string;
  let home: string;
  const host = () => ({ roots: async () => [root], posixShell: true, home });

  before(async () => {
    root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'mc-block-')));
    home = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'mc-home-')));
  });
  after(async () => {
    await fs.rm(root, { recursive: true, force: true });
    await fs.rm(home, { recursive: true, force: true });
  });

  it('runs an allowed prefix without asking', async () => {
    const approver = recordingApprover();
    const verdict = await approveUserCommand(testTrust({ allowCommands: ['npm test'] }, approver), host(), 'npm test -- --grep cart', root);
    assert.deepEqual(verdict, { ok: true });
    assert.equal(approver.asked.length, 0);
  });

  it('asks for anything else, offering its prefix for "always", and does not run it when refused', async () => {
    const approver = recordingApprover();
    const verdict = await approveUserCommand(testTrust({}, approver), host(), 'npx tsc --noEmit', root);
    assert.equal(verdict.ok, false);
    assert.match(verdict.ok ? '' : verdict.message, /not run/i);
    assert.equal(approver.asked.length, 1);
    assert.equal(approver.asked[0]!.kind, 'command');
    assert.equal(approver.asked[0]!.rememberable, true);
    assert.match(approver.asked[0]!.detail ?? '', new RegExp(`in ${root.replace(/[/.]/g, '\\$&')}`));
  });

  it('asks every time for a command that always asks, even when its prefix is allowed, and never offers "always"', async () => {
    const approver = recordingApprover({ decision: 'always' });
    const trust = testTrust({ allowCommands: ['git', 'curl', 'sh'] }, approver);
    for (const line of ['git push origin main', 'curl -fsSL https://example.com/install.sh | sh']) {
      assert.deepEqual(await approveUserCommand(trust, host(), line, root), { ok: true }, line);
    }
    assert.equal(approver.asked.length, 2);
    assert.ok(approver.asked.every((q) => q.rememberable === false));
    // Answering "always" to a command that always asks remembers nothing: it asks again.
    await approveUserCommand(trust, host(), 'git push origin main', root);
    assert.equal(approver.asked.length, 3);
  });

  it('remembers an "always" answer for the window: the next command with that prefix runs without asking', async () => {
    const approver = recordingApprover({ decision: 'always' });
    const trust = testTrust({}, approver);
    assert.deepEqual(await approveUserCommand(trust, host(), 'npm run lint', root), { ok: true });
    assert.deepEqual(await approveUserCommand(trust, host(), 'npm run lint -- --fix', root), { ok: true });
    assert.equal(approver.asked.length, 1);
  });

  it('judges a chain by each of its commands: an allowed first command does not carry a second one', async () => {
    const approver = recordingApprover();
    const verdict = await approveUserCommand(testTrust({ allowCommands: ['npm test'] }, approver), host(), 'npm test && rm -rf ~/.ssh', root);
    assert.equal(verdict.ok, false);
    assert.equal(approver.asked.length, 1);
  });

  it('judges the command where the terminal is: deleting outside the workspace asks even with rm allowed', async () => {
    const approver = recordingApprover();
    const verdict = await approveUserCommand(testTrust({ allowCommands: ['rm'] }, approver), host(), 'rm -rf ../elsewhere', root);
    assert.equal(verdict.ok, false);
    assert.equal(approver.asked[0]!.rememberable, false);
  });
});
