import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { computePatch } from '../../src/core/edits';
import { applyEdits, pick, seededRng, toBeginPatch, uniqueHunks, type PatchHunk, type Rng } from '../../test/support/patchPerturbation';
import { FILES, randomEdits } from './generatedCorpus';

const CASES = 1000;
type Damage = 'clamped-dedent' | 'flattened' | 'trailing-and-dedent';

/**
 * Patches whose lines differ from the file only in whitespace, unevenly (no single shift maps them):
 * indentation cut by a few columns but never below none, all indentation dropped, or that plus
 * trailing spaces. Counts where the engine put each hunk, and whether the added lines got the
 * indentation the edit meant; a placement in the wrong place is the figure that must stay 0.
 */
export async function unevenWhitespace(repoRoot: string, seed = 20_250_101): Promise<void> {
  const files = await Promise.all(FILES.map(async (f) => ({ name: f, text: await fs.readFile(path.join(repoRoot, f), 'utf8') })));
  const rng = seededRng(seed);
  const tally = { exact: 0, indentation: 0, wrong: 0, refused: 0 };
  const byDamage = new Map<Damage, { cases: number; exact: number }>();
  for (let i = 0; i < CASES; i++) {
    const file = files[i % files.length];
    const lines = file.text.replace(/\n$/, '').split('\n');
    const newText = applyEdits(lines, randomEdits(lines, rng)).join('\n') + '\n';
    const hunks = newText === file.text ? undefined : uniqueHunks(file.text, newText, lines);
    if (!hunks) continue;
    const damage = pick(rng, ['clamped-dedent', 'flattened', 'trailing-and-dedent'] as const);
    const name = path.basename(file.name);
    const patch = toBeginPatch(name, hunks.map((h) => damaged(h, damage, rng)));
    const result = await computePatch(patch, async (p) => (p === name ? file.text : undefined));
    const change = result.ok ? result.changes[0] : undefined;
    const got = change?.kind === 'update' ? change.newText : undefined;
    if (!result.ok) tally.refused++;
    else if (got === newText) tally.exact++;
    else if (got !== undefined && sameButIndentation(got, newText)) tally.indentation++;
    else tally.wrong++;
    const d = byDamage.get(damage) ?? { cases: 0, exact: 0 };
    d.cases++;
    if (got === newText) d.exact++;
    byDamage.set(damage, d);
  }
  const made = tally.exact + tally.indentation + tally.wrong + tally.refused;
  const pct = (n: number) => `${((100 * n) / made).toFixed(1)} %`;
  console.log(
    `uneven-whitespace corpus: ${pct(tally.exact)} exact, ${pct(tally.indentation)} placed right with an added line indented otherwise than meant, ${pct(tally.refused)} refused, ${tally.wrong} wrong (of ${made} patches; target 0 wrong)`,
  );
  const kinds = [...byDamage.entries()].map(([k, v]) => `${k} ${((100 * v.exact) / v.cases).toFixed(1)}% of ${v.cases}`);
  console.log(`uneven-whitespace corpus exact by damage: ${kinds.join(', ')}`);
}

/** The hunk as a model that lost track of indentation writes it; added lines are damaged alike. */
function damaged(h: PatchHunk, damage: Damage, rng: Rng): PatchHunk {
  const cut = 2 + Math.floor(rng() * 7);
  const reindent = (body: string) => (damage === 'flattened' ? body.trimStart() : body.replace(/^[ \t]*/, (indent) => ' '.repeat(Math.max(0, width(indent) - cut))));
  const lines = h.lines.map((l) => {
    let body = reindent(l.slice(1));
    if (damage === 'trailing-and-dedent' && !l.startsWith('+') && rng() < 0.5) body += pick(rng, [' ', '  ', '\t']);
    return l[0] + body;
  });
  return { ...h, lines, anchor: undefined };
}

function width(indent: string): number {
  let w = 0;
  for (const c of indent) w = c === '\t' ? (Math.floor(w / 4) + 1) * 4 : w + 1;
  return w;
}

function sameButIndentation(a: string, b: string): boolean {
  const strip = (t: string) => t.split('\n').map((l) => l.trimStart()).join('\n');
  return strip(a) === strip(b);
}
