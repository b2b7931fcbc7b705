import * as assert from 'node:assert/strict';
import { cutToFit } from '../../../src/core/context/cut';
import { formatOutline } from '../../../src/core/context/outline';
import { findDefinition } from '../../../src/core/context/symbols';
import { loadTokenCounter } from '../../../src/core/context/tokens';

describe('the workspace outline', () => {
  it('lists one line per folder, shallow folders first, names sorted', () => {
    const text = formatOutline(['src/b.ts', 'README.md', 'src/deep/x/y.ts', 'src/a.ts', 'test/a.test.ts', 'src/deep/z.ts']);
    assert.equal(text, './: README.md\nsrc/: a.ts, b.ts\ntest/: a.test.ts\nsrc/deep/: z.ts\nsrc/deep/x/: y.ts\n');
  });

  it('loses its deepest folders first when cut to a budget', async () => {
    const files: string[] = [];
    for (let d = 0; d < 40; d++) for (let f = 0; f < 10; f++) files.push(`pkg${d}/sub/deeper/file${f}.ts`, `pkg${d}/top${f}.ts`);
    const cut = cutToFit(formatOutline(files), 400, await loadTokenCounter())!;
    assert.ok(cut.truncated);
    assert.match(cut.text, /^pkg0\/: /);
    assert.ok(!cut.text.includes('deeper/: '), 'no deep folder survives while shallow ones were cut');
  });
});

describe('finding a symbol declaration', () => {
  it('spans a brace block, nested braces included', () => {
    const text = 'const a = 1;\nexport class Cart {\n  add() {\n    return 1;\n  }\n}\nconst b = 2;\n';
    assert.deepEqual(findDefinition(text, 'Cart'), { startLine: 2, endLine: 6 });
  });

  it('spans an indented Python block', () => {
    const text = 'import os\n\nasync def load(path):\n    with open(path) as f:\n        return f.read()\n\nx = 1\n';
    assert.deepEqual(findDefinition(text, 'load'), { startLine: 3, endLine: 5 });
  });

  it('matches whole names only and ignores invalid ones', () => {
    assert.equal(findDefinition('function totalSum() {}\n', 'total'), undefined);
    assert.equal(findDefinition('function total() {}\n', 'to(tal'), undefined);
    assert.deepEqual(findDefinition('type Total = number;\n', 'Total'), { startLine: 1, endLine: 1 });
  });
});
