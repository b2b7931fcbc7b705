import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FsWorkspace } from '../../../src/core/fsWorkspace';
import { validateArguments } from '../../../src/core/tools/validate';

async function tempTree(files: Record<string, string>): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'mc-ws-'));
  for (const [rel, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await fs.writeFile(path.join(root, rel), content);
  }
  return root;
}

describe('the file-system workspace', () => {
  let root: string;
  let outside: string;
  beforeEach(async () => {
    root = await tempTree({ 'src/a.ts': 'export const a = 1;\n', 'src/b.ts': 'const b = a;\n', '.gitignore': 'build/\n*.log\n', 'build/out.js': 'x', 'debug.log': 'x', 'pkg/.gitignore': 'gen.ts\n', 'pkg/gen.ts': 'x', 'pkg/keep.ts': 'needle here\n' });
    outside = await tempTree({ 'secret.txt': 'top secret' });
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
    await fs.rm(outside, { recursive: true, force: true });
  });

  it('reads files by workspace-relative path', async () => {
    assert.equal(await new FsWorkspace(root).readText('src/a.ts'), 'export const a = 1;\n');
  });

  it('refuses paths that climb out with ..', async () => {
    await assert.rejects(new FsWorkspace(root).readText('../' + path.basename(outside) + '/secret.txt'), /outside the workspace/);
  });

  it('refuses absolute paths outside the root but accepts absolute paths inside it', async () => {
    const ws = new FsWorkspace(root);
    await assert.rejects(ws.readText(path.join(outside, 'secret.txt')), /outside the workspace/);
    assert.equal(await ws.readText(path.join(root, 'src/b.ts')), 'const b = a;\n');
  });

  it('refuses a symlink that points out of the workspace, for reading and for writing through it', async () => {
    await fs.symlink(outside, path.join(root, 'escape'));
    const ws = new FsWorkspace(root);
    await assert.rejects(ws.readText('escape/secret.txt'), /outside the workspace/);
    await assert.rejects(ws.applyChanges([{ kind: 'add', path: 'escape/new.txt', newText: 'x' }]), /outside the workspace/);
    await assert.rejects(fs.access(path.join(outside, 'new.txt')));
  });

  it('refuses binary files', async () => {
    await fs.writeFile(path.join(root, 'img.bin'), Buffer.from([0x89, 0x50, 0x00, 0x01]));
    await assert.rejects(new FsWorkspace(root).readText('img.bin'), /binary/);
  });

  it('lists files respecting root and nested .gitignore files', async () => {
    const entries = await new FsWorkspace(root).list('', { recursive: true });
    const paths = entries.map((e) => e.path);
    assert.ok(paths.includes('src/a.ts'));
    assert.ok(paths.includes('pkg/keep.ts'));
    assert.ok(!paths.includes('build/out.js'));
    assert.ok(!paths.includes('debug.log'));
    assert.ok(!paths.includes('pkg/gen.ts'));
  });

  it('searches text with an include glob and regular expressions', async function () {
    // The worker runs from the TypeScript source here, loading tsx in its own thread first: slow to start.
    this.timeout(60_000);
    const ws = new FsWorkspace(root);
    assert.deepEqual((await ws.search({ query: 'NEEDLE' })).matches, [{ path: 'pkg/keep.ts', line: 1, text: 'needle here' }]);
    assert.deepEqual((await ws.search({ query: 'const \\w = ', isRegex: true, include: 'src/**/*.ts' })).matches.map((m) => m.path), ['src/a.ts', 'src/b.ts']);
    await assert.rejects(ws.search({ query: '(', isRegex: true }), /Invalid regular expression/);
  });

  it('applies several changes together and refuses all of them when one file is stale', async () => {
    const ws = new FsWorkspace(root);
    await assert.rejects(
      ws.applyChanges([
        { kind: 'update', path: 'src/a.ts', oldText: 'export const a = 1;\n', newText: 'export const a = 2;\n' },
        { kind: 'update', path: 'src/b.ts', oldText: 'stale copy\n', newText: 'x' },
      ]),
      /changed since the edit was computed/,
    );
    assert.equal(await fs.readFile(path.join(root, 'src/a.ts'), 'utf8'), 'export const a = 1;\n');
    await ws.applyChanges([
      { kind: 'update', path: 'src/a.ts', oldText: 'export const a = 1;\n', newText: 'export const a = 2;\n', moveTo: 'lib/a.ts' },
      { kind: 'delete', path: 'src/b.ts', oldText: 'const b = a;\n' },
      { kind: 'add', path: 'src/c.ts', newText: 'c' },
    ]);
    assert.equal(await fs.readFile(path.join(root, 'lib/a.ts'), 'utf8'), 'export const a = 2;\n');
    await assert.rejects(fs.access(path.join(root, 'src/a.ts')));
    await assert.rejects(fs.access(path.join(root, 'src/b.ts')));
    assert.equal(await fs.readFile(path.join(root, 'src/c.ts'), 'utf8'), 'c');
  });
});

describe('tool argument validation', () => {
  const schema = {
    type: 'object',
    properties: { path: { type: 'string' }, start_line: { type: 'integer', minimum: 1 }, mode: { enum: ['a', 'b'] } },
    required: ['path'],
    additionalProperties: false,
  };
  it('accepts arguments that fit', () => {
    assert.deepEqual(validateArguments({ path: 'x', start_line: 3, mode: 'a' }, schema), []);
  });
  it('names each problem', () => {
    assert.deepEqual(validateArguments({ start_line: 0.5, mode: 'c', other: 1 }, schema), [
      'arguments.path is required',
      'arguments.start_line must be integer, got number',
      'arguments.mode must be one of "a", "b"',
      'arguments.other is not a known parameter',
    ]);
    assert.deepEqual(validateArguments('text', schema), ['arguments must be object, got string']);
  });
});
