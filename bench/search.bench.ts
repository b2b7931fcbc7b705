/**
 * search_text over a 100,000-file tree (generated in a temp folder: 1,000 folders of 100 small TypeScript-like
 * files, a .gitignore in each top folder): time and peak memory of the process that searches (each search in a
 * process of its own), and what starting the search worker costs (it is started per search).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';

const FOLDERS = 1000;
const FILES_PER_FOLDER = 100;

function fileText(n: number): string {
  const name = `item${n}`;
  return [
    `import { load } from '../shared/load${n % 97}';`,
    '',
    `export interface ${name[0].toUpperCase()}${name.slice(1)}Options { retries: number; label: string }`,
    '',
    `export function handle${n}(options: { retries: number }): number {`,
    `  const total = load('${name}').reduce((sum, x) => sum + x, 0);`,
    `  return options.retries > ${n % 7} ? total : -1;`,
    '}',
    n % 25_000 === 0 ? `// TODO(needle): revisit ${name}` : `// ${name} ends here`,
    '',
  ].join('\n');
}

function generateTree(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'mc-bench-search-'));
  for (let f = 0; f < FOLDERS; f++) {
    const top = path.join(root, `pkg${Math.floor(f / 50)}`);
    const dir = path.join(top, `mod${f}`);
    mkdirSync(dir, { recursive: true });
    if (f % 50 === 0) writeFileSync(path.join(top, '.gitignore'), 'dist/\n*.gen.ts\n');
    for (let i = 0; i < FILES_PER_FOLDER; i++) {
      const n = f * FILES_PER_FOLDER + i;
      writeFileSync(path.join(dir, `file${i}.ts`), fileText(n));
    }
  }
  return root;
}

export default async function run(): Promise<void> {
  const dist = path.resolve(__dirname, '..', 'dist', 'searchWorker.js');
  const child = path.join(os.tmpdir(), `mc-bench-search-child-${process.pid}.js`);
  buildSync({ entryPoints: [path.join(__dirname, 'search', 'searchChild.ts')], outfile: child, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' });
  const started = Date.now();
  const root = generateTree();
  console.log(`tree: ${(FOLDERS * FILES_PER_FOLDER).toLocaleString('en-US')} files in ${FOLDERS} folders, written in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const empty = mkdtempSync(path.join(os.tmpdir(), 'mc-bench-empty-'));
  try {
    const search = (folder: string, query: string, mode: 'literal' | 'regex') => {
      const out = execFileSync(process.execPath, [child, folder, dist, query, mode], { encoding: 'utf8', maxBuffer: 1 << 20 });
      return JSON.parse(out) as { ms: number; filesSearched: number; matches: number; stopped?: string; beforeMb: number; peakMb: number };
    };
    search(root, 'warm-up', 'literal'); // the page cache and the worker's first start
    // A rare literal and a rare regex read every file; the catastrophic regex matches most lines (it stops at 200).
    for (const [query, mode] of [
      ['needle', 'literal'],
      ['function\\s+handle\\d*7777\\(', 'regex'],
      ['(\\w+\\s?)+;$', 'regex'],
    ] as const) {
      const r = search(root, query, mode);
      console.log(
        `search ${mode} ${JSON.stringify(query)}: ${(r.ms / 1000).toFixed(2)} s for ${r.filesSearched.toLocaleString('en-US')} files ` +
          `(${Math.round(r.filesSearched / (r.ms / 1000)).toLocaleString('en-US')} files/s), ${r.matches} matches${r.stopped ? `, stopped: ${r.stopped}` : ''}; ` +
          `process RSS ${r.beforeMb.toFixed(0)} MB before, peak ${r.peakMb.toFixed(0)} MB`,
      );
    }
    // ripgrep (VS Code's own search engine, when installed) over the same tree: the ratio survives a busy machine.
    try {
      const rgStarted = process.hrtime.bigint();
      execFileSync('rg', ['--count', '--no-messages', 'needle', root], { encoding: 'utf8', maxBuffer: 1 << 24 });
      const rgMs = Number(process.hrtime.bigint() - rgStarted) / 1e6;
      const ours = search(root, 'needle', 'literal').ms;
      console.log(`ripgrep, same literal search: ${(rgMs / 1000).toFixed(2)} s; ours ${(ours / 1000).toFixed(2)} s = ${(ours / rgMs).toFixed(1)}× ripgrep`);
    } catch (err) {
      console.log(`ripgrep comparison skipped: ${(err as Error).message.split('\n')[0]}`);
    }
    // What each search pays to start its worker (none is kept warm): an empty folder, searched ten times.
    const starts = Array.from({ length: 10 }, () => search(empty, 'x', 'literal').ms).sort((a, b) => a - b);
    console.log(`search worker start + empty search: median ${starts[5].toFixed(0)} ms (min ${starts[0].toFixed(0)} ms)`);
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(empty, { recursive: true, force: true });
    rmSync(child, { force: true });
  }
}
