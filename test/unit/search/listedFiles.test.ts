// The editor's way into the search worker: VS Code lists the files (files.exclude applied), the worker leaves out
// what .gitignore ignores, searches unsaved editor text instead of the disk's, and shows multi-root paths with
// their folder's name.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { requestFor, searchFiles } from '../../../src/core/search/searchFiles';
import type { SearchFolder } from '../../../src/core/search/request';
import { searchWorkerScript } from '../../support/searchWorker';
import { writeTempTree } from '../../support/tempTree';

describe('searching files the editor listed', function () {
  this.timeout(30_000);
  let app: string;
  let lib: string;
  beforeEach(async () => {
    app = await fs.realpath(
      await writeTempTree({ '.gitignore': 'gen/\n', 'src/a.ts': 'needle on disk\n', 'gen/out.ts': 'needle\n', 'node_modules/m/i.js': 'needle\n', '.env': 'needle\n' }, 'mc-app-'),
    );
    lib = await fs.realpath(await writeTempTree({ 'index.ts': 'a needle\n' }, 'mc-lib-'));
  });
  afterEach(async () => {
    await fs.rm(app, { recursive: true, force: true });
    await fs.rm(lib, { recursive: true, force: true });
  });

  const search = (folders: SearchFolder[], query = 'needle') => searchFiles(requestFor({ query }, folders), { timeLimitMs: 20_000, workerScript: searchWorkerScript() });

  it('honours .gitignore on the listed files, skips node_modules and secrets, and prefixes each folder’s name', async () => {
    const outcome = await search([
      { root: app, prefix: 'app/', files: ['src/a.ts', 'gen/out.ts', 'node_modules/m/i.js', '.env', '.gitignore'] },
      { root: lib, prefix: 'lib/', files: ['index.ts'] },
    ]);
    assert.deepEqual(outcome.matches, [
      { path: 'app/src/a.ts', line: 1, text: 'needle on disk' },
      { path: 'lib/index.ts', line: 1, text: 'a needle' },
    ]);
    assert.equal(outcome.skipped.secret, 1);
  });

  it('searches the unsaved text of an open editor instead of the disk', async () => {
    const outcome = await search([{ root: app, prefix: '', files: ['src/a.ts'], overrides: { 'src/a.ts': 'first line\nneedle typed but not saved\n' } }]);
    assert.deepEqual(outcome.matches, [{ path: 'src/a.ts', line: 2, text: 'needle typed but not saved' }]);
  });

  it('still skips a file whose unsaved text holds a private key', async () => {
    const outcome = await search([{ root: app, prefix: '', files: ['src/a.ts'], overrides: { 'src/a.ts': '-----BEGIN RSA PRIVATE KEY-----\nneedle\n' } }]);
    assert.deepEqual(outcome.matches, []);
    assert.equal(outcome.skipped.secret, 1);
  });

  it('says it stopped early when the editor’s list was cut', async () => {
    const outcome = await search([{ root: lib, prefix: '', files: ['index.ts'], listLimit: 1 }]);
    assert.equal(outcome.matches.length, 1);
    assert.deepEqual(outcome.stopped, { reason: 'max_files', detail: 'the editor listed only the first 1 files of the workspace' });
  });

  it('ignores listed paths that climb out of the folder', async () => {
    const outcome = await search([{ root: app, prefix: '', files: ['../outside.ts', 'src/../../x', 'src/a.ts'] }]);
    assert.deepEqual(outcome.matches.map((m) => m.path), ['src/a.ts']);
  });
});
