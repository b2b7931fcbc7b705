import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PERTURBATIONS, addAnchors, applyEdits, diffHunks, distinguishable, perturb, seededRng, toBeginPatch, toUnified, type Perturbation } from '../../support/patchPerturbation';
import { patchFiles } from './memoryFiles';

type Template = (a: string, b: string) => string;
const TEMPLATES: Template[] = [
  (a, b) => `const ${a} = ${b}(${a});`,
  (a, b) => `if (${a} > ${b}) {`,
  () => '}',
  (a) => `return ${a};`,
  (a, b) => `log("${a} ${b}");`,
  (a, b) => `total = ${a} - ${b};`,
  (a) => `print('${a}')`,
  () => '',
];

interface LineSpec {
  depth: number;
  template: number;
  a: string;
  b: string;
}

const word = fc.stringMatching(/^[a-h]{2,6}$/);
const lineSpec = fc.record({ depth: fc.integer({ min: 0, max: 3 }), template: fc.integer({ min: 0, max: TEMPLATES.length - 1 }), a: word, b: word });
const addedLine = fc.record({ depth: fc.integer({ min: 0, max: 3 }), a: word }).map(({ depth, a }) => ({ depth, text: `added_${a}();` }));

const edits = fc.array(
  fc.record({ at: fc.nat({ max: 60 }), remove: fc.integer({ min: 0, max: 3 }), insert: fc.array(addedLine, { maxLength: 3 }) }),
  { minLength: 1, maxLength: 3 },
);

const damage = fc.record({
  kinds: fc.subarray([...PERTURBATIONS]),
  seed: fc.integer(),
  format: fc.constantFrom('begin-patch' as const, 'unified' as const),
  anchors: fc.boolean(),
});

const layout = fc.record({ tabs: fc.boolean(), crlf: fc.boolean(), finalNewline: fc.boolean() });

function render(spec: LineSpec, unit: string): string {
  const text = TEMPLATES[spec.template](spec.a, spec.b);
  return text === '' ? '' : unit.repeat(spec.depth) + text;
}

interface Case {
  oldLines: string[];
  edits: Array<{ at: number; remove: number; insert: Array<{ depth: number; text: string }> }>;
  layout: { tabs: boolean; crlf: boolean; finalNewline: boolean };
  damage: { kinds: Perturbation[]; seed: number; format: 'begin-patch' | 'unified'; anchors: boolean };
}

/** Damages actually made (a damage that would change the patch's meaning is skipped). */
const damagesMade = new Map<Perturbation, number>();

/** Runs one case: the patch's result is the intended file, or a refusal. Returns which. */
async function run(c: Case): Promise<'exact' | 'refused' | 'skip'> {
  const unit = c.layout.tabs ? '\t' : '  ';
  const newLines = applyEdits(
    c.oldLines,
    c.edits.map((e) => ({ at: e.at, remove: e.remove, insert: e.insert.map((l) => unit.repeat(l.depth) + l.text) })),
  );
  const join = (lines: string[]) => (lines.length === 0 ? '' : lines.join('\n') + (c.layout.finalNewline ? '\n' : ''));
  const oldText = join(c.oldLines);
  const newText = join(newLines);
  if (oldText === newText) return 'skip';
  // The engine keeps a file's final newline; an edit that would change it is not one a hunk can express.
  const endsWithNewline = (text: string) => text === '' || text.endsWith('\n');
  if (newText !== '' && endsWithNewline(oldText) !== endsWithNewline(newText)) return 'skip';
  let hunks = diffHunks(oldText, newText);
  if (c.damage.anchors) hunks = addAnchors(hunks, c.oldLines);
  const kinds = distinguishable(c.damage.kinds);
  const { hunks: damaged, applied } = perturb(hunks, kinds, seededRng(c.damage.seed), c.oldLines);
  if (c.damage.format === 'unified') applied.delete('no-prefix');
  for (const kind of applied) damagesMade.set(kind, (damagesMade.get(kind) ?? 0) + 1);
  let patch = c.damage.format === 'begin-patch' ? toBeginPatch('f.txt', damaged, { noPrefix: kinds.includes('no-prefix') }) : toUnified('f.txt', damaged);
  if (kinds.includes('crlf-patch')) patch = patch.replace(/\n/g, '\r\n');
  const eol = (text: string) => (c.layout.crlf ? text.replace(/\n/g, '\r\n') : text);
  const result = await patchFiles({ 'f.txt': eol(oldText) }, patch);
  if (!result.ok) return 'refused';
  const change = result.changes.find((ch) => ch.path === 'f.txt');
  const textNow = change?.kind === 'update' ? change.newText : eol(oldText);
  assert.equal(textNow, eol(newText), `wrong edit.\npatch:\n${patch}\ntolerances: ${result.tolerances.join(' | ')}`);
  return 'exact';
}

describe('properties of applying model patches', function () {
  this.timeout(60_000);

  it('a diff-made patch, damaged the ways models err, yields exactly the intended file or a refusal', async () => {
    const tally = { exact: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.array(lineSpec, { minLength: 3, maxLength: 40 }),
        fc.option(fc.record({ from: fc.nat(), length: fc.integer({ min: 2, max: 6 }), to: fc.nat(), changed: fc.option(fc.nat(), { nil: undefined }) }), { nil: undefined }),
        edits,
        layout,
        damage,
        async (specs, repeat, fileEdits, fileLayout, dmg) => {
          const unit = fileLayout.tabs ? '\t' : '  ';
          let oldLines = specs.map((s) => render(s, unit));
          if (repeat) {
            // A copied block makes some hunks ambiguous on purpose; a copy with one line changed, nearly so.
            const from = repeat.from % oldLines.length;
            const block = oldLines.slice(from, from + repeat.length);
            if (repeat.changed !== undefined) {
              const at = repeat.changed % block.length;
              block[at] = block[at].replace(/[a-h]{2,6}/, (w) => `${w}h`);
            }
            const to = repeat.to % (oldLines.length + 1);
            oldLines = [...oldLines.slice(0, to), ...block, ...oldLines.slice(to)];
          }
          const outcome = await run({ oldLines, edits: fileEdits, layout: fileLayout, damage: dmg });
          if (outcome !== 'skip') tally[outcome]++;
        },
      ),
      { numRuns: 600 },
    );
    // Refusing everything would satisfy "never wrong"; most of these patches must still apply,
    // and every kind of damage must really have been made.
    assert.ok(tally.exact > (tally.exact + tally.refused) * 0.6, `too many refusals: ${JSON.stringify(tally)}`);
    for (const kind of PERTURBATIONS) assert.ok((damagesMade.get(kind) ?? 0) > 5, `${kind} was made ${damagesMade.get(kind) ?? 0} times`);
  });

  it('a damaged patch on a file whose lines are all different always applies exactly', async () => {
    const distinct = fc.uniqueArray(lineSpec, { minLength: 3, maxLength: 40, selector: (s) => TEMPLATES[s.template](s.a, s.b) }).filter((specs) => specs.every((s) => TEMPLATES[s.template](s.a, s.b) !== '' && TEMPLATES[s.template](s.a, s.b) !== '}'));
    await fc.assert(
      fc.asyncProperty(distinct, edits, layout, damage, async (specs, fileEdits, fileLayout, dmg) => {
        const unit = fileLayout.tabs ? '\t' : '  ';
        const outcome = await run({ oldLines: specs.map((s) => render(s, unit)), edits: fileEdits, layout: fileLayout, damage: dmg });
        assert.notEqual(outcome, 'refused', 'a patch whose lines occur once must apply');
      }),
      { numRuns: 400 },
    );
  });
});
