import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import fc from 'fast-check';
import { gitDiff } from '../../../src/core/context/fsSources';
import { checkPathShape } from '../../../src/core/files/safeOpen';
import { decodeText, encodeText, looksBinary } from '../../../src/core/files/textEncoding';
import { FsWorkspace } from '../../../src/core/fsWorkspace';
import { writeTempTree } from '../../support/tempTree';

describe('text encodings', () => {
  it('round-trips every byte sequence that is not UTF-8 through windows-1252 exactly', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), (bytes) => {
        const clean = Uint8Array.from(bytes, (b) => (b === 0 ? 32 : b));
        const decoded = decodeText(clean);
        assert.deepEqual(encodeText(decoded.text, decoded.encoding), Buffer.from(clean));
      }),
    );
  });

  it('reads UTF-8 as UTF-8 (keeping a BOM) and Latin-1 as windows-1252', () => {
    assert.deepEqual(decodeText(Buffer.from('\ufeffcafé', 'utf8')), { text: '\ufeffcafé', encoding: 'utf8' });
    assert.deepEqual(decodeText(Buffer.from('caf\xe9', 'latin1')), { text: 'café', encoding: 'windows-1252' });
    assert.equal(decodeText(Buffer.from([0x80])).text, '€');
  });

  it('reads and writes UTF-16 with a byte order mark, which is not binary despite its NULs', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('hi\n', 'utf16le')]);
    assert.equal(looksBinary(le), false);
    const decoded = decodeText(le);
    assert.equal(decoded.encoding, 'utf16le');
    assert.deepEqual(encodeText(decoded.text, decoded.encoding), le);
    const be = Buffer.from([0xfe, 0xff, 0x00, 0x68, 0x00, 0x69]);
    assert.deepEqual(encodeText(decodeText(be).text, 'utf16be'), be);
  });

  it('refuses to encode a character windows-1252 cannot hold, naming it', () => {
    assert.throws(() => encodeText('coffee ☕', 'windows-1252', 'menu.txt'), /menu\.txt is not UTF-8.*"☕" \(U\+2615\)/);
  });
});

