// Bundles the programs: the extension host (CommonJS, `vscode` external), the terminal host, the search
// worker both hosts start, and the webview (browser IIFE). `--production` minifies and drops sourcemaps; `--watch` rebuilds.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  legalComments: 'none',
};

// The o200k_base tables are 2.4 MB of JavaScript: bundled inline, Node would parse them on every start of
// the extension host and the CLI. They go to dist/tokenizer.js instead, required on the first token count.
const TOKENIZER = /^gpt-tokenizer\/encoding\/o200k_base$/;
const tokenizerOutOfLine = {
  name: 'tokenizer-out-of-line',
  setup(build) {
    build.onResolve({ filter: TOKENIZER }, () => ({ path: './tokenizer.js', external: true }));
  },
};

const builds = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [tokenizerOutOfLine],
  },
  {
    ...common,
    entryPoints: ['src/cli.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [tokenizerOutOfLine],
  },
  {
    // The search worker (src/core/search): its own bundle beside cli.js and extension.js, loaded in a worker
    // thread per search, so re2js is parsed only when a search runs, never on the host's start-up path.
    ...common,
    entryPoints: ['src/core/search/searchWorker.ts'],
    outfile: 'dist/searchWorker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    ...common,
    stdin: { contents: "module.exports = require('gpt-tokenizer/encoding/o200k_base');", resolveDir: '.', loader: 'js' },
    outfile: 'dist/tokenizer.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    ...common,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];

if (watch) {
  for (const options of builds) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  }
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
