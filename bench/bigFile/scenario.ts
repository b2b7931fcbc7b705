// One measured operation on a large file, in a process of its own so its peak memory is its own:
// `tsx bench/bigFile/scenario.ts read|edit|baseline ROOT`. Prints {ms, maxRssMB}.
import { computePatch } from '../../src/core/edits';
import { FsWorkspace } from '../../src/core/fsWorkspace';
import { testTrust } from '../../test/support/trust';
import { workspaceTools } from '../../src/core/tools/workspaceTools';

async function main(): Promise<void> {
  const [what, root] = process.argv.slice(2);
  const workspace = new FsWorkspace(root);
  const started = performance.now();
  let detail = '';
  if (what === 'read') {
    const readFile = workspaceTools().find((t) => t.name === 'read_file')!;
    const result = await readFile.run({ path: 'big.log', start_line: 3_999_000 }, { workspace, reviewer: { review: async () => ({ approved: false, reason: '' }) }, trust: testTrust() });
    detail = result.output.split('\n')[0];
  } else if (what === 'edit') {
    const text = await workspace.readText('big.log');
    const patch = '*** Begin Patch\n*** Update File: big.log\n@@\n line 3999998: the quick brown fox jumps over the lazy dog\n-line 3999999: the quick brown fox jumps over the lazy dog\n+line 3999999: EDITED\n*** End Patch';
    const result = await computePatch(patch, async () => text);
    if (!result.ok) throw new Error(result.error);
    await workspace.applyChanges(result.changes);
    detail = result.summary;
  }
  const ms = performance.now() - started;
  console.log(JSON.stringify({ ms, maxRssMB: process.resourceUsage().maxRSS / 1024, detail }));
}

void main();
