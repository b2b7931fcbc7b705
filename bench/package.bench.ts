/**
 * The release package: size of mini-coder.vsix (target < 1.5 MB) and the extension's activation time in
 * a real extension host (target < 50 ms), taken from VS Code's own load/activate marks by the
 * extension-host suite. Activation needs code-server in the cache (`npm run test:e2e` installs it);
 * without it the figure is skipped with a note.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { installedCodeServer } from '../scripts/e2e/codeServer';
import { packageExtension, repoRoot } from '../scripts/package';
import type { Figure } from '../test/e2e/host/figures';
import { hostFiguresFile, runHostSuite } from '../test/e2e/hostRunner';

const kib = (bytes: number): string => (bytes / 1024).toFixed(1);

export default async function run(): Promise<void> {
  const started = Date.now();
  try {
    const packaged = await packageExtension();
    console.log(`package time: ${((Date.now() - started) / 1000).toFixed(1)} s (production bundle + vsce)`);
    console.log(`vsix size: ${kib(packaged.bytes)} KiB (target < 1536 KiB, ${packaged.files.length} files)`);
    for (const file of ['dist/extension.js', 'dist/webview.js']) {
      const full = path.join(repoRoot, file);
      if (fs.existsSync(full)) console.log(`${file}: ${kib(fs.statSync(full).size)} KiB (minified, uncompressed)`);
    }

    if (!installedCodeServer()) {
      console.log('activation: skipped (code-server is not in the cache; `npm run test:e2e` installs it)');
      return;
    }
    const results = await runHostSuite({ vsix: packaged.vsix, grep: 'activation', quiet: true });
    if (results.failed > 0) throw new Error(`the activation test failed: ${results.tests.map((t) => t.error ?? '').join('\n')}`);
    const figures = fs.readFileSync(hostFiguresFile, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Figure);
    for (const figure of figures) {
      const target = figure.name === 'activation' ? 'target < 50 ms; ' : '';
      console.log(`${figure.name}: ${figure.value} ${figure.unit} (${target}${figure.note ?? ''})`);
    }
  } finally {
    // Packaging left the minified production bundle in dist/; put the development build back.
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  }
}
