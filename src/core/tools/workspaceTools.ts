import { computePatch, changeDiff } from '../edits';
import { MiniCoderError } from '../errors';
import { pageLines } from '../files/pageLines';
import { describeOutcome } from '../search/describeOutcome';
import { searchReadRules } from '../search/readRules';
import { DEFAULT_MAX_FILES, DEFAULT_MAX_RESULTS, DEFAULT_TIME_LIMIT_MS, MAX_SEARCH_FILE_BYTES } from '../search/searchFiles';
import { judgeEdit } from '../trust/policy';
import type { FileChange, Page, ReadGuard } from '../workspace';
import type { Tool, ToolContext, ToolResult } from './tool';

/** Lines returned by one read_file call before the model is asked to page. */
export const READ_PAGE_LINES = 2000;
/** Characters of file text in one read_file answer, however the lines fall (a 5 MB one-line file is paged too). */
export const READ_PAGE_CHARS = 200_000;
/** Files up to this size are read whole (and remembered for the context); larger ones are paged from disk. */
const WHOLE_READ_BYTES = 1024 * 1024;

const readFile: Tool = {
  name: 'read_file',
  description:
    'Read a text file of the workspace. Returns numbered lines ("12| text"). Large files are paged: ask for start_line/end_line to read further; a line longer than a page is continued with start_char.',
  parameters: {
    type: 'object',
    properties: {
      path: { type: 'string', description: 'Workspace-relative path of the file.' },
      start_line: { type: 'integer', minimum: 1, description: 'First line to read (1-based).' },
      end_line: { type: 'integer', minimum: 1, description: 'Last line to read (inclusive).' },
      start_char: { type: 'integer', minimum: 0, description: 'Character offset inside start_line to continue a very long line from (given by the previous answer).' },
    },
    required: ['path'],
    additionalProperties: false,
  },
  readOnly: true,
  async run(args, { workspace, readFiles, trust, signal }) {
    const path = String(args.path);
    const request = {
      startLine: Number(args.start_line ?? 1),
      ...(args.end_line !== undefined ? { endLine: Number(args.end_line) } : {}),
      startChar: Number(args.start_char ?? 0),
      maxLines: READ_PAGE_LINES,
      maxChars: READ_PAGE_CHARS,
    };
    const guard = readGuard(path, trust, signal);
    const stat = await workspace.stat(path);
    let page: Page;
    if (stat?.type === 'file' && stat.size <= WHOLE_READ_BYTES) {
      const text = await workspace.readText(path, guard);
      readFiles?.set(path, text);
      page = await pageLines([text], request);
    } else {
      page = await workspace.readPage(path, request, guard);
    }
    if (request.startLine > page.totalLines && page.totalLines > 0) {
      return error(`${path} has ${page.totalLines} lines; start_line ${request.startLine} is past the end.`);
    }
    return { output: formatPage(path, page, request.startLine), detail: { path, start: page.lines[0]?.line ?? request.startLine, end: page.lines[page.lines.length - 1]?.line ?? request.startLine, totalLines: page.totalLines } };
  },
};

/** The trust policy's check for one file the model asked to see (its real path and first bytes, before any content leaves). */
function readGuard(path: string, trust: ToolContext['trust'], signal?: AbortSignal): ReadGuard {
  return (file) => trust.read({ path, realPath: file.realPath }, file.head, signal);
}

/** A page as the model reads it: a header with the range and how to go on, numbered lines, cut lines marked. */
function formatPage(path: string, page: Page, startLine: number): string {
  const out: string[] = [];
  for (const l of page.lines) {
    const text = l.line === 1 && l.fromChar === 0 ? l.text.replace(/^\uFEFF/, '') : l.text;
    out.push(`${l.line}| ${text}`);
    if (l.lineLength !== undefined) {
      const to = l.fromChar + l.text.length;
      const rest = to < l.lineLength ? `; call again with start_line=${l.line} and start_char=${to} to read on` : '';
      out.push(`[line ${l.line} is ${l.lineLength.toLocaleString('en-US')} characters long: characters ${l.fromChar.toLocaleString('en-US')}-${to.toLocaleString('en-US')} shown${rest}]`);
    }
  }
  const first = page.lines[0]?.line ?? startLine;
  const last = page.lines[page.lines.length - 1]?.line ?? first;
  const whole = first === 1 && !page.next && (page.lines[0]?.fromChar ?? 0) === 0;
  const next = page.next ? ` (call again with start_line=${page.next.line}${page.next.char > 0 ? ` and start_char=${page.next.char}` : ''} to read on)` : '';
  const header = whole ? `${path}: ${page.totalLines} lines` : `${path}: lines ${first}-${last} of ${page.totalLines}${next}`;
  return `${header}\n${out.join('\n')}`;
}

