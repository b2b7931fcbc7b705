// The terminal host's search (FsWorkspace.search → a worker thread) against hostile workspaces: catastrophic
// regexes and globs, FIFOs, links to devices, huge lines, too many files, secrets, and Stop in the middle.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { FsWorkspace } from '../../../src/core/fsWorkspace';
import { describeOutcome } from '../../../src/core/search/describeOutcome';
import { MAX_SEARCH_FILE_BYTES } from '../../../src/core/search/searchFiles';
import type { SearchOutcome } from '../../../src/core/workspace';
import { searchWorkerScript } from '../../support/searchWorker';
import { writeTempTree } from '../../support/tempTree';

/** A regex RE2 runs in linear time but with a huge constant: minutes on this file, so only Stop or the time limit end it. */
const SLOW_REGEX = '(\\w+\\s?){1000}[0-9]';
const SLOW_TEXT = `${'abcdefghij '.repeat(20_000)}\n`;

/** Threads of this process, from the kernel: a worker thread is one of them. */
const threads = () => readdirSync('/proc/self/task').length;

describe('searching the workspace in a worker thread', function () {
  this.timeout(30_000);
  let root: string;
  let ws: FsWorkspace;
  beforeEach(async () => {
    root = await writeTempTree({ 'src/a.ts': 'const needle = 1;\n', 'src/b.ts': 'nothing here\n' }, 'mc-search-');
    ws = new FsWorkspace(root, { searchWorker: searchWorkerScript() });
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  const write = (rel: string, text: string | Buffer) => fs.mkdir(path.dirname(path.join(root, rel)), { recursive: true }).then(() => fs.writeFile(path.join(root, rel), text));

  it('finds matches of a catastrophic regex on a one-line file', async () => {
    await write('one-line.js', `${'token '.repeat(50_000)};`);
    await write('no-semicolon.js', 'token '.repeat(50_000));
    const outcome = await ws.search({ query: '(\\w+\\s?)+;$', isRegex: true });
    assert.deepEqual(outcome.matches.map((m) => [m.path, m.line]), [['one-line.js', 1], ['src/a.ts', 1]]);
    assert.ok(outcome.matches[0].text.length < 400, 'the 300 KB line comes back cut around the match');
    assert.equal(outcome.stopped, undefined);
  });

  it('answers for an include glob that would make a backtracking RegExp run for ever', async () => {
    await write(`${'a'.repeat(200)}.txt`, 'needle\n');
    await write(`${'a'.repeat(200)}b`, 'needle\n');
    const outcome = await ws.search({ query: 'needle', include: `${'*a'.repeat(12)}*b` });
    assert.deepEqual(outcome.matches.map((m) => m.path), [`${'a'.repeat(200)}b`]);
  });

  it('skips a FIFO without waiting for a writer, and counts it', async () => {
    execFileSync('mkfifo', [path.join(root, 'src', 'pipe.ts')]);
    const outcome = await ws.search({ query: 'needle' });
    assert.deepEqual(outcome.matches.map((m) => m.path), ['src/a.ts']);
    assert.equal(outcome.skipped.special, 1);
  });

  it('never follows a link, neither to /dev/zero nor to a secret', async () => {
    await write('.env', 'API_TOKEN=needle-secret-value\n');
    await fs.symlink('/dev/zero', path.join(root, 'zero.txt'));
    await fs.symlink('.env', path.join(root, 'notes.txt'));
    const outcome = await ws.search({ query: 'needle' });
    assert.deepEqual(outcome.matches.map((m) => m.path), ['src/a.ts']);
    assert.equal(outcome.skipped.links, 2);
    assert.equal(outcome.skipped.secret, 1);
    assert.ok(!JSON.stringify(outcome).includes('needle-secret-value'));
  });

  it('skips a 5 MB one-line file as too large and says so', async () => {
    await write('huge.min.js', `${'x'.repeat(5 * 1024 * 1024)}needle`);
    const outcome = await ws.search({ query: 'needle' });
    assert.deepEqual(outcome.matches.map((m) => m.path), ['src/a.ts']);
    assert.equal(outcome.skipped.large, 1);
    assert.match(describeOutcome(outcome, MAX_SEARCH_FILE_BYTES), /1 file larger than 1\.0 MB/);
  });

  it('stops at the file limit and says so instead of "No matches."', async () => {
    for (let i = 0; i < 30; i++) await write(`many/f${String(i).padStart(2, '0')}.txt`, 'hay\n');
    const outcome = await ws.search({ query: 'needle', include: 'many/*', maxFiles: 20 });
    assert.equal(outcome.filesSearched, 20);
    assert.deepEqual(outcome.stopped, { reason: 'max_files', detail: 'it reached the limit of 20 files searched' });
    const said = describeOutcome(outcome, MAX_SEARCH_FILE_BYTES);
    assert.match(said, /^No matches in the 20 files searched before the search stopped early because it reached the limit of 20 files searched\./);
  });

  it('stops at the match limit', async () => {
    await write('many.txt', 'needle\n'.repeat(50));
    const outcome = await ws.search({ query: 'needle', maxResults: 5 });
    assert.equal(outcome.matches.length, 5);
    assert.equal(outcome.stopped?.reason, 'max_results');
  });

  it('ends the worker when the user stops, keeping nothing running', async () => {
    await write('slow.txt', SLOW_TEXT);
    await ws.search({ query: 'warm-up' }); // the thread pool a first search starts stays: count from here
    const before = threads();
    const controller = new AbortController();
    const search = ws.search({ query: SLOW_REGEX, isRegex: true }, { signal: controller.signal });
    while (threads() === before) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 300)); // well inside the match that takes minutes
    const stoppedAt = Date.now();
    controller.abort();
    const outcome = await search;
    // Not a benchmark: the search would run for minutes, so ending within seconds shows Stop ended it.
    assert.ok(Date.now() - stoppedAt < 5000, `settled ${Date.now() - stoppedAt} ms after Stop`);
    assert.deepEqual(outcome.stopped, { reason: 'cancelled', detail: 'it was stopped' });
    assert.equal(threads(), before, 'the worker thread is gone when the search settles');
  });

  it('ends a search that outlives its time limit and keeps what it found', async () => {
    await write('a-quick.txt', 'quick match\n'); // searched first (name order), matches at once
    await write('slow.txt', SLOW_TEXT);
    await ws.search({ query: 'warm-up' });
    const before = threads();
    const outcome = await ws.search({ query: `quick match|${SLOW_REGEX}`, isRegex: true, timeLimitMs: 1500 });
    assert.deepEqual(outcome.stopped, { reason: 'time_limit', detail: 'its time limit (1.5 s) passed' });
    assert.deepEqual(outcome.matches.map((m) => m.path), ['a-quick.txt']);
    assert.match(describeOutcome(outcome, MAX_SEARCH_FILE_BYTES), /^a-quick\.txt:1: .*\n1 match in the 1 file searched before the search stopped early because its time limit \(1\.5 s\) passed\./);
    assert.equal(threads(), before, 'no worker thread left');
  });

  it('skips and counts secret files as the trust policy judges them, by name and by content', async () => {
    await write('.env', 'needle=1\n');
    await write('deploy/id_rsa', 'needle\n');
    await write('with-token/.npmrc', '//registry.npmjs.org/:_authToken=needle\n');
    await write('plain/.npmrc', 'registry=https://needle.example/\n');
    await write('docs/notes.md', '-----BEGIN OPENSSH PRIVATE KEY-----\nneedle\n');
    const outcome = await ws.search({ query: 'needle' });
    assert.deepEqual(outcome.matches.map((m) => m.path).sort(), ['plain/.npmrc', 'src/a.ts']);
    assert.equal(outcome.skipped.secret, 4);
    const said = describeOutcome(outcome, MAX_SEARCH_FILE_BYTES);
    assert.match(said, /4 secret files .*the user can allow/);
    for (const name of ['id_rsa', 'with-token', 'notes.md']) assert.ok(!said.includes(name), `secret files are counted, not named: ${said}`);
  });

  it("searches what the user allowed, and leaves out what the user's own rules exclude", async () => {
    await write('.env', 'needle=1\n');
    await write('dump.sql', 'needle\n');
    await write('deploy/id_rsa', 'needle\n');
    const outcome = await ws.search({ query: 'needle', readRules: { excludeRead: ['*.sql'], allowRead: ['.env'], allowedFiles: ['deploy/id_rsa'] } });
    assert.deepEqual(outcome.matches.map((m) => m.path).sort(), ['.env', 'deploy/id_rsa', 'src/a.ts']);
    assert.equal(outcome.skipped.secret, 1);
  });

  it('leaves out what .gitignore ignores and node_modules', async () => {
    await write('.gitignore', 'build/\n');
    await write('build/out.js', 'needle\n');
    await write('node_modules/x/index.js', 'needle\n');
    const outcome = await ws.search({ query: 'needle' });
    assert.deepEqual(outcome.matches.map((m) => m.path), ['src/a.ts']);
  });

  it('refuses lookaround with a tool error naming it, and a broken regex with RE2’s reason', async () => {
    await assert.rejects(ws.search({ query: 'needle(?=\\s)', isRegex: true }), (err: Error & { kind?: string }) => err.kind === 'tool' && /lookahead/.test(err.message));
    await assert.rejects(ws.search({ query: '[a-', isRegex: true }), /Invalid regular expression \(RE2 syntax\): missing closing \]/);
  });

  it('says how many files it searched when nothing matches', async () => {
    const outcome: SearchOutcome = await ws.search({ query: 'absent' });
    assert.equal(describeOutcome(outcome, MAX_SEARCH_FILE_BYTES), 'No matches in 2 files searched.');
  });
});
