// For developers with a desktop VS Code: runs the same extension-host suite (test/e2e/host) in VS Code
// itself through @vscode/test-electron, with the repository as the development extension.
//   npx tsx test/e2e/runElectron.ts
// MINI_CODER_VSCODE_EXECUTABLE=/path/to/code uses an installed VS Code; otherwise test-electron downloads
// one into .vscode-test/ (which needs internet, so this is not what CI runs: CI uses test/e2e/run.ts).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { hostFiguresFile, hostResultsFile } from './hostRunner';
import { buildHostSuite } from './support/buildHostSuite';
import { repoRoot, resultsDir } from './support/paths';
import { createWorkspace } from './support/workspace';

async function main(): Promise<number> {
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  const extensionTestsPath = await buildHostSuite();
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.rmSync(hostFiguresFile, { force: true });
  const workspace = createWorkspace();
  try {
    // runTests rejects when the suite's run() rejects, that is when a test failed.
    await runTests({
      version: process.env.MINI_CODER_VSCODE_VERSION ?? 'stable',
      vscodeExecutablePath: process.env.MINI_CODER_VSCODE_EXECUTABLE,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath,
      launchArgs: [workspace.folder, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome'],
      extensionTestsEnv: { MINI_CODER_E2E_RESULTS: hostResultsFile, MINI_CODER_E2E_FIGURES: hostFiguresFile },
    });
    console.log(`results: ${path.relative(process.cwd(), hostResultsFile)}`);
    return 0;
  } finally {
    workspace.remove();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`runElectron: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