const listFiles: Tool = {
  name: 'list_files',
  description: 'List files and folders of the workspace (folders end with "/"). Files ignored by .gitignore are left out.',
  parameters: {
    type: 'object',
    properties: {
      path: { type: 'string', description: 'Folder to list, workspace-relative. Default: the workspace root.' },
      recursive: { type: 'boolean', description: 'List everything below the folder. Default: false.' },
    },
    additionalProperties: false,
  },
  readOnly: true,
  async run(args, { workspace }) {
    const limit = 1000;
    const entries = await workspace.list(String(args.path ?? ''), { recursive: Boolean(args.recursive), limit: limit + 1 });
    const shown = entries.slice(0, limit).map((e) => (e.type === 'directory' ? `${e.path}/` : e.path));
    const more = entries.length > limit ? `\n… more entries left out; list a subfolder.` : '';
    return { output: (shown.join('\n') || '(empty folder)') + more, detail: { count: shown.length } };
  },
};

const searchText: Tool = {
  name: 'search_text',
  description:
    'Search the text of workspace files (files .gitignore ignores, secret files, binary files and files over 1 MB are left out). Returns "path:line: text" for each matching line, then how many files were searched, what was skipped, and whether the search stopped early (after 200 matches, 50,000 files or 30 seconds).',
  parameters: {
    type: 'object',
    properties: {
      query: { type: 'string', description: 'Text to find (case-insensitive), or a regular expression when is_regex is true.' },
      is_regex: {
        type: 'boolean',
        description: 'Treat query as a regular expression in RE2 syntax: like JavaScript\'s, but without lookahead, lookbehind or backreferences; (?i) makes it case-insensitive.',
      },
      include: { type: 'string', description: 'Only files matching this glob, e.g. "src/**/*.ts" ("*.ts" matches at any depth).' },
    },
    required: ['query'],
    additionalProperties: false,
  },
  readOnly: true,
  async run(args, { workspace, signal, trust }) {
    const outcome = await workspace.search(
      {
        query: String(args.query),
        isRegex: Boolean(args.is_regex),
        include: args.include === undefined ? undefined : String(args.include),
        maxResults: DEFAULT_MAX_RESULTS,
        maxFiles: DEFAULT_MAX_FILES,
        timeLimitMs: DEFAULT_TIME_LIMIT_MS,
        readRules: searchReadRules(trust),
      },
      { signal },
    );
    const { matches, filesSearched, skipped, stopped } = outcome;
    return { output: describeOutcome(outcome, MAX_SEARCH_FILE_BYTES), detail: { count: matches.length, filesSearched, skipped, stopped } };
  },
};

const applyPatch: Tool = {
  name: 'apply_patch',
  description: [
    'Edit files. Send a patch in the "*** Begin Patch" format:',
    '*** Begin Patch',
    '*** Update File: path/to/file.ts',
    '@@ function or class the change is in',
    ' context line (unchanged, starts with a space)',
    '-removed line',
    '+added line',
    '*** End Patch',
    'Use "*** Add File: path" (every line starting with +) to create, "*** Delete File: path" to delete,',
    '"*** Move to: new/path" after an Update File line to rename. Give 3 lines of context around each change.',
    'A standard unified diff is accepted too. The user may review and reject the edit.',
  ].join('\n'),
  parameters: {
    type: 'object',
    properties: { patch: { type: 'string', description: 'The patch text.' } },
    required: ['patch'],
    additionalProperties: false,
  },
  readOnly: false,
  async run(args, context) {
    const result = await computePatch(String(args.patch), (path) => readIfPresent(context, path), {
      // Sections naming one file through `..` or a link are applied one after the other on the same text.
      canonicalPath: (path) => context.workspace.realPath(path),
      // A refusal quotes the closest text only from files the model may see without asking.
      mayQuote: (realPath) => context.trust.skipReason(realPath) === undefined,
    });
    if (!result.ok) return error(`The patch was not applied; no file was changed. ${result.error}`);
    if (result.changes.length === 0) return error('The patch changes nothing; no file was changed. Send hunks that add or remove lines.');
    return reviewAndApply(result.changes, result.summary, context, result.tolerances);
  },
};

