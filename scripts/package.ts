// `npm run package`: production bundle, then mini-coder.vsix with @vscode/vsce, then a check of what went in.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createVSIX } from '@vscode/vsce';
import { packageProblems } from './packageRules';
import { vsixFiles } from './vsixEntries';

export const repoRoot = path.resolve(__dirname, '..');
export const vsixPath = path.join(repoRoot, 'mini-coder.vsix');

export interface PackageResult {
  vsix: string;
  bytes: number;
  files: string[];
}

/** Builds the production bundle and packages it into mini-coder.vsix at the repository root. */
export async function packageExtension(): Promise<PackageResult> {
  execFileSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: repoRoot, stdio: 'inherit' });
  const hasLicense = ['LICENSE', 'LICENSE.md'].some((name) => fs.existsSync(path.join(repoRoot, name)));
  fs.rmSync(vsixPath, { force: true });
  await createVSIX({
    cwd: repoRoot,
    packagePath: vsixPath,
    allowMissingRepository: true,
    // The project has no public repository URL to rewrite README links against; keep them relative.
    rewriteRelativeLinks: false,
    // Without a LICENSE file vsce would stop at an interactive question; CI has no stdin.
    skipLicense: !hasLicense,
  });
  const files = vsixFiles(vsixPath);
  const problems = packageProblems(files);
  if (problems.length > 0) {
    fs.rmSync(vsixPath, { force: true });
    throw new Error(`the package was wrong and has been removed; fix .vscodeignore:\n  ${problems.join('\n  ')}`);
  }
  return { vsix: vsixPath, bytes: fs.statSync(vsixPath).size, files };
}

if (require.main === module) {
  packageExtension().then(
    ({ vsix, bytes, files }) => {
      console.log(`${path.relative(process.cwd(), vsix)}: ${(bytes / 1024).toFixed(1)} KiB, ${files.length} files, checked against scripts/packageRules.ts`);
    },
    (error: unknown) => {
      console.error(`package: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
