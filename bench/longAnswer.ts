// A long, deterministic model-style answer for the renderer bench: headings, paragraphs with inline
// markup, lists, tables and fenced code in TypeScript and Python, in the proportions of a coding answer.

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const words = ('the function returns a promise that resolves when every file in the workspace has been read and ' +
  'its text normalized so later edits apply cleanly even when the document changed on disk meanwhile').split(' ');
const identifiers = ['readFile', 'applyPatch', 'ContextBudget', 'workspace', 'signal', 'tokens', 'history', 'editor'];

/** Markdown of at least `targetChars` characters, the same for the same seed. */
export function longAnswer(targetChars: number, seed = 7): string {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const sentence = (): string => {
    const parts: string[] = [];
    const length = 8 + Math.floor(next() * 14);
    for (let i = 0; i < length; i++) {
      const roll = next();
      const w = pick(words);
      parts.push(roll < 0.05 ? `\`${pick(identifiers)}()\`` : roll < 0.08 ? `**${w}**` : roll < 0.1 ? `*${w}*` : roll < 0.11 ? `[${w}](https://example.com/${w})` : w);
    }
    const text = parts.join(' ');
    return text[0].toUpperCase() + text.slice(1) + '.';
  };
  const paragraph = () => Array.from({ length: 2 + Math.floor(next() * 4) }, sentence).join(' ');
  const list = () => Array.from({ length: 3 + Math.floor(next() * 5) }, (_, i) => (next() < 0.5 ? `${i + 1}. ` : '- ') + sentence()).join('\n');
  const table = () => ['| Name | Kind | Notes |', '|---|---|---|', ...Array.from({ length: 3 + Math.floor(next() * 4) }, () => `| \`${pick(identifiers)}\` | ${pick(words)} | ${sentence()} |`)].join('\n');
  const tsCode = () => {
    const lines = [`export async function ${pick(identifiers)}(input: string, options: { limit?: number } = {}): Promise<string[]> {`];
    for (let i = 0; i < 8 + Math.floor(next() * 25); i++) {
      lines.push(next() < 0.2 ? '' : `  const ${pick(identifiers)}${i} = await ${pick(identifiers)}(input, ${i}); // ${pick(words)} ${pick(words)}`);
    }
    lines.push('  return [input];', '}');
    return '```ts\n' + lines.join('\n') + '\n```';
  };
  const pyCode = () => {
    const lines = [`def ${pick(identifiers).toLowerCase()}(path: str, limit: int = 10) -> list[str]:`];
    for (let i = 0; i < 6 + Math.floor(next() * 20); i++) lines.push(`    value_${i} = "${pick(words)}" if limit > ${i} else None  # ${pick(words)}`);
    lines.push('    return []');
    return '```python\n' + lines.join('\n') + '\n```';
  };
  const blocks: string[] = [];
  let size = 0;
  while (size < targetChars) {
    const roll = next();
    const block = roll < 0.08 ? `## ${sentence().slice(0, 40)}` : roll < 0.45 ? paragraph() : roll < 0.62 ? list() : roll < 0.67 ? table() : roll < 0.72 ? `> ${sentence()}` : roll < 0.88 ? tsCode() : pyCode();
    blocks.push(block);
    size += block.length + 2;
  }
  return blocks.join('\n\n') + '\n';
}