const writeFile: Tool = {
  name: 'write_file',
  description: 'Create a new file with the given content. Refused when the file exists: change existing files with apply_patch.',
  parameters: {
    type: 'object',
    properties: {
      path: { type: 'string', description: 'Workspace-relative path of the new file.' },
      content: { type: 'string', description: 'The whole content of the file.' },
    },
    required: ['path', 'content'],
    additionalProperties: false,
  },
  readOnly: false,
  async run(args, context) {
    const path = String(args.path);
    const existing = await context.workspace.stat(path);
    if (existing) return error(`${path} already exists; change it with apply_patch.`);
    return reviewAndApply([{ kind: 'add', path, newText: String(args.content) }], `Create ${path}`, context, []);
  },
};

const getDiagnostics: Tool = {
  name: 'get_diagnostics',
  description: 'Errors and warnings the editor reports (compiler, linter), for one file or the whole workspace.',
  parameters: {
    type: 'object',
    properties: { path: { type: 'string', description: 'Workspace-relative file path. Omit for all files.' } },
    additionalProperties: false,
  },
  readOnly: true,
  async run(args, { workspace, trust }) {
    if (!workspace.diagnostics) return { output: 'No diagnostics are available in this host.' };
    const all = await workspace.diagnostics(args.path === undefined ? undefined : String(args.path));
    // A linter's message can quote the line it is about: problems in secret files stay home too.
    const list = all.filter((d) => trust.skipReason(d.path) === undefined);
    const withheld = all.length - list.length;
    const note = withheld > 0 ? `\n(${withheld} problem${withheld === 1 ? '' : 's'} in files that look secret left out)` : '';
    if (list.length === 0) return { output: `No problems reported.${note}`, detail: { count: 0 } };
    const lines = list.map(
      (d) => `${d.path}:${d.line}:${d.column}: ${d.severity}: ${d.message}${d.source ? ` [${d.source}${d.code ? ` ${d.code}` : ''}]` : ''}`,
    );
    return { output: lines.join('\n') + note, detail: { count: list.length } };
  },
};

/** The tools every host offers the model. */
export function workspaceTools(): Tool[] {
  return [readFile, listFiles, searchText, applyPatch, writeFile, getDiagnostics];
}

async function reviewAndApply(changes: FileChange[], summary: string, context: ToolContext, tolerances: string[]): Promise<ToolResult> {
  const detail = { changes: changes.map((c) => ({ ...c, diff: changeDiff(c) })), tolerances };
  const verdict = await judgeEdit(context.trust.policy, context.workspace, changes);
  const decision = await context.reviewer.review(changes, { summary, signal: context.signal, verdict });
  if (!decision.approved) {
    return { output: `The user did not apply this edit: ${decision.reason}. No file was changed.`, isError: true, detail };
  }
  if (!decision.applied) await context.workspace.applyChanges(changes);
  for (const c of changes) {
    if (c.kind === 'delete') context.readFiles?.delete(c.path);
    else context.readFiles?.set(c.kind === 'update' && c.moveTo ? c.moveTo : c.path, c.newText);
  }
  const files = changes.map((c) => `${c.kind === 'add' ? 'added' : c.kind === 'delete' ? 'deleted' : 'updated'} ${c.path}${c.kind === 'update' && c.moveTo ? ` → ${c.moveTo}` : ''}`);
  const note = tolerances.length > 0 ? ` (matched with tolerance: ${tolerances.join(', ')})` : '';
  return { output: `Applied: ${files.join(', ')}${note}.`, detail };
}


async function readIfPresent(context: ToolContext, path: string): Promise<string | undefined> {
  const s = await context.workspace.stat(path);
  if (!s) return undefined;
  if (s.type === 'directory') throw new MiniCoderError({ kind: 'tool', message: `${path} is a folder, not a file.` });
  // A patch reads the file it changes: a secret file needs the same permission as reading it (and a refusal
  // never quotes lines the model was not allowed to see).
  return context.workspace.readText(path, readGuard(path, context.trust, context.signal));
}

function error(message: string): ToolResult {
  return { output: message, isError: true };
}
