// Bundles the extension-host tests (test/e2e/host) into out/e2e/host: one file per `*.test.ts` plus the
// mocha entry point, `vscode` left to the extension host and mocha loaded from node_modules.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { repoRoot } from './paths';

const sourceDir = path.join(repoRoot, 'test', 'e2e', 'host');
export const hostSuiteDir = path.join(repoRoot, 'out', 'e2e', 'host');

/** Builds the suite and returns the path of its entry point (what VS Code calls extensionTestsPath). */
export async function buildHostSuite(): Promise<string> {
  const tests = fs.readdirSync(sourceDir).filter((name) => name.endsWith('.test.ts'));
  fs.rmSync(hostSuiteDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: ['index.ts', ...tests].map((name) => path.join(sourceDir, name)),
    outdir: hostSuiteDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return path.join(hostSuiteDir, 'index.js');
}
