import * as assert from 'node:assert/strict';
import { packageProblems } from '../../../scripts/packageRules';

const shipped = [
  'package.json',
  'README.md',
  'dist/extension.js',
  'dist/searchWorker.js',
  'dist/tokenizer.js.br',
  'dist/webview.js',
  'media/chat.css',
  'node_modules/@vscode/codicons/dist/codicon.css',
  'node_modules/@vscode/codicons/dist/codicon.ttf',
];

describe('what the .vsix may contain', () => {
  it('accepts the bundle, the media, the manifest and the two codicon files', () => {
    assert.deepEqual(packageProblems(shipped), []);
  });

  it('rejects source maps, sources, tests and leftovers, naming each file', () => {
    const problems = packageProblems([...shipped, 'dist/extension.js.map', 'src/extension.ts', 'test/e2e/run.ts', 'out/e2e/host/index.js', 'old.vsix']);
    for (const file of ['dist/extension.js.map', 'src/extension.ts', 'test/e2e/run.ts', 'out/e2e/host/index.js', 'old.vsix']) {
      assert.ok(problems.some((problem) => problem.startsWith(`${file}:`)), `${file} was not reported: ${problems.join('; ')}`);
    }
    assert.equal(problems.length, 5);
  });

  it('rejects any dependency other than the codicon font and stylesheet', () => {
    const problems = packageProblems([...shipped, 'node_modules/openai/index.js', 'node_modules/@vscode/codicons/dist/codicon.svg']);
    assert.equal(problems.length, 2);
  });

  it('rejects environment files that could carry a key', () => {
    assert.equal(packageProblems([...shipped, '.env', 'media/.env.local']).length, 2);
  });

  it('reports a package without the extension bundle, the search worker, the tokenizer tables or the manifest', () => {
    assert.deepEqual(packageProblems(['README.md']), [
      'package.json is missing from the package',
      'dist/extension.js is missing from the package',
      'dist/searchWorker.js is missing from the package',
      'dist/tokenizer.js.br is missing from the package',
    ]);
  });

  it('rejects the uncompressed tokenizer tables and the build stamp beside the compressed ones', () => {
    const problems = packageProblems([...shipped, 'dist/tokenizer.js', 'dist/tokenizer.js.br.sha256']);
    assert.equal(problems.length, 2, problems.join('; '));
  });
});
