// What may and may not go into the .vsix, checked after every `npm run package` so a loosened
// .vscodeignore fails loudly instead of shipping sources, maps or a node_modules tree.

const forbidden: Array<[RegExp, string]> = [
  [/\.map$/, 'source map'],
  [/(^|\/)(src|test|bench|scripts|out|\.ci|\.e2e|test-results)\//, 'sources, tests or build leftovers'],
  [/\.tsx?$/, 'TypeScript source'],
  [/^node_modules\/(?!@vscode\/codicons\/dist\/codicon\.(css|ttf)$)/, 'a dependency the bundle already contains'],
  [/\.vsix$/, 'a packaged extension'],
  [/(^|\/)\.env/, 'an environment file'],
  [/^dist\/tokenizer\.js$/, 'the uncompressed tokenizer (dist/tokenizer.js.br is the one that ships)'],
  [/\.sha256$/, 'a build stamp'],
];

// The search worker is a bundle of its own, loaded from beside dist/extension.js: without it search_text fails.
// So are the tokenizer's tables (compressed): without them no token can be counted.
const required = ['package.json', 'dist/extension.js', 'dist/searchWorker.js', 'dist/tokenizer.js.br'];

/** Lists a reason for every file that must not ship, and every required file that is missing. */
export function packageProblems(files: readonly string[]): string[] {
  const problems: string[] = [];
  for (const file of files) {
    const rule = forbidden.find(([pattern]) => pattern.test(file));
    if (rule) problems.push(`${file}: ${rule[1]} must not be in the package`);
  }
  for (const file of required) if (!files.includes(file)) problems.push(`${file} is missing from the package`);
  return problems;
}
