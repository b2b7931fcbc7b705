import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { gatherFsSources } from '../../../src/core/context/fsSources';
import { packContext } from '../../../src/core/context/pack';
import { filterDiff, secretFilter } from '../../../src/core/trust/secretFiles';
import { loadTokenCounter } from '../../../src/core/context/tokens';
import { writeTempTree } from '../../support/tempTree';

const SECRET_VALUE = 'sk-live-0123456789abcdef';

describe('keeping secrets out of the context', () => {
  it('refuses environment files, private keys and certificates at any depth', () => {
    const filter = secretFilter();
    for (const p of ['.env', '.env.local', 'config/.env.production', 'certs/server.pem', 'tls/server.key', 'home/.ssh/id_rsa', 'id_ed25519.pub', 'store/client.p12', 'ca.crt', '.npmrc']) {
      assert.match(filter(p) ?? '', /looks like a secret/, p);
    }
  });

  it('lets ordinary files through, including ones that merely mention env', () => {
    const filter = secretFilter();
    for (const p of ['src/env.ts', 'environment.md', 'docs/keys.md', 'src/keyboard.ts', 'README.md']) assert.equal(filter(p), undefined, p);
  });

  it('refuses what the user excluded, naming the setting', () => {
    const filter = secretFilter({ exclude: ['private/**', '*.sqlite'] });
    assert.equal(filter('private/notes/plan.md'), 'excluded by your setting (private/**)');
    assert.equal(filter('data/app.sqlite'), 'excluded by your setting (*.sqlite)');
    assert.equal(filter('src/app.ts'), undefined);
  });

  it('lets through exactly the files the user allowed', () => {
    const filter = secretFilter({ allow: ['.env.example', './config/dev.pem'] });
    assert.equal(filter('.env.example'), undefined);
    assert.equal(filter('config/dev.pem'), undefined);
    assert.notEqual(filter('.env'), undefined);
  });

  it('removes the sections of a diff that touch secret files', () => {
    const diff = [
      'diff --git a/src/app.ts b/src/app.ts', '--- a/src/app.ts', '+++ b/src/app.ts', '@@ -1 +1 @@', '-old', '+new',
      'diff --git a/.env b/.env', '--- a/.env', '+++ b/.env', '@@ -1 +1 @@', '-KEY=1', `+KEY=${SECRET_VALUE}`, '',
    ].join('\n');
    const { text, withheld } = filterDiff(diff, secretFilter());
    assert.ok(text.includes('+new'));
    assert.ok(!text.includes(SECRET_VALUE));
    assert.deepEqual(withheld, ['.env']);
  });

  describe('when gathering from a workspace', () => {
    let root: string;
    beforeEach(async () => {
      root = await writeTempTree({ '.env': `API_KEY=${SECRET_VALUE}\n`, 'src/app.ts': 'export const app = 1;\n', 'src/deploy.key': `${SECRET_VALUE}\n`, 'notes/private.md': `token ${SECRET_VALUE}\n` });
    });
    afterEach(() => fs.rm(root, { recursive: true, force: true }));

    it('refuses a mentioned .env and never reads it into what is sent', async () => {
      const sources = await gatherFsSources({ root, mentions: ['.env', 'src/app.ts'] });
      const env = sources.find((s) => s.path === '.env')!;
      assert.match(env.withheld!, /matches \.env\*/);
      assert.equal(env.text, '');
      const packed = await packContext(sources, 10_000, undefined, { counter: await loadTokenCounter() });
      assert.ok(!JSON.stringify(packed.items).includes(SECRET_VALUE) && !packed.volatileText.includes(SECRET_VALUE));
      assert.equal(packed.report.items.find((i) => i.id === 'file:.env')!.placement, 'none');
    });

    it('sends a mentioned .env when the user allowed that file', async () => {
      const sources = await gatherFsSources({ root, mentions: ['.env'], allow: ['.env'] });
      assert.equal(sources.find((s) => s.path === '.env')!.text, `API_KEY=${SECRET_VALUE}\n`);
    });

    it('skips secret and excluded files inside a mentioned folder or an active file', async () => {
      const sources = await gatherFsSources({ root, mentions: ['src', 'notes/private.md'], activeFile: 'src/deploy.key', exclude: ['notes/**'], outline: false });
      const sent = sources.filter((s) => !s.withheld).map((s) => s.text).join('\n');
      assert.ok(!sent.includes(SECRET_VALUE));
      assert.ok(sources.some((s) => s.path === 'src/app.ts' && !s.withheld));
      assert.match(sources.find((s) => s.path === 'notes/private.md')!.withheld!, /excluded by your setting/);
    });

    it('leaves secret files out of @changes', async () => {
      const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'pipe' });
      git('init', '-q');
      git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', '-A');
      git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-q', '-m', 'init');
      await fs.writeFile(path.join(root, '.env'), `API_KEY=${SECRET_VALUE}-rotated\n`);
      await fs.writeFile(path.join(root, 'src/app.ts'), 'export const app = 2;\n');
      const [changes] = await gatherFsSources({ root, mentions: ['@changes'], outline: false });
      assert.equal(changes.kind, 'git_diff');
      assert.ok(changes.text.includes('+export const app = 2;'));
      assert.ok(!changes.text.includes(SECRET_VALUE));
      assert.match(changes.text, /changes to \.env left out/);
    });
  });
});
