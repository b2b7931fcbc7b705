import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { computePatch } from '../../src/core/edits';
import {
  PERTURBATIONS,
  addAnchors,
  applyEdits,
  distinguishable,
  perturb,
  pick,
  seededRng,
  toBeginPatch,
  toUnified,
  uniqueHunks,
  type Edit,
  type Perturbation,
  type Rng,
} from '../../test/support/patchPerturbation';

/** Real source files with 2-space, 4-space and tab indentation, and Markdown. */
export const FILES = [
  'node_modules/typescript/lib/lib.es5.d.ts',
  'node_modules/mocha/lib/runner.js',
  'node_modules/highlight.js/lib/core.js',
  'node_modules/diff/libcjs/diff/base.js',
  'node_modules/debug/src/common.js',
  'node_modules/debug/src/node.js',
  'node_modules/marked/README.md',
  'node_modules/mocha/README.md',
];
const CASES = 2000;

/**
 * Random edits of real files, turned into patches the way a careful model writes them (context
 * grown until unique, anchors where unique), then damaged the ways models err.
 */
export async function generatedCorpus(repoRoot: string, seed = 20_240_611): Promise<void> {
  const files = await Promise.all(FILES.map(async (f) => ({ name: f, text: await fs.readFile(path.join(repoRoot, f), 'utf8') })));
  const rng = seededRng(seed);
  const tally = { exact: 0, wrong: 0, refused: 0, skipped: 0 };
  const byKind = new Map<Perturbation | 'none', { cases: number; exact: number }>();
  for (let i = 0; i < CASES; i++) {
    const file = files[i % files.length];
    const lines = file.text.replace(/\n$/, '').split('\n');
    const newText = applyEdits(lines, randomEdits(lines, rng)).join('\n') + '\n';
    const hunks = newText === file.text ? undefined : uniqueHunks(file.text, newText, lines);
    if (!hunks) {
      tally.skipped++;
      continue;
    }
    const kinds = distinguishable(PERTURBATIONS.filter(() => rng() < 0.3));
    const { hunks: damaged, applied } = perturb(rng() < 0.5 ? addAnchors(hunks, lines) : hunks, kinds, rng, lines);
    const name = path.basename(file.name);
    const beginPatch = rng() < 0.5;
    let patch = beginPatch ? toBeginPatch(name, damaged, { noPrefix: kinds.includes('no-prefix') }) : toUnified(name, damaged);
    if (!beginPatch) applied.delete('no-prefix');
    if (kinds.includes('crlf-patch')) patch = patch.replace(/\n/g, '\r\n');
    const result = await computePatch(patch, async (p) => (p === name ? file.text : undefined));
    const change = result.ok ? result.changes[0] : undefined;
    const outcome = !result.ok ? 'refused' : change?.kind === 'update' && change.newText === newText ? 'exact' : 'wrong';
    tally[outcome]++;
    for (const kind of applied.size > 0 ? applied : (['none'] as const)) {
      const k = byKind.get(kind) ?? { cases: 0, exact: 0 };
      k.cases++;
      if (outcome === 'exact') k.exact++;
      byKind.set(kind, k);
    }
  }
  const made = tally.exact + tally.wrong + tally.refused;
  console.log(
    `generated corpus applied exactly: ${((100 * tally.exact) / made).toFixed(1)} % (${tally.exact} of ${made} damaged patches on ${FILES.length} real files; ${tally.wrong} wrong, ${tally.refused} refused; target ≥ 99 % exact, 0 wrong)`,
  );
  console.log(`generated corpus wrong edits: ${tally.wrong} (applied but not the intended file)`);
  const kinds = [...byKind.entries()].map(([k, v]) => `${k} ${((100 * v.exact) / v.cases).toFixed(1)}% of ${v.cases}`);
  console.log(`generated corpus exact by damage made: ${kinds.join(', ')} (a patch may carry several)`);
}

/** One to three edits a model might make: replace lines with changed copies, insert new lines, delete lines. */
export function randomEdits(lines: readonly string[], rng: Rng): Edit[] {
  const edits: Edit[] = [];
  const count = 1 + Math.floor(rng() * 3);
  for (let n = 0; n < count; n++) {
    const at = Math.floor(rng() * lines.length);
    const size = 1 + Math.floor(rng() * 3);
    const indent = /^[ \t]*/.exec(lines[at] ?? '')![0];
    const kind = pick(rng, ['replace', 'insert', 'delete'] as const);
    if (kind === 'replace') edits.push({ at, remove: size, insert: lines.slice(at, at + size).map((l) => changeLine(l, rng)) });
    else if (kind === 'insert') edits.push({ at, remove: 0, insert: Array.from({ length: size }, (_, k) => `${indent}edited_${n}_${k}();`) });
    else edits.push({ at, remove: size, insert: [] });
  }
  return edits;
}

function changeLine(line: string, rng: Rng): string {
  const words = [...line.matchAll(/[A-Za-z_]\w{2,}/g)];
  if (words.length === 0) return `${line} // edited`;
  const w = pick(rng, words);
  return line.slice(0, w.index) + `${w[0]}Edited` + line.slice(w.index! + w[0].length);
}
