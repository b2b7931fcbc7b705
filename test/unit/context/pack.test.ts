import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ConversationItem } from '../../../src/core/model/types';
import { OLD_COPY_SUFFIX, packContext } from '../../../src/core/context/pack';
import { diagnosticsSource, fileSource, outlineSource, selectionSource, withheldSource } from '../../../src/core/context/sources';
import { loadTokenCounter, MESSAGE_OVERHEAD_TOKENS, type TokenCounter } from '../../../src/core/context/tokens';
import type { ContextSource, ContextSourceKind, PackResult } from '../../../src/core/context/types';

const code = (tag: string, lines: number) => Array.from({ length: lines }, (_, i) => `export const ${tag}${i} = ${i} * factor; // ${tag} line ${i + 1}`).join('\n') + '\n';
const content = (item: ConversationItem) => (item.type === 'message' ? item.content : '');

/** Tokens of what the packer produced, counted exactly as one text per item. */
function exactTokens(result: PackResult, counter: TokenCounter): number {
  const stable = result.items.reduce((sum, item) => sum + counter.count(content(item)) + MESSAGE_OVERHEAD_TOKENS, 0);
  return stable + (result.volatileText ? counter.count(result.volatileText) : 0);
}

function editor(): ContextSource[] {
  const active = code('main', 40);
  return [
    outlineSource(['src/a.ts', 'src/b.ts', 'src/c.ts', 'README.md']),
    fileSource('active_file', 'src/a.ts', active, { focus: { startLine: 10, endLine: 12 } }),
    selectionSource('src/a.ts', active.split('\n').slice(9, 12).join('\n'), 10, 12),
    fileSource('open_file', 'src/b.ts', code('open', 30)),
    diagnosticsSource([{ path: 'src/a.ts', line: 11, column: 5, severity: 'error', message: 'Cannot find name factor.', source: 'ts', code: '2304' }])!,
  ];
}

