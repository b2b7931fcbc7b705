import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { computePatch } from '../../src/core/edits';

interface Tally {
  exact: number;
  wrong: number;
  refused: number;
}

/**
 * The peer's corpus (microsoft/vscode-copilot-chat apply-patch tests), read at run time from
 * shared/fixtures beside the repository or one of its parents (a worktree sits deeper than the
 * main checkout): 50 JSON cases {patch, original, expected, fpath} and a few call/input/output triples.
 */
export async function peerCorpus(repoRoot: string): Promise<void> {
  const found = await corpusDir(repoRoot);
  if (!found.names) {
    console.log(`peer corpus: skipped (${found.dir} is absent)`);
    return;
  }
  const { dir, names } = found;
  const cases: Tally = { exact: 0, wrong: 0, refused: 0 };
  for (const name of names.filter((n) => n.endsWith('.patch'))) {
    const c = JSON.parse(await fs.readFile(path.join(dir, name), 'utf8')) as { patch: string; original: string; expected: string; fpath: string };
    // Their paths are absolute; here they are workspace-relative.
    const relative = (p: string) => p.replace(/^\/+/, '');
    count(cases, await newText(c.patch, (p) => (relative(p) === relative(c.fpath) ? c.original : undefined)), c.expected);
  }
  const total = cases.exact + cases.wrong + cases.refused;
  console.log(`peer corpus exact: ${cases.exact}/${total} cases (${cases.wrong} wrong, ${cases.refused} refused; target ${total}/${total} exact, 0 wrong)`);

  const triples: Tally = { exact: 0, wrong: 0, refused: 0 };
  const withoutOutput: string[] = [];
  for (const call of names.filter((n) => n.endsWith('-call.txt'))) {
    const stem = call.slice(0, -'-call.txt'.length);
    if (!names.includes(`${stem}-output.txt`)) {
      withoutOutput.push(stem);
      continue;
    }
    const read = (suffix: string) => fs.readFile(path.join(dir, `${stem}-${suffix}.txt`), 'utf8');
    const input = await read('input');
    count(triples, await newText(await read('call'), () => input), await read('output'));
  }
  const all = triples.exact + triples.wrong + triples.refused;
  console.log(
    `peer call/input/output triples exact: ${triples.exact}/${all} (${triples.wrong} wrong, ${triples.refused} refused; without an output file, not counted: ${withoutOutput.join(', ') || 'none'})`,
  );
}

/** The first `shared/fixtures/peer-apply-patch-corpus` beside the repository or one of its parents. */
async function corpusDir(repoRoot: string): Promise<{ dir: string; names?: string[] }> {
  const first = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'peer-apply-patch-corpus');
  for (let up = path.resolve(repoRoot, '..'); ; up = path.dirname(up)) {
    const dir = path.join(up, 'shared', 'fixtures', 'peer-apply-patch-corpus');
    const names = await fs.readdir(dir).catch(() => undefined);
    if (names) return { dir, names };
    if (path.dirname(up) === up) return { dir: first };
  }
}

async function newText(patch: string, read: (path: string) => string | undefined): Promise<string | undefined> {
  const result = await computePatch(patch, async (p) => read(p));
  if (!result.ok) return undefined;
  const change = result.changes[0];
  return change?.kind === 'update' ? change.newText : undefined;
}

function count(tally: Tally, actual: string | undefined, expected: string): void {
  if (actual === undefined) tally.refused++;
  else if (actual === expected) tally.exact++;
  else tally.wrong++;
}
