// Markdown generators for the streaming tests: realistic model output blocks and adversarial fragments.
import fc from 'fast-check';

/** Raw inline HTML, shown as text; unclosed tags on purpose (`<a ...>` and `<code>` once changed what followed). */
const rawInlineHtml = fc.constantFrom(
  '<b>raw</b>', '<img src=x onerror=alert(1)>', '<a href="https://example.com/raw">', '</a>', '<a href="https://example.com">in</a>',
  '<code>', '</code>', '<code>x</code>', '<pre>', '</pre>', '<kbd>Ctrl</kbd>', '<kbd>', '<script>', '</script>', '<br>',
  '<span title="t">', '<!-- c -->', '<em>',
);
const word = fc.constantFrom('alpha', 'beta', 'gamma', 'delta', 'src/a.ts', 'x', '42', 'foo_bar', 'ünï', '&amp;', 'a<b');
const inline = fc.oneof(
  word,
  word.map((w) => `**${w}**`),
  word.map((w) => `*${w}*`),
  word.map((w) => `\`${w}\``),
  word.map((w) => `~~${w}~~`),
  word.map((w) => `[${w}](https://example.com/${w.length})`),
  word.map((w) => `[${w}](javascript:alert(1))`),
  word.map((w) => `![${w}](https://example.com/i.png)`),
  fc.constant('[ref][r1]'),
  // Bare URLs and autolinks: links whatever raw HTML came before them, in this block or an earlier one.
  fc.constantFrom('www.example.com', 'https://example.com/a_b?c=1.', 'me@example.com', '<https://example.com/x>', '<me@example.com>'),
  rawInlineHtml,
  // A lone "<" or "&" that raw HTML before it must not turn into markup.
  fc.constantFrom('1 <2 and 3', 'a &lt; b', 'AT&T', 'x<y'),
);
const line = fc.array(inline, { minLength: 1, maxLength: 8 }).map((parts) => parts.join(' '));

const block = fc.oneof(
  line,
  fc.tuple(fc.integer({ min: 1, max: 4 }), line).map(([n, l]) => `${'#'.repeat(n)} ${l}`),
  fc.tuple(line, fc.constantFrom('===', '---')).map(([l, u]) => `${l}\n${u}`),
  fc.array(line, { minLength: 1, maxLength: 5 }).map((ls) => ls.map((l) => `- ${l}`).join('\n')),
  fc.array(line, { minLength: 1, maxLength: 5 }).map((ls) => ls.map((l, i) => `${i + 1}. ${l}`).join('\n')),
  fc.array(line, { minLength: 2, maxLength: 4 }).map((ls) => ls.map((l, i) => `${i % 2 ? '  ' : ''}- ${l}`).join('\n')),
  fc.array(line, { minLength: 1, maxLength: 3 }).map((ls) => ls.map((l, i) => `- [${i % 2 ? 'x' : ' '}] ${l}`).join('\n\n')),
  fc.tuple(fc.constantFrom('ts', 'python', '', 'ts src/a.ts', 'unknownlang', 'diff'), fc.array(line, { maxLength: 4 }), fc.constantFrom('```', '~~~', '````'))
    .map(([lang, ls, fence]) => `${fence}${lang}\n${ls.join('\n\n')}\n${fence}`),
  fc.array(line, { minLength: 1, maxLength: 3 }).map((ls) => `| a | b |\n|:--|--:|\n${ls.map((l) => `| ${l} | 1 |`).join('\n')}`),
  fc.array(line, { minLength: 1, maxLength: 3 }).map((ls) => ls.map((l) => `> ${l}`).join('\n')),
  fc.constantFrom('---', '***', '<div>\nhello\n</div>', '<script>alert(1)</script>', '    indented code', '[r1]: https://example.com', '2. two', '<!-- note -->'),
  // Raw HTML blocks, some running over blank lines until their end tag, some never closed.
  fc.constantFrom('<pre>\nx <a href="y">\n\nstill pre\n</pre>', '<a href="https://example.com">\n\ntext', '<code>\nunclosed', '<!-- open\n\ncomment -->', '<pre>', '<a href="x">'),
  // A table whose cells hold inline markup, with an escaped pipe and a short row.
  fc.array(line, { minLength: 1, maxLength: 4 }).map((ls) => `| a | b | c |\n|---|:-:|---|\n${ls.map((l, i) => (i % 2 ? `| ${l} \\| x |` : `${l} | y | z`)).join('\n')}`),
  // A list whose items hold a fence, a nested list or a quote.
  fc.tuple(line, line).map(([a, b]) => `1. ${a}\n   \`\`\`ts\n   const x = 1;\n   \`\`\`\n2. ${b}\n   - nested ${a}\n   > quoted`),
);

const separator = fc.constantFrom('\n\n', '\n\n', '\n\n', '\n', '\r\n\r\n', '\n\n\n', '\n  \n');

/** A markdown document of up to `maxBlocks` blocks, sometimes ending inside an unclosed fence. */
function documentOf(maxBlocks: number): fc.Arbitrary<string> {
  return fc
    .tuple(fc.array(fc.tuple(block, separator), { minLength: 1, maxLength: maxBlocks }), fc.constantFrom('', '', '\n', '```ts\nopen(', '- '))
    .map(([blocks, end]) => blocks.map(([b, s]) => b + s).join('') + end);
}

/** A markdown document of several blocks, sometimes ending inside an unclosed fence. */
export const markdownDocument = documentOf(8);

/** A short document (up to 4 blocks), for tests that stream it in every possible way. */
export const shortMarkdownDocument = documentOf(4);

/** Random text over markdown's punctuation: the lexer's corner cases rather than realistic output. */
export const markdownNoise = fc.string({
  unit: fc.constantFrom('a', 'b', ' ', ' ', '\n', '\n', '-', '*', '`', '#', '>', '|', '1', '.', '[', ']', '(', ')', '!', '~', '_', '<', '/', '=', '\t', ':', '\r'),
  maxLength: 120,
});

/** Cuts text at the given fractions into the deltas of a stream. */
export function splitAt(text: string, fractions: number[]): string[] {
  const cuts = [...new Set(fractions.map((f) => Math.floor(f * text.length)))].sort((a, b) => a - b);
  const parts: string[] = [];
  let at = 0;
  for (const cut of cuts) {
    if (cut <= at) continue;
    parts.push(text.slice(at, cut));
    at = cut;
  }
  parts.push(text.slice(at));
  return parts.filter(Boolean);
}
