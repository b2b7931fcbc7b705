import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../support/runCli';
import { writeTempTree } from '../support/tempTree';

const patch = (...lines: string[]) => ['*** Begin Patch', ...lines, '*** End Patch', ''].join('\n');

describe('mini-coder apply-patch (the built CLI)', function () {
  this.timeout(30_000);
  let workspace: string;
  let outside: string;

  beforeEach(async () => {
    workspace = await writeTempTree(
      { 'src/a.ts': 'export const a = 1;\nexport const b = 2;\n', 'src/crlf.txt': 'one\r\ntwo\r\n', 'old.txt': 'bye\n' },
      'mc-apply-',
    );
    outside = await writeTempTree({ 'secret.txt': 'keep\n' }, 'mc-apply-outside-');
  });
  afterEach(async () => {
    await fs.rm(workspace, { recursive: true, force: true });
    await fs.rm(outside, { recursive: true, force: true });
  });

  const read = (rel: string) => fs.readFile(path.join(workspace, rel), 'utf8');
  const exists = (rel: string) => fs.access(path.join(workspace, rel)).then(() => true, () => false);
  const applyPatch = (input: string, ...flags: string[]) => runCli(['apply-patch', '--workspace', workspace, ...flags], { input });

  it('applies a patch from stdin and exits 0', async () => {
    const run = await applyPatch(patch('*** Update File: src/a.ts', '@@', ' export const a = 1;', '-export const b = 2;', '+export const b = 3;'));
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Applied: Update src\/a\.ts \(1 hunk\)\n  M src\/a\.ts\n/);
    assert.equal(await read('src/a.ts'), 'export const a = 1;\nexport const b = 3;\n');
  });

  it('adds, deletes and moves files, keeping a CRLF file CRLF', async () => {
    const run = await applyPatch(
      patch('*** Add File: docs/new.md', '+# New', '*** Delete File: old.txt', '*** Update File: src/crlf.txt', '*** Move to: src/moved.txt', '@@', ' one', '-two', '+2', '+3'),
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(await read('docs/new.md'), '# New\n');
    assert.equal(await exists('old.txt'), false);
    assert.equal(await exists('src/crlf.txt'), false);
    assert.equal(await read('src/moved.txt'), 'one\r\n2\r\n3\r\n');
  });

  it('reads a unified diff too, and reports the tolerances it needed', async () => {
    const diff = ['--- a/src/a.ts', '+++ b/src/a.ts', '@@ -7,2 +7,2 @@', ' export const a = 1;   ', '-export const b = 2;', '+export const b = 4;', ''].join('\n');
    const run = await applyPatch(diff, '--json');
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout) as { ok: boolean; files: unknown[]; tolerances: string[] };
    assert.equal(out.ok, true);
    assert.deepEqual(out.files, [{ path: 'src/a.ts', kind: 'update' }]);
    assert.ok(out.tolerances.some((t) => /trailing whitespace/.test(t)));
    assert.ok(out.tolerances.some((t) => /header said line 7; its lines are at line 1/.test(t)));
    assert.equal(await read('src/a.ts'), 'export const a = 1;\nexport const b = 4;\n');
  });

  it('shows the diff and changes nothing with --dry-run', async () => {
    const run = await applyPatch(patch('*** Update File: src/a.ts', '@@', '-export const a = 1;', '+export const a = 10;'), '--dry-run');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Would apply: Update src\/a\.ts/);
    assert.match(run.stdout, /^-export const a = 1;$/m);
    assert.match(run.stdout, /^\+export const a = 10;$/m);
    assert.equal(await read('src/a.ts'), 'export const a = 1;\nexport const b = 2;\n');
  });

  it('refuses a hunk that does not match with exit 1, the reason on stderr, and no file touched', async () => {
    const run = await applyPatch(
      patch('*** Update File: src/a.ts', '@@', '-export const a = 1;', '+export const a = 5;', '*** Update File: src/crlf.txt', '@@', '-three', '+3'),
    );
    assert.equal(run.code, 1);
    assert.match(run.stderr, /patch refused, no file was changed/);
    assert.match(run.stderr, /src\/crlf\.txt: hunk 1 of 1 \(patch line 7\) was refused: the line to remove "three" is not in the file/);
    assert.equal(run.stdout, '');
    assert.equal(await read('src/a.ts'), 'export const a = 1;\nexport const b = 2;\n', 'the first file is untouched too');
    assert.equal(await read('src/crlf.txt'), 'one\r\ntwo\r\n');
  });

  it('prints {ok:false, error} with --json when refused', async () => {
    const run = await applyPatch(patch('*** Delete File: missing.txt'), '--json');
    assert.equal(run.code, 1);
    assert.deepEqual(JSON.parse(run.stdout), { ok: false, error: 'missing.txt does not exist, so it cannot be deleted.' });
  });

  it('refuses a path that escapes the workspace and writes nothing outside it', async () => {
    const escaping = path.relative(workspace, path.join(outside, 'secret.txt'));
    const run = await applyPatch(patch(`*** Update File: ${escaping}`, '@@', '-keep', '+stolen'));
    assert.equal(run.code, 1);
    assert.match(run.stderr, /outside the workspace/);
    assert.equal(await fs.readFile(path.join(outside, 'secret.txt'), 'utf8'), 'keep\n');
  });

  it('reports a malformed patch with its line number and exit 1', async () => {
    const run = await applyPatch(patch('*** Update File: src/a.ts', '@@', '-export const a = 1;', '*** Frobnicate'));
    assert.equal(run.code, 1);
    assert.match(run.stderr, /line 5: expected a hunk line/);
  });

  it('merges sections that name one file through another spelling or a symlink', async () => {
    await fs.symlink('src/a.ts', path.join(workspace, 'link.ts'));
    const run = await applyPatch(
      patch('*** Update File: link.ts', '@@', '-export const a = 1;', '+export const a = 10;', '*** Update File: src/../src/a.ts', '@@', '-export const b = 2;', '+export const b = 20;'),
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Applied: Update link\.ts \(2 hunks\)\n  M link\.ts\n/);
    assert.equal(await read('src/a.ts'), 'export const a = 10;\nexport const b = 20;\n', 'both edits landed in the real file');
  });

  it('reads an indented *** End Patch as the end, and refuses a patch that changes nothing', async () => {
    const indented = await applyPatch(['*** Begin Patch', '*** Update File: old.txt', '@@', '-bye', '+hello', '  *** End Patch', ''].join('\n'));
    assert.equal(indented.code, 0, indented.stderr);
    assert.equal(await read('old.txt'), 'hello\n');
    const nothing = await applyPatch(patch('*** Update File: old.txt', 'hello'));
    assert.equal(nothing.code, 1);
    assert.match(nothing.stderr, /patch refused, no file was changed\.\nold\.txt: the section at patch line 2 changes nothing/);
  });

  it('exits 2 on usage errors', async () => {
    const noWorkspace = await runCli(['apply-patch'], { input: patch('*** Delete File: old.txt') });
    assert.equal(noWorkspace.code, 2);
    assert.match(noWorkspace.stderr, /--workspace DIR is required/);
    const unknownFlag = await applyPatch(patch('*** Delete File: old.txt'), '--force');
    assert.equal(unknownFlag.code, 2);
    const notAFolder = await runCli(['apply-patch', '--workspace', path.join(workspace, 'old.txt')], { input: patch('*** Delete File: old.txt') });
    assert.equal(notAFolder.code, 2);
    const empty = await applyPatch('');
    assert.equal(empty.code, 2);
    assert.equal(await read('old.txt'), 'bye\n', 'nothing ran');
  });
});
