import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { walkFiles } from '../fileWalk';
import { readTextFile, type FileOnDisk } from '../files/readFile';
import { readSmallTextFile } from '../files/safeOpen';
import type { Diagnostic } from '../workspace';
import { secretFilter, secretGuard, type SecretFilter } from '../trust/secretFiles';
import { changesSource, diagnosticsSource, fileSource, FOLDER_OVER_BUDGET, filesReadEarlier, folderFilesToRead, folderSource, outlineSource, parseMention, selectionSource, symbolSource, withheldSource } from './sources';
import { findDefinition } from './symbols';
import type { ContextSource } from './types';

/** What the terminal host knows about the user's focus. Paths are workspace-relative or absolute inside the workspace. */
export interface FsContextRequest {
  root: string;
  activeFile?: string;
  /** 1-based inclusive lines of `activeFile`. */
  selection?: { startLine: number; endLine: number };
  openFiles?: readonly string[];
  /** Paths, folders, `@changes`, `symbol:Name` (or `#Name`). */
  mentions?: readonly string[];
  exclude?: readonly string[];
  allow?: readonly string[];
  /** Files the model read through tools, with the text it saw. */
  readFiles?: ReadonlyMap<string, string>;
  diagnostics?: readonly Diagnostic[];
  /** Include the workspace outline (default true). */
  outline?: boolean;
  /** The context budget, so a mentioned folder larger than it is not read whole. */
  budgetTokens?: number;
}

/** Files listed in an outline before the walk stops. */
export const OUTLINE_FILE_LIMIT = 20_000;
const FOLDER_FILE_LIMIT = 200;
const MAX_FILE_BYTES = 32 * 1024 * 1024;
// Files of a mentioned folder rank just below files mentioned one by one.
const FOLDER_FILE_PRIORITY = 75;

/** Gathers context sources from the file system for the terminal host, refusing secret and excluded files. */
export async function gatherFsSources(request: FsContextRequest): Promise<ContextSource[]> {
  const root = path.resolve(request.root);
  const filter = secretFilter({ exclude: request.exclude, allow: request.allow });
  const sources: ContextSource[] = [];
  let listing: Promise<WorkspaceFiles> | undefined;
  const files = () => (listing ??= listWorkspaceFiles(root));

  if (request.outline !== false) {
    const { files: all, stoppedAt } = await files();
    sources.push(outlineSource(all, stoppedAt));
  }
  if (request.activeFile) {
    const rel = relativePath(root, request.activeFile);
    const sel = request.selection;
    const active = await readSource(root, rel, filter, (text) => fileSource('active_file', rel!, text, sel ? { focus: sel } : {}), 'active_file');
    sources.push(active);
    if (sel && !active.withheld) sources.push(selectionSource(rel!, linesOf(active.text, sel.startLine, sel.endLine), sel.startLine, sel.endLine));
  }
  for (const open of request.openFiles ?? []) {
    const rel = relativePath(root, open);
    sources.push(await readSource(root, rel, filter, (text) => fileSource('open_file', rel!, text), 'open_file'));
  }
  for (const mention of request.mentions ?? []) sources.push(...(await mentionSources(root, mention, filter, files, request.budgetTokens)));
  if (request.readFiles) {
    const current = new Map<string, string | undefined>();
    for (const p of request.readFiles.keys()) current.set(p, await readChecked(root, p, filter).catch(() => undefined));
    sources.push(...filesReadEarlier(request.readFiles, current));
  }
  const problems = request.diagnostics && diagnosticsSource(request.diagnostics.filter((d) => !filter(d.path)));
  if (problems) sources.push(problems);
  return sources;
}

async function mentionSources(root: string, raw: string, filter: SecretFilter, files: () => Promise<WorkspaceFiles>, budgetTokens?: number): Promise<ContextSource[]> {
  const mention = parseMention(raw);
  if (mention.type === 'changes') return [changesSource(await gitDiff(root), filter)];
  if (mention.type === 'symbol') {
    for (const file of (await files()).files) {
      if (filter(file) || !CODE_FILE.test(file)) continue;
      const text = await readChecked(root, file, filter).catch(() => undefined);
      const found = text === undefined ? undefined : findDefinition(text, mention.name);
      if (found && text !== undefined) return [symbolSource(mention.name, file, linesOf(text, found.startLine, found.endLine), found.startLine, found.endLine)];
    }
    return [{ id: `symbol:${mention.name}`, kind: 'mentioned_symbol', label: mention.name, text: '', withheld: 'no declaration with this name found in the workspace' }];
  }
  const rel = relativePath(root, mention.path);
  if (rel === undefined) return [withheldSource('mentioned_file', mention.path, 'outside the workspace')];
  const stat = await fs.stat(path.join(root, rel)).catch(() => undefined);
  if (stat?.isDirectory()) {
    const inside = (await files()).files.filter((f) => rel === '' || f.startsWith(`${rel}/`));
    const shown = inside.slice(0, FOLDER_FILE_LIMIT);
    const sized = await Promise.all(shown.map(async (p) => ({ path: p, size: (await fs.stat(path.join(root, p)).catch(() => undefined))?.size ?? 0 })));
    const { read, skipped } = folderFilesToRead(sized, budgetTokens);
    const contents = await Promise.all(read.map((file) => readSource(root, file, filter, (text) => fileSource('mentioned_file', file, text, { priority: FOLDER_FILE_PRIORITY }), 'mentioned_file')));
    return [folderSource(rel || '.', shown), ...contents, ...skipped.map((file) => withheldSource('mentioned_file', file, FOLDER_OVER_BUDGET))];
  }
  return [await readSource(root, rel, filter, (text) => fileSource('mentioned_file', rel, text), 'mentioned_file')];
}

