// A cloned repository writes its own .gitignore. The `ignore` package turns each pattern into a backtracking
// RegExp; `**` folders in the middle of a pattern make it polynomial in a path's depth (four of them on a path
// 100 folders deep: seconds per path, and a listing tests every path). Such patterns are not applied, and the
// files they would hide are listed; every other rule still applies. A .gitignore that is not a small regular
// file (a FIFO, a link to /dev/zero) is not read at all.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { listWorkspaceFiles } from '../../../src/core/context/fsSources';
import { FsWorkspace } from '../../../src/core/fsWorkspace';
import { isCostlyPattern } from '../../../src/core/gitignore';
import { IgnoreRules } from '../../../src/vscode/ignoreRules';
import { writeTempTree } from '../../support/tempTree';

const HOSTILE = 'a/**/a/**/a/**/a/**/b';
const DEEP = `${'a/'.repeat(120)}x.txt`;

describe('hostile .gitignore files', function () {
  this.timeout(20_000);
  let root: string;
  beforeEach(async () => {
    root = await writeTempTree({ '.gitignore': `${HOSTILE}\n*.log\n`, [DEEP]: 'deep\n', 'debug.log': 'x', 'src/a.ts': 'a' }, 'mc-gitignore-');
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  it('tells the patterns whose matching cost grows with depth from ordinary ones', () => {
    assert.equal(isCostlyPattern(HOSTILE), true);
    assert.equal(isCostlyPattern('!/x/**/y/**/z/'), true);
    for (const ordinary of ['**/node_modules', 'build/**', 'a/**/b', '**/a/**/b/**', '*a*a*a*a*a*a*a*a*a*a*b', '# a/**/b/**/c', '']) {
      assert.equal(isCostlyPattern(ordinary), false, ordinary);
    }
  });

  it('lists a deep tree promptly: the costly pattern is not applied, the ordinary ones are', async () => {
    const listed = (await new FsWorkspace(root).list('', { recursive: true, limit: 10_000 })).map((e) => e.path);
    assert.ok(listed.includes(DEEP), 'the file the costly pattern would have matched is listed');
    assert.ok(!listed.includes('debug.log'), '*.log still applies');
    assert.ok(listed.includes('src/a.ts'));
  });

  it('builds the workspace outline promptly', async () => {
    const { files } = await listWorkspaceFiles(root);
    assert.deepEqual(files, ['.gitignore', DEEP, 'src/a.ts'].sort());
  });

  it('keeps the editor’s listing rules prompt too', () => {
    const rules = new IgnoreRules();
    rules.addGitignore('', `${HOSTILE}\n*.log\n`);
    assert.equal(rules.ignores(DEEP, false), false);
    assert.equal(rules.ignores('x/debug.log', false), true);
  });

  it('does not wait on a .gitignore that is a FIFO, nor read one that links to /dev/zero', async () => {
    await fs.rm(path.join(root, '.gitignore'));
    execFileSync('mkfifo', [path.join(root, '.gitignore')]);
    await fs.mkdir(path.join(root, 'sub'));
    await fs.symlink('/dev/zero', path.join(root, 'sub', '.gitignore'));
    await fs.writeFile(path.join(root, 'sub', 'b.ts'), 'b');
    const listed = (await new FsWorkspace(root).list('', { recursive: true })).map((e) => e.path);
    assert.ok(listed.includes('debug.log'), 'no rules came from the FIFO');
    assert.ok(listed.includes('sub/b.ts'));
  });
});