describe('safe file access on disk', () => {
  let root: string;
  beforeEach(async () => {
    root = await writeTempTree({ 'src/a.ts': 'a\n', '.env': 'X=1\n' }, 'mc-files-');
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('refuses paths no file system takes, before touching the disk', () => {
    assert.throws(() => checkPathShape('a/'.repeat(3000)), /longer than 4096/);
    assert.throws(() => checkPathShape(`${'n'.repeat(300)}.txt`), /longer than 255/);
    assert.throws(() => checkPathShape('a\0b'), /NUL/);
  });

  it('refuses a FIFO and a socket at once, saying what they are', async () => {
    execFileSync('mkfifo', [path.join(root, 'pipe')]);
    const socketPath = path.join(root, 'sock');
    const server = net.createServer().listen(socketPath);
    await new Promise((r) => server.once('listening', r));
    try {
      const ws = new FsWorkspace(root);
      await assert.rejects(ws.readText('pipe'), /pipe is a FIFO/);
      await assert.rejects(ws.readPage('pipe', { startLine: 1, maxLines: 10, maxChars: 100 }), /FIFO/);
      await assert.rejects(ws.readText('sock'), /socket/);
    } finally {
      server.close();
    }
  });

  it('refuses a link to a device outside the workspace', async () => {
    await fs.symlink('/dev/zero', path.join(root, 'zero'));
    await assert.rejects(new FsWorkspace(root).readText('zero'), /outside the workspace|device/);
  });

  it('shows the guard the real path and first bytes before returning any text, and stops when it refuses', async () => {
    await fs.symlink(path.join(root, '.env'), path.join(root, 'src', 'notes.txt'));
    const seen: Array<{ realPath: string; head: string }> = [];
    const guard = async (file: { realPath: string; head: string }) => {
      seen.push(file);
      if (file.realPath === '.env') throw new Error('refused');
    };
    const ws = new FsWorkspace(root);
    await assert.rejects(ws.readText('src/notes.txt', guard), /refused/);
    assert.deepEqual(seen, [{ realPath: '.env', head: 'X=1\n' }]);
    assert.equal(await ws.readText('src/a.ts', guard), 'a\n');
  });

  it('resolves a deep path that does not exist without one lookup per name', async () => {
    const ws = new FsWorkspace(root);
    const deep = Array.from({ length: 1500 }, () => 'd').join('/');
    assert.equal(await ws.realPath(`src/${deep}/x.ts`), `src/${deep}/x.ts`);
  });
});

describe('writing edits to disk', () => {
  let root: string;
  let ws: FsWorkspace;
  beforeEach(async () => {
    root = await writeTempTree({ 'a.txt': 'one\ntwo\n', 'b.txt': 'b\n' }, 'mc-write-');
    ws = new FsWorkspace(root);
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('keeps a Latin-1 file byte for byte outside the change', async () => {
    await fs.writeFile(path.join(root, 'l.txt'), Buffer.from('\xe9t\xe9\nfin\n', 'latin1'));
    const text = await ws.readText('l.txt');
    await ws.applyChanges([{ kind: 'update', path: 'l.txt', oldText: text, newText: text.replace('fin', 'end') }]);
    assert.deepEqual(await fs.readFile(path.join(root, 'l.txt')), Buffer.from('\xe9t\xe9\nend\n', 'latin1'));
  });

  it('keeps the mode of the file it replaces', async () => {
    await fs.chmod(path.join(root, 'a.txt'), 0o750);
    await ws.applyChanges([{ kind: 'update', path: 'a.txt', oldText: 'one\ntwo\n', newText: 'one\n' }]);
    assert.equal((await fs.stat(path.join(root, 'a.txt'))).mode & 0o777, 0o750);
  });

  it('refuses two changes of one real file, through `..` or a link, writing nothing', async () => {
    await fs.symlink('a.txt', path.join(root, 'alias.txt'));
    for (const second of ['sub/../a.txt', 'alias.txt']) {
      await assert.rejects(
        ws.applyChanges([
          { kind: 'update', path: 'a.txt', oldText: 'one\ntwo\n', newText: 'ONE\ntwo\n' },
          { kind: 'update', path: second, oldText: 'one\ntwo\n', newText: 'one\nTWO\n' },
        ]),
        /same file/,
      );
      assert.equal(await fs.readFile(path.join(root, 'a.txt'), 'utf8'), 'one\ntwo\n');
    }
  });

  it('puts every file back when a later change fails', async () => {
    await assert.rejects(
      ws.applyChanges([
        { kind: 'update', path: 'a.txt', oldText: 'one\ntwo\n', newText: 'changed\n' },
        { kind: 'update', path: 'b.txt', oldText: 'not what it holds\n', newText: 'x\n' },
      ]),
      /changed since/,
    );
    assert.equal(await fs.readFile(path.join(root, 'a.txt'), 'utf8'), 'one\ntwo\n');
  });

  it('never replaces a link or file that appeared where a new file is added', async () => {
    await fs.symlink('missing-target', path.join(root, 'new.txt'));
    await assert.rejects(ws.applyChanges([{ kind: 'add', path: 'new.txt', newText: 'x' }]), /already exists/);
    await fs.symlink('/etc/hostname', path.join(root, 'other.txt'));
    await assert.rejects(ws.applyChanges([{ kind: 'add', path: 'other.txt', newText: 'x' }]), /outside the workspace/);
    await assert.rejects(fs.access(path.join(root, 'missing-target')));
  });

  it('leaves no temporary files behind', async () => {
    await ws.applyChanges([{ kind: 'update', path: 'a.txt', oldText: 'one\ntwo\n', newText: 'x\n' }]);
    assert.deepEqual((await fs.readdir(root)).sort(), ['a.txt', 'b.txt']);
  });
});

describe('hostile workspace files around the tools', () => {
  it('lists and gathers context in a workspace whose .gitignore and .gitattributes are FIFOs, without waiting', async () => {
    const root = await writeTempTree({ 'src/a.ts': 'a\n' }, 'mc-fifo-');
    try {
      execFileSync('mkfifo', [path.join(root, '.gitignore'), path.join(root, '.gitattributes')]);
      const listed = await new FsWorkspace(root).list('', { recursive: true });
      assert.deepEqual(listed.map((e) => e.path), ['src', 'src/a.ts']);
      assert.match(await gitDiff(root), /not a git repository/);
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});
