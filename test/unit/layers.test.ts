import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

const SRC = path.resolve(__dirname, '..', '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

/** Every module a file imports or requires, resolved to a path under src/ when relative. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]);
  return specs.map((s) => (s.startsWith('.') ? path.relative(SRC, path.resolve(path.dirname(file), s)) : s));
}

function violations(layer: string, allowed: (spec: string) => boolean): string[] {
  return sourceFiles(path.join(SRC, layer)).flatMap((file) =>
    importsOf(file)
      .filter((spec) => !allowed(spec))
      .map((spec) => `${path.relative(SRC, file)} imports ${spec}`),
  );
}

describe('the layers', () => {
  it('keeps the engine (src/core) free of vscode and of the layers above it', () => {
    assert.deepEqual(violations('core', (s) => s !== 'vscode' && !/^(vscode|webview|protocol|cli)(\/|$)/.test(s) && s !== 'extension'), []);
  });

  it('lets the webview talk to the host only through the protocol', () => {
    assert.deepEqual(violations('webview', (s) => s !== 'vscode' && !/^(core|vscode|cli)(\/|$)/.test(s)), []);
  });

  it('keeps the protocol to types, importing nothing', () => {
    for (const file of sourceFiles(path.join(SRC, 'protocol'))) {
      const text = readFileSync(file, 'utf8');
      assert.deepEqual(importsOf(file), [], file);
      assert.doesNotMatch(text, /^\s*(export\s+)?(function|class|const|let)\s/m, `${file} holds code`);
    }
  });

  it('keeps the terminal host free of vscode', () => {
    assert.deepEqual(violations('cli', (s) => s !== 'vscode' && !/^(vscode|webview)(\/|$)/.test(s)), []);
  });
});
