// Entry point that VS Code's extension host loads as `extensionTestsPath`: runs every `*.test.js` bundled
// beside it with mocha, inside the real extension host (code-server in CI, desktop VS Code through
// @vscode/test-electron). The promise rejects when a test fails, which VS Code turns into exit code 1.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { PlainReporter } from './plainReporter';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false, reporter: PlainReporter });
  const grep = process.env.MINI_CODER_E2E_GREP;
  if (grep) mocha.grep(grep);
  for (const file of fs.readdirSync(__dirname).filter((name) => name.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} extension-host test(s) failed`);
}
