import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CheckpointStore } from '../../../src/core/snapshots/turnCheckpoints';
import { writeTempTree } from '../../support/tempTree';

const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'core.safecrlf=false', ...args], { cwd, encoding: 'utf8' });
const read = (root: string, file: string) => fs.readFile(path.join(root, file));
const exists = (root: string, file: string) => fs.lstat(path.join(root, file)).then(() => true, () => false);

describe('persistent turn checkpoints', function () {
  this.timeout(30_000);
  let workspace: string;
  let storage: string;

  beforeEach(async () => {
    workspace = await writeTempTree(
      {
        'src/a.ts': 'export const a = 1;\n',
        'src/crlf.txt': 'one\r\ntwo\r\n',
        'src/old.ts': 'to be deleted\n',
        '.gitattributes': '* text=auto eol=lf\n',
        '.gitignore': 'ignored/\n',
        'ignored/cache.txt': 'cache\n',
      },
      'mc-ckpt-',
    );
    await fs.writeFile(path.join(workspace, 'src/latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
    await fs.writeFile(path.join(workspace, 'run.sh'), '#!/bin/sh\necho hi\n', { mode: 0o755 });
    storage = await fs.mkdtemp(path.join(os.tmpdir(), 'mc-ckpt-store-'));
  });
  afterEach(async () => {
    await fs.rm(workspace, { recursive: true, force: true });
    await fs.rm(storage, { recursive: true, force: true });
  });

  /** A turn that changes files every way a turn can: a patch, a new file, a deletion, a command's output. */
  async function busyTurn(store: CheckpointStore, turnId = 't1') {
    const turn = store.begin(turnId);
    await turn.beforeChange();
    await fs.writeFile(path.join(workspace, 'src/a.ts'), 'export const a = 2;\n');
    await fs.writeFile(path.join(workspace, 'src/new.ts'), 'new\n');
    await fs.mkdir(path.join(workspace, 'gen/deep'), { recursive: true });
    await fs.writeFile(path.join(workspace, 'gen/deep/out.json'), '{}\n');
    await fs.rm(path.join(workspace, 'src/old.ts'));
    await fs.writeFile(path.join(workspace, 'src/crlf.txt'), 'ONE\r\nTWO\r\n');
    await fs.writeFile(path.join(workspace, 'src/latin1.txt'), 'utf8 now\n');
    await fs.writeFile(path.join(workspace, 'run.sh'), '#!/bin/sh\necho changed\n');
    await fs.chmod(path.join(workspace, 'run.sh'), 0o755);
    await fs.writeFile(path.join(workspace, 'ignored/cache.txt'), 'changed cache\n');
    return turn.finish();
  }

  it('records every file a turn changed, however it changed', async () => {
    const record = await busyTurn(new CheckpointStore(storage, [workspace]));
    assert.ok(record);
    const store = new CheckpointStore(storage, [workspace]);
    assert.deepEqual(store.files(record).sort(), ['gen/deep/out.json', 'run.sh', 'src/a.ts', 'src/crlf.txt', 'src/latin1.txt', 'src/new.ts', 'src/old.ts']);
  });

  it('puts every file back byte for byte after a reload (a new store on the same storage)', async () => {
    await busyTurn(new CheckpointStore(storage, [workspace]));
    const reloaded = new CheckpointStore(storage, [workspace]);
    const result = await reloaded.undo('t1');
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.equal((await read(workspace, 'src/a.ts')).toString(), 'export const a = 1;\n');
    assert.deepEqual(await read(workspace, 'src/crlf.txt'), Buffer.from('one\r\ntwo\r\n'), 'line endings kept although .gitattributes asks for LF');
    assert.deepEqual(await read(workspace, 'src/latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
    assert.equal((await read(workspace, 'src/old.ts')).toString(), 'to be deleted\n');
    assert.equal(await exists(workspace, 'src/new.ts'), false);
    assert.equal(await exists(workspace, 'gen'), false, 'folders the turn created are removed once empty');
    assert.equal((await read(workspace, 'run.sh')).toString(), '#!/bin/sh\necho hi\n');
    assert.equal((await fs.stat(path.join(workspace, 'run.sh'))).mode & 0o111, 0o111, 'the exec bit is kept');
    assert.equal((await read(workspace, 'ignored/cache.txt')).toString(), 'changed cache\n', 'ignored files are not covered');
    assert.equal(await reloaded.latest(), undefined, 'an undone turn is no longer the latest to undo');
    const again = await reloaded.undo('t1');
    assert.deepEqual(again, { ok: false, reason: 'already undone', message: 'This turn was already undone.' });
  });

  it('refuses, naming the files, when the user changed one since, and restores when told to go ahead', async () => {
    const store = new CheckpointStore(storage, [workspace]);
    await busyTurn(store);
    await fs.writeFile(path.join(workspace, 'src/a.ts'), 'export const a = 3; // mine\n');
    await fs.writeFile(path.join(workspace, 'src/unrelated.ts'), 'not the turn\n');
    const refused = await store.undo('t1');
    assert.deepEqual(refused, { ok: false, reason: 'changed since', changedSince: ['src/a.ts'] });
    assert.equal((await read(workspace, 'src/new.ts')).toString(), 'new\n', 'nothing was restored');
    const forced = await store.undo('t1', { force: true });
    assert.equal(forced.ok, true);
    assert.equal((await read(workspace, 'src/a.ts')).toString(), 'export const a = 1;\n');
    assert.equal((await read(workspace, 'src/unrelated.ts')).toString(), 'not the turn\n', 'files the turn did not change stay');
  });

  it('records nothing for a turn that changed nothing', async () => {
    const store = new CheckpointStore(storage, [workspace]);
    const turn = store.begin('quiet');
    assert.equal(await turn.finish(), undefined);
    assert.equal(await store.get('quiet'), undefined);
  });

  it('leaves files over the size limit out and says a turn changed one', async () => {
    const store = new CheckpointStore(storage, [workspace], 1024);
    await fs.writeFile(path.join(workspace, 'big.bin'), Buffer.alloc(4096, 1));
    const turn = store.begin('big');
    await turn.beforeChange();
    await fs.writeFile(path.join(workspace, 'big.bin'), Buffer.alloc(8192, 2));
    await fs.writeFile(path.join(workspace, 'src/a.ts'), 'changed\n');
    const record = await turn.finish();
    assert.deepEqual(record?.folders[0].notCovered, ['big.bin']);
    const result = await store.undo('big');
    assert.deepEqual(result, { ok: true, restored: ['src/a.ts'], notCovered: ['big.bin'] });
    assert.equal((await fs.stat(path.join(workspace, 'big.bin'))).size, 8192);
  });

  it('leaves a file that grew past the limit as it is, and says so', async () => {
    const store = new CheckpointStore(storage, [workspace], 1024);
    const turn = store.begin('grew');
    await turn.beforeChange();
    await fs.writeFile(path.join(workspace, 'src/a.ts'), 'x'.repeat(4096));
    const record = await turn.finish();
    assert.deepEqual(record?.folders[0].notCovered, ['src/a.ts']);
    assert.deepEqual(await store.undo('grew'), { ok: true, restored: [], notCovered: ['src/a.ts'] });
    assert.equal((await fs.stat(path.join(workspace, 'src/a.ts'))).size, 4096, 'not overwritten with content whose later changes could not be checked');
  });

  it('leaves nested repositories and FIFOs out without reading them', async () => {
    const nested = path.join(workspace, 'vendor/lib');
    await fs.mkdir(nested, { recursive: true });
    git(nested, 'init', '-q');
    await fs.writeFile(path.join(nested, 'x.txt'), 'nested\n');
    execFileSync('mkfifo', [path.join(workspace, 'pipe')]);
    const store = new CheckpointStore(storage, [workspace]);
    const turn = store.begin('odd');
    await turn.beforeChange();
    await fs.writeFile(path.join(nested, 'x.txt'), 'changed nested\n');
    await fs.writeFile(path.join(workspace, 'src/a.ts'), 'changed\n');
    const record = await turn.finish();
    assert.deepEqual(store.files(record!), ['src/a.ts']);
  });

  it('puts links back as links, and a file that became a link back as a file', async () => {
    await fs.symlink('a.ts', path.join(workspace, 'src/link.ts'));
    const store = new CheckpointStore(storage, [workspace]);
    const turn = store.begin('links');
    await turn.beforeChange();
    await fs.rm(path.join(workspace, 'src/link.ts'));
    await fs.writeFile(path.join(workspace, 'src/link.ts'), 'now a file\n');
    await fs.rm(path.join(workspace, 'src/old.ts'));
    await fs.symlink('a.ts', path.join(workspace, 'src/old.ts'));
    await turn.finish();
    assert.equal((await store.undo('links')).ok, true);
    assert.equal(await fs.readlink(path.join(workspace, 'src/link.ts')), 'a.ts');
    assert.equal((await fs.lstat(path.join(workspace, 'src/old.ts'))).isSymbolicLink(), false);
    assert.equal((await read(workspace, 'src/old.ts')).toString(), 'to be deleted\n');
  });

  it('never deletes or writes through a folder that became a link to outside the workspace, even when forced', async () => {
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'mc-ckpt-outside-'));
    try {
      await fs.writeFile(path.join(outside, 'out.json'), 'the user\'s file\n');
      await fs.writeFile(path.join(outside, 'a.ts'), 'outside a\n');
      const store = new CheckpointStore(storage, [workspace]);
      await busyTurn(store);
      // After the turn, gen/deep (where the turn created out.json) and src become links to a folder outside.
      await fs.rm(path.join(workspace, 'gen/deep'), { recursive: true });
      await fs.symlink(outside, path.join(workspace, 'gen/deep'));
      await fs.rm(path.join(workspace, 'src'), { recursive: true });
      await fs.symlink(outside, path.join(workspace, 'src'));
      const refused = await store.undo('t1');
      assert.equal(refused.ok, false);
      assert.equal((await store.undo('t1', { force: true })).ok, true);
      assert.equal(await fs.readFile(path.join(outside, 'out.json'), 'utf8'), 'the user\'s file\n', 'not deleted through the link');
      assert.equal(await fs.readFile(path.join(outside, 'a.ts'), 'utf8'), 'outside a\n', 'not written through the link');
      assert.equal((await read(workspace, 'src/a.ts')).toString(), 'export const a = 1;\n', 'put back in a real folder');
    } finally {
      await fs.rm(outside, { recursive: true, force: true });
    }
  });

  it('records a turn that turned a file into a folder, and puts the file back', async () => {
    const store = new CheckpointStore(storage, [workspace]);
    const turn = store.begin('shapes');
    await turn.beforeChange();
    await fs.rm(path.join(workspace, 'src/a.ts'));
    await fs.mkdir(path.join(workspace, 'src/a.ts'));
    await fs.writeFile(path.join(workspace, 'src/a.ts/inner.ts'), 'inner\n');
    const record = await turn.finish();
    assert.ok(record, turn.failure);
    assert.equal((await store.undo('shapes')).ok, true);
    assert.equal((await read(workspace, 'src/a.ts')).toString(), 'export const a = 1;\n');
  });

  it('never touches the user\'s own repository, and runs nothing its config or attributes name', async () => {
    git(workspace, 'init', '-q');
    git(workspace, 'add', '-A');
    git(workspace, 'commit', '-qm', 'user commit');
    const marker = path.join(os.tmpdir(), `mc-filter-ran-${process.pid}`);
    git(workspace, 'config', 'filter.evil.clean', `touch ${marker}; cat`);
    await fs.appendFile(path.join(workspace, '.gitattributes'), '*.ts filter=evil\n');
    git(workspace, 'add', '.gitattributes');
    git(workspace, 'commit', '-qm', 'attributes');
    await fs.rm(marker, { force: true });
    const fingerprint = async () => ({
      log: git(workspace, 'log', '--format=%H %s'),
      refs: git(workspace, 'for-each-ref'),
      index: createHash('sha256').update(await read(workspace, '.git/index')).digest('hex'),
      config: (await read(workspace, '.git/config')).toString(),
    });
    const before = await fingerprint();
    const store = new CheckpointStore(storage, [workspace]);
    await busyTurn(store);
    assert.equal((await store.undo('t1')).ok, true);
    assert.deepEqual(await fingerprint(), before);
    assert.equal(await exists(path.dirname(marker), path.basename(marker)), false, "the workspace's filter never ran");
  });

  it('keeps one checkpoint per turn, and undoing an older turn refuses files a later turn changed', async () => {
    const store = new CheckpointStore(storage, [workspace]);
    await busyTurn(store, 'first');
    const second = store.begin('second');
    await second.beforeChange();
    await fs.writeFile(path.join(workspace, 'src/a.ts'), 'export const a = 3;\n');
    await second.finish();
    const refused = await store.undo('first');
    assert.deepEqual(refused, { ok: false, reason: 'changed since', changedSince: ['src/a.ts'] });
    assert.equal((await store.undo('second')).ok, true);
    assert.equal((await store.undo('first')).ok, true);
    assert.equal((await read(workspace, 'src/a.ts')).toString(), 'export const a = 1;\n');
  });

  it('covers every folder of a multi-folder workspace, naming files by folder', async () => {
    const other = await writeTempTree({ 'b.txt': 'b\n' }, 'mc-ckpt-other-');
    try {
      const store = new CheckpointStore(storage, [workspace, other]);
      const turn = store.begin('multi');
      await turn.beforeChange();
      await fs.writeFile(path.join(other, 'b.txt'), 'B\n');
      await fs.writeFile(path.join(workspace, 'src/a.ts'), 'x\n');
      const record = await turn.finish();
      assert.deepEqual(store.files(record!).sort(), [`${path.basename(other)}/b.txt`, `${path.basename(workspace)}/src/a.ts`].sort());
      assert.equal((await store.undo('multi')).ok, true);
      assert.equal((await read(other, 'b.txt')).toString(), 'b\n');
    } finally {
      await fs.rm(other, { recursive: true, force: true });
    }
  });

  it('lets a turn go on without a checkpoint when none can be taken, saying why', async () => {
    const blocked = path.join(storage, 'file-not-folder');
    await fs.writeFile(blocked, 'x');
    const turn = new CheckpointStore(blocked, [workspace]).begin('t');
    await turn.beforeChange();
    assert.equal(await turn.finish(), undefined);
    assert.match(turn.failure ?? '', /./);
  });
});
