// `npm run test:e2e [-- host|ui] [--no-package] [--grep TEXT]`: packages the extension, then runs the
// extension-host suite and the UI flows against a local code-server, and exits non-zero on any failure.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageExtension } from '../../scripts/package';
import { runHostSuite } from './hostRunner';
import { defaultVsix } from './support/paths';
import { runUiSuite } from './uiRunner';

interface Totals {
  passed: number;
  failed: number;
  pending: number;
}

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

async function main(): Promise<number> {
  const started = Date.now();
  const which = process.argv.slice(2).find((arg) => arg === 'host' || arg === 'ui');
  const grep = argument('--grep');
  let vsix = process.env.MINI_CODER_VSIX ? path.resolve(process.env.MINI_CODER_VSIX) : defaultVsix;
  if (process.argv.includes('--no-package') || process.env.MINI_CODER_VSIX) {
    if (!fs.existsSync(vsix)) throw new Error(`${vsix} does not exist: run \`npm run package\` first`);
  } else {
    const packaged = await packageExtension();
    vsix = packaged.vsix;
    console.log(`packaged ${path.basename(vsix)} (${(packaged.bytes / 1024).toFixed(1)} KiB) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }

  const totals: Totals = { passed: 0, failed: 0, pending: 0 };
  const add = (part: Totals): void => {
    totals.passed += part.passed;
    totals.failed += part.failed;
    totals.pending += part.pending;
  };
  if (which !== 'ui') {
    const phase = Date.now();
    console.log('\nextension-host suite (mocha inside code-server\'s extension host)');
    const results = await runHostSuite({ vsix, grep });
    for (const test of results.tests.filter((t) => t.state === 'failed')) console.log(`  FAIL ${test.title}\n${test.error ?? ''}`);
    console.log(`extension host: ${results.passed} passed, ${results.failed} failed in ${((Date.now() - phase) / 1000).toFixed(1)} s`);
    add(results);
  }
  if (which !== 'host') {
    const phase = Date.now();
    console.log('\nUI flows (Chromium driving code-server)');
    const results = await runUiSuite({ vsix, grep });
    console.log(`UI: ${results.passed} passed, ${results.failed} failed in ${((Date.now() - phase) / 1000).toFixed(1)} s`);
    add(results);
  }
  console.log(`\ne2e: ${totals.passed} passed, ${totals.failed} failed, ${totals.pending} skipped`);
  console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s in all)`);
  return totals.failed > 0 || totals.passed === 0 ? 1 : 0;
}

// Ctrl+C or a CI timeout: leave through process.exit so the exit handlers kill code-server's process
// group (it runs in a session of its own and does not get the terminal's signal).
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => process.exit(130));

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`e2e: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
