// Inline actions: the work done on the extension host before and after the model call, on large files.
// A refactor must start at once and be applied at once, whatever the size of the file.
import { performance } from 'node:perf_hooks';
import { applyRangeRewrite } from '../src/core/actions/applyRewrite';
import { cleanRewrite } from '../src/core/actions/cleanRewrite';
import { refactorPrompt } from '../src/core/actions/prompts';
import { chooseActionRange } from '../src/core/actions/range';

function sourceFile(functions: number): string {
  const parts: string[] = [];
  for (let i = 0; i < functions; i++) {
    parts.push(`export function step${i}(input: number[]): number {`, '  let total = 0;', `  for (const value of input) total += value * ${i};`, '  if (total > 1000) {', `    return total - ${i};`, '  }', '  return total;', '}', '');
  }
  return parts.join('\n');
}

function timed<T>(run: () => T, repeat = 5): { ms: number; value: T } {
  let value = run();
  const started = performance.now();
  for (let i = 0; i < repeat; i++) value = run();
  return { ms: (performance.now() - started) / repeat, value };
}

export default async function run(): Promise<void> {
  for (const lines of [2_000, 20_000, 200_000]) {
    const text = sourceFile(Math.round(lines / 9));
    const middleLine = Math.floor(text.split('\n').length / 2);
    const line = middleLine - (middleLine % 9) + 4;
    const choose = timed(() => chooseActionRange(text, { start: { line, character: 4 }, end: { line, character: 4 } }));
    const range = choose.value.range;
    const source = { path: 'src/big.ts', languageId: 'typescript', text, range };
    const prompt = timed(() => refactorPrompt(source, 'use reduce', { fileBudgetTokens: 12_000 }), 2);
    const original = text.slice(range.start, range.end);
    const answer = '```ts\n' + original.replace(/^ {2}/gm, '').replace('let total', 'let sum') + '\n```';
    const clean = timed(() => cleanRewrite(answer, { original }));
    const replacement = clean.value.ok ? clean.value.text : original;
    const edited = '// a line added above while the model was answering\n' + text;
    const apply = timed(() => applyRangeRewrite(edited, { text, range }, replacement));
    if (!apply.value.ok) throw new Error(apply.value.error.message);
    console.log(`choose range (indentation, ${lines} lines): ${choose.ms.toFixed(2)} ms`);
    console.log(`build refactor prompt (${lines} lines, 12K-token excerpt): ${prompt.ms.toFixed(1)} ms (tokenizer warm)`);
    console.log(`clean a rewrite (${original.split('\n').length} lines): ${clean.ms.toFixed(3)} ms`);
    if (lines === 20_000) {
      // The preview re-cleans the growing answer (at most every 60 ms): the cost for a long rewrite.
      const long = text.split('\n').slice(0, 2_000).join('\n');
      const cleanLong = timed(() => cleanRewrite('```ts\n' + long + '\n```', { original: long }));
      console.log(`clean a rewrite (2000 lines): ${cleanLong.ms.toFixed(2)} ms`);
    }
    console.log(`apply after an edit above (${lines} lines, ${Math.round(text.length / 1024)} KiB): ${apply.ms.toFixed(2)} ms`);
  }
}