// Reads a file as a source unless the filter refuses it or it is not text; the refusal is the source then.
async function readSource(root: string, rel: string | undefined, filter: SecretFilter, make: (text: string) => ContextSource, kind: ContextSource['kind']): Promise<ContextSource> {
  if (rel === undefined) return withheldSource(kind, '(outside)', 'outside the workspace');
  const refused = filter(rel);
  if (refused) return withheldSource(kind, rel, refused);
  try {
    return make(await readChecked(root, rel, filter));
  } catch (err) {
    // The report shows the path beside the reason: say the reason once.
    const message = (err as Error).message;
    return withheldSource(kind, rel, message.startsWith(`${rel} `) ? message.slice(rel.length + 1) : message);
  }
}

/**
 * Reads a workspace file for the context through the same safe opening as the tools: a regular file whose real
 * path is inside the root, refused when the filter refuses its real path, its name or its first bytes.
 */
async function readChecked(root: string, rel: string, filter: SecretFilter): Promise<string> {
  const realRoot = await fs.realpath(root);
  const file: FileOnDisk = { realRoot, absPath: path.join(realRoot, rel), display: rel, toRelative: (abs) => path.relative(realRoot, abs).split(path.sep).join('/') };
  return (await readTextFile(file, secretGuard(filter, rel), MAX_FILE_BYTES)).text;
}

export interface WorkspaceFiles {
  files: string[];
  /** Set when the walk stopped at the limit. */
  stoppedAt?: number;
}

/** Workspace files (relative, `/`-separated, sorted) respecting `.gitignore` files at every level; `.git` and `node_modules` skipped. */
export async function listWorkspaceFiles(root: string, limit = OUTLINE_FILE_LIMIT): Promise<WorkspaceFiles> {
  const { entries, truncated } = await walkFiles(root, '', { recursive: true, limit, includeDirectories: false });
  const files = entries.map((e) => e.path).sort();
  return truncated ? { files, stoppedAt: limit } : { files };
}

/**
 * The uncommitted changes against HEAD (`git diff HEAD`), or why there are none to show. Settings in the repository's
 * own config that would run a command (core.fsmonitor, a textconv or external diff driver, a pager) are switched off:
 * reading the changes must never run anything the repository names.
 */
export async function gitDiff(root: string): Promise<string> {
  const safe = ['-c', 'core.fsmonitor=false', '-c', 'core.pager=cat', '-c', 'diff.external=', '-c', 'core.hooksPath=/dev/null'];
  // Clean filters named in .gitattributes run when git compares the working tree: blank every one it names.
  for (const name of await filterDrivers(root)) safe.push('-c', `filter.${name}.clean=`, '-c', `filter.${name}.process=`, '-c', `filter.${name}.required=false`);
  const run = (args: string[]) =>
    new Promise<string>((resolve, reject) => {
      execFile('git', [...safe, ...args], { cwd: root, maxBuffer: 64 * 1024 * 1024, windowsHide: true, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' } }, (err, stdout) =>
        err ? reject(err) : resolve(stdout),
      );
    });
  const flags = ['--no-color', '--no-ext-diff', '--no-textconv'];
  // A repository without commits has no HEAD: fall back to the index diff.
  return run(['diff', 'HEAD', ...flags]).catch(() => run(['diff', ...flags])).catch(() => '(not a git repository, or git is not installed)\n');
}

async function filterDrivers(root: string): Promise<Set<string>> {
  const names = new Set<string>();
  for (const file of ['.gitattributes', '.git/info/attributes']) {
    const text = (await readSmallTextFile(path.join(root, file))) ?? '';
    for (const m of text.matchAll(/\bfilter=([A-Za-z0-9_.-]+)/g)) names.add(m[1]);
  }
  return names;
}

const CODE_FILE = /\.(?:[cm]?[jt]sx?|py|rs|go|java|kt|cs|rb|php|swift|c|cc|cpp|h|hpp|scala|lua|dart)$/;

function relativePath(root: string, p: string): string | undefined {
  const rel = path.relative(root, path.resolve(root, p)).split(path.sep).join('/');
  return rel === '..' || rel.startsWith('../') || path.isAbsolute(rel) ? undefined : rel;
}

/** Lines `start`..`end` (1-based, inclusive) of a text. */
export function linesOf(text: string, start: number, end: number): string {
  return `${text.split('\n').slice(start - 1, end).join('\n')}\n`;
}
