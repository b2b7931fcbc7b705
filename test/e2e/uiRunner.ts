// Runs the UI flows (test/e2e/ui/*.test.ts, one file per flow) with mocha in this process, against the
// shared session of ui/session.ts. Adding a flow is adding a file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { configureUiSession, uiHooks } from './ui/session';

export interface UiRunOptions {
  vsix: string;
  grep?: string;
}

export interface UiResults {
  passed: number;
  failed: number;
  pending: number;
}

const flowsDir = path.join(__dirname, 'ui');

export async function runUiSuite(options: UiRunOptions): Promise<UiResults> {
  configureUiSession({ vsix: options.vsix });
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, slow: 10_000, rootHooks: uiHooks, reporter: 'spec' });
  if (options.grep) mocha.grep(options.grep);
  for (const file of fs.readdirSync(flowsDir).filter((name) => name.endsWith('.test.ts')).sort()) {
    mocha.addFile(path.join(flowsDir, file));
  }
  await mocha.loadFilesAsync();
  return new Promise((resolve) => {
    const runner = mocha.run(() => {
      const stats = runner.stats;
      resolve({ passed: stats?.passes ?? 0, failed: stats?.failures ?? 0, pending: stats?.pending ?? 0 });
    });
  });
}
