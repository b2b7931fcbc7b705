import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
/** Screenshots of failing UI tests, results and figures of the last run. */
export const resultsDir = path.join(repoRoot, 'test-results');
export const defaultVsix = path.join(repoRoot, 'mini-coder.vsix');