describe('packing context into the budget', () => {
  let counter: TokenCounter;
  before(async () => {
    counter = await loadTokenCounter();
  });

  it('puts the outline and files in stable items (least changing first) and the selection and problems in the message', async () => {
    const result = await packContext(editor(), 50_000, undefined, { counter });
    const heads = result.items.map((i) => content(i).split('\n')[0]);
    assert.deepEqual(heads, ['<workspace-outline>', '<file path="src/b.ts">', '<file path="src/a.ts">']);
    assert.match(result.volatileText, /^<editor active="src\/a.ts" cursor="10" selection="10-12" open="src\/b.ts"\/>\n<diagnostics>\n/);
    assert.ok(result.volatileText.indexOf('<diagnostics>') < result.volatileText.indexOf('<selection path="src/a.ts" lines="10-12">'));
    assert.ok(result.volatileText.endsWith('</selection>\n\n'));
    assert.ok(!result.items.some((i) => /active=|cursor=|selection=/.test(content(i))), 'stable items carry no roles that change when the user switches editors');
  });

  it('reports every item with its tokens, and a total that matches the exact count', async () => {
    const result = await packContext(editor(), 50_000, undefined, { counter });
    const { report } = result;
    assert.deepEqual(report.items.map((i) => [i.id, i.placement]), [
      ['outline', 'stable'],
      ['file:src/b.ts', 'stable'],
      ['file:src/a.ts', 'stable'],
      ['diagnostics', 'volatile'],
      ['selection', 'volatile'],
    ]);
    assert.equal(report.totalTokens, report.items.reduce((s, i) => s + i.tokens, 0) + (report.volatileTokens - report.items.filter((i) => i.placement === 'volatile').reduce((s, i) => s + i.tokens, 0)));
    const exact = exactTokens(result, counter);
    assert.ok(report.totalTokens >= exact && report.totalTokens - exact < 40, `reported ${report.totalTokens}, exact ${exact}`);
  });

  it('packs by priority when the budget is tight: the selection and active file stay, the outline goes first', async () => {
    const sources = [...editor(), fileSource('open_file', 'src/c.ts', code('other', 300))];
    const result = await packContext(sources, 1_100, undefined, { counter });
    const byId = new Map(result.report.items.map((i) => [i.id, i]));
    assert.equal(byId.get('selection')!.placement, 'volatile');
    assert.equal(byId.get('file:src/a.ts')!.truncated, false);
    assert.equal(byId.get('outline')!.placement, 'none');
    assert.equal(byId.get('outline')!.omitted, 'no room left in the context budget');
    assert.ok(result.report.totalTokens <= 1_100);
  });

  it('caps a large source at its share so lower-priority sources still get in, then gives it the leftover', async () => {
    const sources = [fileSource('active_file', 'big.ts', code('big', 3000)), fileSource('open_file', 'small.ts', code('small', 20))];
    const result = await packContext(sources, 4_000, undefined, { counter });
    const [big, small] = ['file:big.ts', 'file:small.ts'].map((id) => result.report.items.find((i) => i.id === id)!);
    assert.equal(small.truncated, false);
    assert.equal(big.truncated, true);
    assert.match(big.note!, /^lines \d+-3000 of 3000 left out$/);
    assert.ok(big.tokens > 4_000 * 0.5, 'the active file got more than its first-pass share from the leftover');
    assert.ok(result.report.totalTokens <= 4_000 && result.report.totalTokens > 3_800, `used ${result.report.totalTokens}`);
  });

  it('cuts the active file around the cursor with a visible marker', async () => {
    const text = code('long', 3000);
    const result = await packContext([fileSource('active_file', 'long.ts', text, { focus: { startLine: 2500, endLine: 2500 } })], 1_500, undefined, { counter });
    const sent = content(result.items[0]);
    assert.match(sent, /^<file path="long.ts">\n\[\.\.\. lines 1-\d+ of 3000 left out to fit the context budget \.\.\.\]\n/);
    assert.ok(sent.includes('export const long2499 = 2499'));
    assert.ok(result.report.items[0].truncated);
  });

  it('never exceeds the budget, on the first turn or the next (property)', async function () {
    this.timeout(30_000);
    const kinds: ContextSourceKind[] = ['selection', 'active_file', 'diagnostics', 'mentioned_file', 'git_diff', 'read_file', 'open_file', 'outline', 'mentioned_folder', 'mentioned_symbol'];
    const line = fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 30 }), fc.constantFrom('', '    ', '\t}', '<|endoftext|>', '</file>', '  return x;  ', '\r'));
    const text = fc.array(line, { maxLength: 120 }).map((lines) => lines.join('\n'));
    const source = fc.record({ kind: fc.constantFrom(...kinds), text, focus: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }) });
    await fc.assert(
      fc.asyncProperty(fc.array(source, { maxLength: 8 }), fc.integer({ min: 0, max: 3_000 }), fc.integer({ min: 0, max: 3_000 }), fc.array(fc.nat(7)), async (raw, budget, nextBudget, changed) => {
        const sources = raw.map((s, i): ContextSource => ({ id: `s${i}`, kind: s.kind, label: `source ${i}`, path: `dir/file${i}.ts`, text: s.text, ...(s.focus ? { focus: { startLine: s.focus, endLine: s.focus + 2 } } : {}) }));
        const first = await packContext(sources, budget, undefined, { counter });
        assert.ok(first.report.totalTokens <= budget, `first: ${first.report.totalTokens} > ${budget}`);
        assert.ok(exactTokens(first, counter) <= first.report.totalTokens, 'first: the exact count is within the reported total');
        const next = sources.map((s, i) => (changed.includes(i) ? { ...s, text: `${s.text}\nchanged` } : s));
        const second = await packContext(next, nextBudget, first.state, { counter });
        assert.ok(second.report.totalTokens <= nextBudget, `second: ${second.report.totalTokens} > ${nextBudget}`);
        assert.ok(exactTokens(second, counter) <= second.report.totalTokens, 'second: the exact count is within the reported total');
      }),
      { numRuns: 150 },
    );
  });

  it('lists sources a gatherer withheld as not sent, with the reason, and sends nothing of them', async () => {
    const result = await packContext([...editor(), withheldSource('mentioned_file', '.env', 'looks like a secret (matches .env*)')], 50_000, undefined, { counter });
    const env = result.report.items.find((i) => i.id === 'file:.env')!;
    assert.equal(env.placement, 'none');
    assert.match(env.omitted!, /secret/);
    assert.ok(!result.items.some((i) => content(i).includes('.env')) && !result.volatileText.includes('.env'));
  });

  it('leaves out the items the user removed', async () => {
    const result = await packContext(editor(), 50_000, undefined, { counter, excludeIds: ['file:src/b.ts', 'diagnostics'] });
    assert.ok(!result.items.some((i) => content(i).includes('src/b.ts">')));
    assert.ok(!result.volatileText.includes('<diagnostics>'));
    assert.equal(result.report.items.find((i) => i.id === 'file:src/b.ts')!.omitted, 'removed by you');
  });

  it('treats a file that is active, open and mentioned as one item', async () => {
    const text = code('same', 10);
    const result = await packContext([fileSource('open_file', 'x.ts', text), fileSource('mentioned_file', 'x.ts', text), fileSource('active_file', 'x.ts', text)], 50_000, undefined, { counter });
    assert.equal(result.items.length, 1);
    assert.equal(result.report.items.filter((i) => i.id === 'file:x.ts').length, 1);
    assert.equal(result.report.items[0].kind, 'active_file');
  });

  describe('across turns', () => {
    it('repeats the stable items byte for byte and sends a changed file as an update in the message', async () => {
      const first = await packContext(editor(), 50_000, undefined, { counter });
      const changed = editor().map((s) => (s.id === 'file:src/b.ts' ? { ...s, text: `${s.text}export const added = true;\n` } : s));
      const second = await packContext(changed, 50_000, first.state, { counter });
      assert.deepEqual(second.items, first.items);
      assert.match(second.volatileText, /<file path="src\/b.ts" status="updated since sent earlier">\n[\s\S]*export const added = true;\n<\/file>/);
      const old = second.report.items.find((i) => i.id === `file:src/b.ts${OLD_COPY_SUFFIX}`)!;
      assert.equal(old.placement, 'stable');
      assert.match(old.note!, /kept so the prompt cache still matches/);
      assert.equal(second.report.reusedStableItems, 2);
    });

    it('does not send again what an earlier message carried, while the history still has it', async () => {
      const first = await packContext(editor(), 50_000, undefined, { counter });
      const withMention = [...editor(), fileSource('mentioned_file', 'docs/guide.md', '# Guide\nUse the factor.\n')];
      const second = await packContext(withMention, 50_000, first.state, { counter });
      assert.match(second.volatileText, /<file path="docs\/guide.md">/);
      const history: ConversationItem[] = [{ type: 'message', role: 'user', content: `${second.volatileText}What does the guide say?` }];
      const third = await packContext(withMention, 50_000, second.state, { counter, history });
      assert.ok(!third.volatileText.includes('docs/guide.md">'));
      const guide = third.report.items.find((i) => i.id === 'file:docs/guide.md')!;
      assert.equal(guide.placement, 'earlier');
      assert.equal(guide.tokens, 0);
    });

    it('sends a block again when the history no longer has it (after compaction)', async () => {
      const first = await packContext(editor(), 50_000, undefined, { counter });
      const withMention = [...editor(), fileSource('mentioned_file', 'docs/guide.md', '# Guide\n')];
      const second = await packContext(withMention, 50_000, first.state, { counter });
      const compactedHistory: ConversationItem[] = [{ type: 'message', role: 'user', content: '[Earlier conversation removed to fit the context window: 1 turns.]' }];
      const third = await packContext(withMention, 50_000, second.state, { counter, history: compactedHistory });
      assert.match(third.volatileText, /<file path="docs\/guide.md">/);
    });

    it('always sends the current selection and problems, even when unchanged', async () => {
      const first = await packContext(editor(), 50_000, undefined, { counter });
      const second = await packContext(editor(), 50_000, first.state, { counter });
      assert.equal(second.volatileText, first.volatileText);
      assert.match(second.volatileText, /<selection /);
    });

    it('drops the outdated copies when the edited active file would not fit otherwise, and says the cache misses once', async () => {
      const first = await packContext(editor(), 50_000, undefined, { counter });
      const tight = first.report.totalTokens + 20;
      const edited = editor().map((s) => (s.id === 'file:src/a.ts' ? { ...s, text: `${s.text}export const edited = true;\n` } : s));
      const second = await packContext(edited, tight, first.state, { counter });
      assert.match(second.report.rebuilt ?? '', /outdated copies/);
      assert.ok(!second.report.items.some((i) => i.id.endsWith(OLD_COPY_SUFFIX)));
      assert.match(second.volatileText, /<file path="src\/a.ts" status="updated since sent earlier">/);
      assert.ok(second.report.totalTokens <= tight);
    });

    it('keeps the cached prefix when a changed file merely has to be cut', async () => {
      const first = await packContext(editor(), 1_800, undefined, { counter });
      const grown = editor().map((s) => (s.id === 'file:src/b.ts' ? { ...s, text: code('grown', 400) } : s));
      const second = await packContext(grown, 1_800, first.state, { counter });
      assert.equal(second.report.rebuilt, undefined);
      assert.deepEqual(second.items, first.items);
      assert.ok(second.report.items.find((i) => i.id === 'file:src/b.ts')!.truncated);
    });

    it('packs again from scratch when the kept items no longer fit next to a grown conversation', async () => {
      const first = await packContext(editor(), 50_000, undefined, { counter });
      const second = await packContext(editor(), first.report.stableTokens - 100, first.state, { counter });
      assert.match(second.report.rebuilt ?? '', /from scratch/);
      assert.ok(second.report.totalTokens <= first.report.stableTokens - 100);
      assert.ok(second.report.items.some((i) => i.placement === 'none' || i.truncated));
    });

    it('stops sending a file sent before once it is excluded or looks secret', async () => {
      const first = await packContext(editor(), 50_000, undefined, { counter });
      const now = editor().map((s) => (s.id === 'file:src/b.ts' ? withheldSource('open_file', 'src/b.ts', 'excluded by your setting (src/b.ts)') : s));
      const second = await packContext(now, 50_000, first.state, { counter });
      assert.ok(!second.items.some((i) => content(i).includes('<file path="src/b.ts"')));
      assert.equal(second.report.rebuilt, 'a file sent before is now excluded or looks secret');
    });

    it('rebuilds from the item the user removed, keeping the ones before it', async () => {
      const first = await packContext(editor(), 50_000, undefined, { counter });
      const second = await packContext(editor(), 50_000, first.state, { counter, excludeIds: ['file:src/b.ts'] });
      assert.deepEqual(second.items, [first.items[0], first.items[2]]);
      assert.equal(second.report.rebuilt, 'you removed an item sent before');
    });
  });
});
