import { computePatch, changeDiff } from '../edits';
import { MiniCoderError } from '../errors';
import { describeOutcome } from '../search/describeOutcome';
import { searchReadRules } from '../search/readRules';
import { DEFAULT_MAX_FILES, DEFAULT_MAX_RESULTS, DEFAULT_TIME_LIMIT_MS, MAX_SEARCH_FILE_BYTES } from '../search/searchFiles';
import type { FileChange } from '../workspace';
import type { Tool, ToolContext, ToolResult } from './tool';

/** Lines returned by one read_file call before the model is asked to page. */
export const READ_PAGE_LINES = 2000;
const READ_PAGE_CHARS = 200_000;

const readFile: Tool = {
  name: 'read_file',
  description:
    'Read a text file of the workspace. Returns numbered lines ("12| text"). Large files are paged: ask for start_line/end_line to read further.',
  parameters: {
    type: 'object',
    properties: {
      path: { type: 'string', description: 'Workspace-relative path of the file.' },
      start_line: { type: 'integer', minimum: 1, description: 'First line to read (1-based).' },
      end_line: { type: 'integer', minimum: 1, description: 'Last line to read (inclusive).' },
    },
    required: ['path'],
    additionalProperties: false,
  },
  readOnly: true,
  async run(args, { workspace, readFiles }) {
    const path = String(args.path);
    const text = await workspace.readText(path);
    readFiles?.set(path, text);
    const lines = splitLines(text);
    const start = Math.max(1, Number(args.start_line ?? 1));
    if (start > lines.length && lines.length > 0) {
      return error(`${path} has ${lines.length} lines; start_line ${start} is past the end.`);
    }
    let end = Math.min(lines.length, Number(args.end_line ?? start + READ_PAGE_LINES - 1), start + READ_PAGE_LINES - 1);
    const out: string[] = [];
    let chars = 0;
    for (let n = start; n <= end; n++) {
      const line = `${n}| ${lines[n - 1]}`;
      if (chars + line.length > READ_PAGE_CHARS && out.length > 0) {
        end = n - 1;
        break;
      }
      out.push(line);
      chars += line.length + 1;
    }
    const header =
      end < lines.length || start > 1
        ? `${path}: lines ${start}-${end} of ${lines.length}${end < lines.length ? ` (call again with start_line=${end + 1} to read on)` : ''}\n`
        : `${path}: ${lines.length} lines\n`;
    return { output: header + out.join('\n'), detail: { path, start, end, totalLines: lines.length } };
  },
};

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
  async run(args, { workspace, signal, approvals }) {
    const outcome = await workspace.search(
      {
        query: String(args.query),
        isRegex: Boolean(args.is_regex),
        include: args.include === undefined ? undefined : String(args.include),
        maxResults: DEFAULT_MAX_RESULTS,
        maxFiles: DEFAULT_MAX_FILES,
        timeLimitMs: DEFAULT_TIME_LIMIT_MS,
        readRules: searchReadRules(approvals),
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
    const result = await computePatch(String(args.patch), (path) => readIfPresent(context, path));
    if (!result.ok) return error(`The patch was not applied; no file was changed. ${result.error}`);
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
  async run(args, { workspace }) {
    if (!workspace.diagnostics) return { output: 'No diagnostics are available in this host.' };
    const list = await workspace.diagnostics(args.path === undefined ? undefined : String(args.path));
    if (list.length === 0) return { output: 'No problems reported.', detail: { count: 0 } };
    const lines = list.map(
      (d) => `${d.path}:${d.line}:${d.column}: ${d.severity}: ${d.message}${d.source ? ` [${d.source}${d.code ? ` ${d.code}` : ''}]` : ''}`,
    );
    return { output: lines.join('\n'), detail: { count: list.length } };
  },
};

/** The tools every host offers the model. */
export function workspaceTools(): Tool[] {
  return [readFile, listFiles, searchText, applyPatch, writeFile, getDiagnostics];
}

async function reviewAndApply(changes: FileChange[], summary: string, context: ToolContext, tolerances: string[]): Promise<ToolResult> {
  const detail = { changes: changes.map((c) => ({ ...c, diff: changeDiff(c) })), tolerances };
  const decision = await context.reviewer.review(changes, { summary, signal: context.signal });
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
  return context.workspace.readText(path);
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function error(message: string): ToolResult {
  return { output: message, isError: true };
}
