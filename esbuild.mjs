// Bundles the programs: the extension host (CommonJS, `vscode` external), the terminal host, the search
// worker both hosts start, and the webview (browser IIFE). `--production` minifies and drops sourcemaps; `--watch` rebuilds.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
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

// The o200k_base tables are 2.7 MB of JavaScript: bundled inline, Node would parse them on every start of
// the extension host and the CLI. They go to dist/tokenizer.js instead, loaded on the first token count by a
// small loader: from tokenizer.js where it exists (development, the CLI), else from tokenizer.js.br, the
// Brotli-compressed copy the .vsix ships (0.8 MB against 1.06 MB deflated in the zip; 25 ms to decompress once).
const TOKENIZER = /^gpt-tokenizer\/encoding\/o200k_base$/;
const TOKENIZER_LOADER = `
const fs = require('node:fs');
const path = require('node:path');
const plain = path.join(__dirname, 'tokenizer.js');
if (fs.existsSync(plain)) {
  module.exports = require(plain);
} else {
  const source = require('node:zlib').brotliDecompressSync(fs.readFileSync(plain + '.br')).toString('utf8');
  const loaded = { exports: {} };
  require('node:vm').runInThisContext('(function (exports, require, module, __filename, __dirname) {' + source + '\\n})', { filename: plain })(loaded.exports, require, loaded, plain, __dirname);
  module.exports = loaded.exports;
}
`;
const tokenizerOutOfLine = {
  name: 'tokenizer-out-of-line',
  setup(build) {
    build.onResolve({ filter: TOKENIZER }, () => ({ path: 'o200k-loader', namespace: 'tokenizer-loader' }));
    build.onLoad({ filter: /.*/, namespace: 'tokenizer-loader' }, () => ({ contents: TOKENIZER_LOADER, loader: 'js', resolveDir: '.' }));
  },
};

// The MCP SDK (with zod and ajv) is needed only once a server is configured: it goes to dist/mcp-sdk.js, required
// when the first server starts, so activation and `mini-coder --version` do not parse it.
const MCP_SDK = /^\.\/sdk$/;
const mcpSdkOutOfLine = {
  name: 'mcp-sdk-out-of-line',
  setup(build) {
    build.onResolve({ filter: MCP_SDK }, (args) => (/[\\/]core[\\/]mcp[\\/][^\\/]+\.ts$/.test(args.importer) ? { path: './mcp-sdk.js', external: true } : undefined));
  },
};

// jsonc-parser's `main` is a UMD build whose inner requires esbuild cannot follow; its ES module build bundles.
const alias = { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' };

// The SDK's default output-schema validator is ajv (130 KB with its helpers); Mini Coder passes its own
// (src/core/mcp/outputValidator.ts), so the module that builds ajv is replaced by one that cannot be used by mistake.
const withoutAjv = {
  name: 'mcp-sdk-without-ajv',
  setup(build) {
    build.onResolve({ filter: /validation\/ajv-provider\.js$/ }, () => ({ path: 'ajv-provider', namespace: 'no-ajv' }));
    build.onLoad({ filter: /.*/, namespace: 'no-ajv' }, () => ({
      contents: "export class AjvJsonSchemaValidator { constructor() { throw new Error('ajv is not bundled; pass a jsonSchemaValidator'); } }",
      loader: 'js',
    }));
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
    alias,
    plugins: [tokenizerOutOfLine, mcpSdkOutOfLine],
  },
  {
    ...common,
    entryPoints: ['src/cli.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    alias,
    plugins: [tokenizerOutOfLine, mcpSdkOutOfLine],
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
    entryPoints: ['src/core/mcp/sdk.ts'],
    outfile: 'dist/mcp-sdk.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [withoutAjv],
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
  if (production) compressTokenizer();
}

/** dist/tokenizer.js.br for the .vsix, rebuilt only when the tables changed (Brotli at its best level takes ~10 s). */
function compressTokenizer() {
  const source = fs.readFileSync('dist/tokenizer.js');
  const hash = createHash('sha256').update(source).digest('hex');
  const stamp = 'dist/tokenizer.js.br.sha256';
  if (fs.existsSync('dist/tokenizer.js.br') && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === hash) return;
  const { constants } = zlib;
  const packed = zlib.brotliCompressSync(source, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: source.length },
  });
  fs.writeFileSync('dist/tokenizer.js.br', packed);
  fs.writeFileSync(stamp, hash);
}
