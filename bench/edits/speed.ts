import { performance } from 'node:perf_hooks';
import { computePatch } from '../../src/core/edits';

const HUNKS = 50;
type Damage = 'none' | 'whitespace-and-indent' | 'uneven-indent' | 'wrong-context-line';

/** Code-like lines: every function unique by its number, braces and returns repeated as in real code. */
function codeLines(n: number): string[] {
  const lines: string[] = [];
  for (let i = 0; lines.length < n; i++) {
    lines.push(`export function step${i}(input: number): number {`, `  const value = input * ${i % 17} + ${i};`, `  if (value > ${i % 101}) {`);
    lines.push(`    return value - ${i};`, '  }', '  return value;', '}', '');
  }
  return lines.slice(0, n);
}

/** A patch changing 50 `const value` lines spread over the file, each with 3 lines of context. */
function patchFor(lines: string[], damage: Damage): { patch: string; expected: string } {
  const out = ['*** Begin Patch', '*** Update File: big.ts'];
  const next = [...lines];
  const step = Math.floor(lines.length / HUNKS / 8) * 8;
  for (let h = 0; h < HUNKS; h++) {
    const at = h * step + 1 + 8 * 2; // a `const value` line, not at the file's edge
    const replacement = lines[at].replace('const value', 'const result');
    next[at] = replacement;
    // Uneven: every line's indentation dropped, so lines at different depths move by different amounts.
    const shown = (text: string) => (damage === 'whitespace-and-indent' ? `  ${text}  ` : damage === 'uneven-indent' ? text.trimStart() : text);
    out.push('@@');
    for (let j = at - 3; j < at; j++) out.push(` ${damage === 'wrong-context-line' && j === at - 1 ? lines[j].replace('input', 'inptu') : shown(lines[j])}`);
    out.push(`-${shown(lines[at])}`, `+${damage === 'whitespace-and-indent' ? `  ${replacement}` : shown(replacement)}`);
    for (let j = at + 1; j <= at + 3; j++) out.push(` ${shown(lines[j])}`);
  }
  out.push('*** End Patch');
  return { patch: out.join('\n'), expected: next.join('\n') + '\n' };
}

async function timeIt(lineCount: number, damage: Damage, runs: number): Promise<number> {
  const lines = codeLines(lineCount);
  const text = lines.join('\n') + '\n';
  const { patch, expected } = patchFor(lines, damage);
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    const result = await computePatch(patch, async () => text);
    times.push(performance.now() - t);
    const change = result.ok ? result.changes[0] : undefined;
    if (change?.kind !== 'update' || change.newText !== expected) throw new Error(`the ${damage} patch on ${lineCount} lines did not apply exactly`);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

/** How long placing 50 hunks takes as the file grows, exact and damaged. */
export async function speed(): Promise<void> {
  const format = (n: number) => n.toLocaleString('en-US');
  const at20k = await timeIt(20_000, 'none', 9);
  console.log(`speed 50-hunk patch on a 20,000-line file: ${at20k.toFixed(1)} ms (median of 9; target < 50 ms)`);
  for (const size of [10_000, 100_000, 1_000_000]) {
    const runs = size >= 1_000_000 ? 3 : 5;
    console.log(`speed 50-hunk patch on ${format(size)} lines: ${(await timeIt(size, 'none', runs)).toFixed(1)} ms (median of ${runs})`);
  }
  for (const size of [20_000, 1_000_000]) {
    const runs = size >= 1_000_000 ? 3 : 5;
    const damaged = await timeIt(size, 'whitespace-and-indent', runs);
    console.log(`speed 50 hunks with trailing spaces and shifted indentation on ${format(size)} lines: ${damaged.toFixed(1)} ms (median of ${runs}; builds the tolerant indexes)`);
    const uneven = await timeIt(size, 'uneven-indent', runs);
    console.log(`speed 50 hunks with all indentation dropped on ${format(size)} lines: ${uneven.toFixed(1)} ms (median of ${runs}; whitespace ignored line by line, unique place, re-indented added lines)`);
    const similar = await timeIt(size, 'wrong-context-line', runs);
    console.log(`speed 50 hunks each with a slightly wrong context line on ${format(size)} lines: ${similar.toFixed(1)} ms (median of ${runs}; the bounded similar-line search)`);
  }
}
