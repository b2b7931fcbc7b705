import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { gatherFsSources, listWorkspaceFiles } from '../../../src/core/context/fsSources';
import { writeTempTree } from '../../support/tempTree';

describe('gathering context from the file system', () => {
  let root: string;
  beforeEach(async () => {
    root = await writeTempTree({
      '.gitignore': 'dist/\n*.log\n',
      'src/main.ts': 'import { helper } from "./util";\n\nexport function main(): number {\n  return helper(2);\n}\n',
      'src/util.ts': 'export function helper(x: number): number {\n  if (x > 1) {\n    return x * 2;\n  }\n  return x;\n}\n\nexport const other = 1;\n',
      'src/gen/.gitignore': 'generated.ts\n',
      'src/gen/generated.ts': 'x',
      'src/gen/kept.ts': 'export const kept = true;\n',
      'dist/bundle.js': 'bundle',
      'debug.log': 'log',
      'node_modules/dep/index.js': 'dep',
      'tools/build.py': 'def build(target):\n    run(target)\n    return True\n\ndef other():\n    pass\n',
      'assets/logo.png': '\u0000PNG',
    });
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  it('lists the workspace honouring .gitignore files at every level, without node_modules', async () => {
    const { files } = await listWorkspaceFiles(root);
    assert.deepEqual(files, ['.gitignore', 'assets/logo.png', 'src/gen/.gitignore', 'src/gen/kept.ts', 'src/main.ts', 'src/util.ts', 'tools/build.py']);
  });

  it('says when the listing stopped at its limit', async () => {
    const listing = await listWorkspaceFiles(root, 3);
    assert.equal(listing.files.length, 3);
    assert.equal(listing.stoppedAt, 3);
  });

  it('gathers the outline, the active file with its focus and the selected lines', async () => {
    const sources = await gatherFsSources({ root, activeFile: 'src/main.ts', selection: { startLine: 3, endLine: 4 } });
    const outline = sources.find((s) => s.kind === 'outline')!;
    assert.equal(outline.text, './: .gitignore\nassets/: logo.png\nsrc/: main.ts, util.ts\ntools/: build.py\nsrc/gen/: .gitignore, kept.ts\n');
    const active = sources.find((s) => s.kind === 'active_file')!;
    assert.equal(active.id, 'file:src/main.ts');
    assert.deepEqual(active.focus, { startLine: 3, endLine: 4 });
    const selection = sources.find((s) => s.kind === 'selection')!;
    assert.equal(selection.text, 'export function main(): number {\n  return helper(2);\n');
  });

  it('expands a mentioned folder into its listing and its files', async () => {
    const sources = await gatherFsSources({ root, mentions: ['src/'], outline: false });
    assert.deepEqual(sources.map((s) => s.id), ['folder:src', 'file:src/gen/.gitignore', 'file:src/gen/kept.ts', 'file:src/main.ts', 'file:src/util.ts']);
    assert.equal(sources[0].text, 'src/gen/.gitignore\nsrc/gen/kept.ts\nsrc/main.ts\nsrc/util.ts\n');
  });

  it('finds a mentioned symbol by its declaration, braces or indentation', async () => {
    const [ts, py] = await gatherFsSources({ root, mentions: ['symbol:helper', '#build'], outline: false });
    assert.equal(ts.id, 'symbol:helper@src/util.ts');
    assert.equal(ts.text, 'export function helper(x: number): number {\n  if (x > 1) {\n    return x * 2;\n  }\n  return x;\n}\n');
    assert.deepEqual(ts.focus, { startLine: 1, endLine: 6 });
    assert.equal(py.text, 'def build(target):\n    run(target)\n    return True\n');
  });

  it('withholds what it cannot send, saying why', async () => {
    const sources = await gatherFsSources({ root, mentions: ['assets/logo.png', 'missing.ts', '../outside.txt', 'symbol:nothingLikeThis'], outline: false });
    assert.deepEqual(sources.map((s) => s.withheld), ['is a binary file; it cannot be read as text.', 'does not exist.', 'outside the workspace', 'no declaration with this name found in the workspace']);
  });

  it('offers files the model read earlier only when they changed since', async () => {
    const readFiles = new Map([
      ['src/util.ts', 'export function helper() {}\n'],
      ['src/main.ts', (await fs.readFile(`${root}/src/main.ts`, 'utf8'))],
    ]);
    const sources = await gatherFsSources({ root, readFiles, outline: false });
    assert.deepEqual(sources.map((s) => [s.id, s.kind]), [['file:src/util.ts', 'read_file']]);
  });

  it('turns diagnostics into one problems source, errors first', async () => {
    const [problems] = await gatherFsSources({
      root,
      outline: false,
      diagnostics: [
        { path: 'src/main.ts', line: 4, column: 10, severity: 'warning', message: 'Unused value.' },
        { path: 'src/util.ts', line: 2, column: 3, severity: 'error', message: 'Type mismatch.', source: 'ts', code: '2322' },
        { path: 'src/util.ts', line: 9, column: 1, severity: 'hint', message: 'Could be const.' },
      ],
    });
    assert.equal(problems.text, 'src/util.ts:2:3 error: Type mismatch. (ts 2322)\nsrc/main.ts:4:10 warning: Unused value.\n');
    assert.equal(problems.label, 'Problems (1 errors, 1 warnings)');
  });
});
