// What may and may not go into the .vsix, checked after every `npm run package` so a loosened
// .vscodeignore fails loudly instead of shipping sources, maps or a node_modules tree.

const forbidden: Array<[RegExp, string]> = [
  [/\.map$/, 'source map'],
  [/(^|\/)(src|test|bench|scripts|out|\.ci|\.e2e|test-results)\//, 'sources, tests or build leftovers'],
  [/\.tsx?$/, 'TypeScript source'],
  [/^node_modules\/(?!@vscode\/codicons\/dist\/codicon\.(css|ttf)$)/, 'a dependency the bundle already contains'],
  [/\.vsix$/, 'a packaged extension'],
  [/(^|\/)\.env/, 'an environment file'],
];

// The search worker is a bundle of its own, loaded from beside dist/extension.js: without it search_text fails.
const required = ['package.json', 'dist/extension.js', 'dist/searchWorker.js'];

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
