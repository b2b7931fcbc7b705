// Runs the extension-host suite (test/e2e/host) inside the real extension host of code-server: the
// workbench is opened with a `payload` naming the installed extension as the development extension and
// the bundled suite as its tests, and VS Code reports the end through `codeAutomationExit`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { startCodeServer, testSettings, type RunningCodeServer } from '../../scripts/e2e/codeServer';
import type { HostTestResults } from './host/plainReporter';
import { launchChromium } from './support/browser';
import { buildHostSuite } from './support/buildHostSuite';
import { resultsDir } from './support/paths';
import { createWorkspace } from './support/workspace';

export const hostResultsFile = path.join(resultsDir, 'host-results.json');
export const hostFiguresFile = path.join(resultsDir, 'host-figures.jsonl');
const suiteTimeoutMs = 5 * 60_000;

export interface HostRunOptions {
  vsix: string;
  grep?: string;
  /** Print nothing while the suite runs (the bench reads the figures file instead). */
  quiet?: boolean;
}

/** The folder code-server unpacked the .vsix into: `<publisher>.<name>-<version>`. */
function installedExtensionFolder(extensionsDir: string): string {
  const folder = fs.readdirSync(extensionsDir).find((name) => name.startsWith('mini-coder.mini-coder-'));
  if (!folder) throw new Error(`the .vsix did not install: no mini-coder.mini-coder-* folder in ${extensionsDir}`);
  return path.join(extensionsDir, folder);
}

function readResults(): HostTestResults | undefined {
  try {
    return JSON.parse(fs.readFileSync(hostResultsFile, 'utf8')) as HostTestResults;
  } catch {
    return undefined;
  }
}

async function waitForExit(exit: Promise<number>, server: RunningCodeServer): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the extension-host suite did not finish within ${suiteTimeoutMs / 1000} s:\n${server.logTail()}`)),
      suiteTimeoutMs,
    );
  });
  try {
    return await Promise.race([exit, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function runHostSuite(options: HostRunOptions): Promise<HostTestResults> {
  const entry = await buildHostSuite();
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.rmSync(hostResultsFile, { force: true });
  fs.rmSync(hostFiguresFile, { force: true });
  const workspace = createWorkspace();
  let server: RunningCodeServer | undefined;
  let browser: Browser | undefined;
  try {
    const env: Record<string, string> = { MINI_CODER_E2E_RESULTS: hostResultsFile, MINI_CODER_E2E_FIGURES: hostFiguresFile };
    if (options.grep) env.MINI_CODER_E2E_GREP = options.grep;
    server = await startCodeServer({ vsix: options.vsix, env, settings: testSettings });
    const remote = (file: string): string => `vscode-remote://127.0.0.1:${server!.port}${file}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(installedExtensionFolder(server.extensionsDir))],
      ['extensionTestsPath', remote(entry)],
    ]);

    browser = await launchChromium();
    const page = await browser.newPage();
    let reportExit: (code: number) => void = () => {};
    const exit = new Promise<number>((resolve) => (reportExit = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(code));
    // The extension host's console reaches the workbench log; the suite's reporter prints finished lines.
    await page.exposeFunction('codeAutomationLog', (level: string, message: unknown) => {
      const text = String(message);
      if (options.quiet) return;
      if (process.env.MINI_CODER_E2E_VERBOSE === '1' || /^\s*(ok|FAIL|skip) |^figure |^\s*\(/.test(text)) console.log(text);
    });
    await page.goto(server.workbenchUrl(workspace.folder, { payload }));
    const code = await waitForExit(exit, server);

    const results = readResults();
    if (!results) {
      throw new Error(`the extension-host suite ended (exit ${code}) without writing results:\n${server.logTail()}`);
    }
    if (code !== 0 && results.failed === 0) {
      results.failed = 1;
      results.tests.push({ title: 'extension-host suite', state: 'failed', error: `VS Code reported exit code ${code}` });
    }
    return results;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    workspace.remove();
  }
}
