// The editor side of the context engine: gathers what the user is looking at on the VS Code API (active
// editor and selection, open tabs with unsaved text, problems of the files involved, @-mentions, the git
// diff, the workspace outline) as core ContextSources. Ranking, cutting and packing happen in core.
import * as vscode from 'vscode';
import { gitDiff } from '../core/context/fsSources';
import { SECRET_SNIFF_BYTES, secretFilter, secretGuard, type SecretFilter } from '../core/trust/secretFiles';
import { changesSource, diagnosticsSource, fileSource, FOLDER_OVER_BUDGET, filesReadEarlier, folderFilesToRead, folderSource, matchMentions, outlineSource, parseMention, selectionSource, symbolSource, withheldSource, type MentionMatch } from '../core/context/sources';
import { findDefinition } from '../core/context/symbols';
import type { ContextSource } from '../core/context/types';
import type { Diagnostic } from '../core/workspace';
import type { EditorWorkspace } from './editorWorkspace';

export interface EditorContextRequest {
  /** What the user typed after `@` in the chat input: paths, folders, `changes`, `symbol:Name`. */
  mentions?: readonly string[];
  /** Files the user allowed for this message although they look secret ("send anyway"). */
  allow?: readonly string[];
  /** Files the model read through tools in this conversation, with the text it saw. */
  readFiles?: ReadonlyMap<string, string>;
  /** Other open editors (default true). */
  openEditors?: boolean;
  /** The workspace outline (default true). */
  outline?: boolean;
  /** The context budget, so a mentioned folder larger than it is not read whole. */
  budgetTokens?: number;
}

const OUTLINE_LIMIT = 20_000;
const OPEN_EDITOR_LIMIT = 20;
const FOLDER_FILE_LIMIT = 200;
// Files of a mentioned folder rank just below files mentioned one by one.
const FOLDER_FILE_PRIORITY = 75;

/** Gathers the editor's context for one message; secret and excluded files are withheld, never read. */
export async function gatherEditorContext(workspace: EditorWorkspace, request: EditorContextRequest = {}): Promise<ContextSource[]> {
  const filter = contextFilter(request.allow);
  const sources: ContextSource[] = [];
  const involved = new Set<string>();
  const read = async (path: string, make: (text: string) => ContextSource, kind: ContextSource['kind']): Promise<ContextSource> => {
    const refused = filter(path);
    if (refused) return withheldSource(kind, path, refused);
    involved.add(path);
    try {
      return make(await workspace.readText(path, secretGuard(filter, path)));
    } catch (err) {
      return withheldSource(kind, path, (err as Error).message);
    }
  };

  if (request.outline !== false) {
    const { files, stoppedAt } = await workspaceFiles(workspace);
    sources.push(outlineSource(files, stoppedAt));
  }
  const editor = vscode.window.activeTextEditor;
  const activePath = editor ? pathFor(workspace, editor.document.uri) : undefined;
  if (editor && activePath) {
    // The editor's text is what would be sent; its name may be a link to a secret, and it may hold a key.
    const head = editor.document.getText().slice(0, SECRET_SNIFF_BYTES);
    const real = await workspace.realPath(activePath).catch(() => activePath);
    const refused = filter(real, head) ?? filter(activePath, head);
    if (refused) sources.push(withheldSource('active_file', activePath, refused));
    else {
      involved.add(activePath);
      const { document, selection } = editor;
      const startLine = selection.start.line + 1;
      // A selection ending at the start of a line does not include that line.
      const endLine = selection.end.character === 0 && selection.end.line > selection.start.line ? selection.end.line : selection.end.line + 1;
      sources.push(fileSource('active_file', activePath, document.getText(), { focus: { startLine, endLine } }));
      if (!selection.isEmpty) {
        const range = new vscode.Range(startLine - 1, 0, endLine - 1, document.lineAt(endLine - 1).text.length);
        sources.push(selectionSource(activePath, `${document.getText(range)}\n`, startLine, endLine));
      }
    }
  }
  if (request.openEditors !== false) {
    const open = openTabPaths(workspace).filter((p) => p !== activePath).slice(0, OPEN_EDITOR_LIMIT);
    sources.push(...(await Promise.all(open.map((path) => read(path, (text) => fileSource('open_file', path, text), 'open_file')))));
  }
  for (const raw of request.mentions ?? []) sources.push(...(await mentionSources(workspace, raw, filter, read, request.budgetTokens)));
  if (request.readFiles) {
    const current = new Map<string, string | undefined>();
    for (const path of request.readFiles.keys()) current.set(path, await workspace.readText(path, secretGuard(filter, path)).catch(() => undefined));
    sources.push(...filesReadEarlier(request.readFiles, current));
  }
  const problems = diagnosticsSource(await diagnosticsOf(workspace, [...involved]));
  if (problems) sources.push(problems);
  return sources;
}

/** Files, folders, symbols (`#name` or `symbol:name`) and `changes` matching what the user typed after `@`, best first. */
export async function completeMentions(workspace: EditorWorkspace, query: string, limit = 20): Promise<MentionMatch[]> {
  const q = query.replace(/^@/, '');
  if (q.startsWith('#') || q.startsWith('symbol:')) return symbolCompletions(workspace, q.replace(/^#|^symbol:/, ''), limit);
  return matchMentions(q, (await workspaceFiles(workspace)).files, limit);
}

async function mentionSources(
  workspace: EditorWorkspace,
  raw: string,
  filter: SecretFilter,
  read: (path: string, make: (text: string) => ContextSource, kind: ContextSource['kind']) => Promise<ContextSource>,
  budgetTokens?: number,
): Promise<ContextSource[]> {
  const mention = parseMention(raw);
  if (mention.type === 'changes') return [changesSource(await workingTreeDiff(workspace, filter), filter)];
  if (mention.type === 'symbol') {
    const found = await findSymbol(workspace, mention.name, filter);
    return [found ?? { id: `symbol:${mention.name}`, kind: 'mentioned_symbol', label: mention.name, text: '', withheld: 'no declaration with this name found in the workspace' }];
  }
  const stat = await workspace.stat(mention.path).catch(() => undefined);
  if (stat?.type === 'directory') {
    const { files } = await workspaceFiles(workspace);
    const inside = files.filter((f) => mention.path === '' || f.startsWith(`${mention.path}/`)).slice(0, FOLDER_FILE_LIMIT);
    const sized = await Promise.all(inside.map(async (p) => ({ path: p, size: (await workspace.stat(p).catch(() => undefined))?.size ?? 0 })));
    const { read: toRead, skipped } = folderFilesToRead(sized, budgetTokens);
    const contents = await Promise.all(toRead.map((file) => read(file, (text) => fileSource('mentioned_file', file, text, { priority: FOLDER_FILE_PRIORITY }), 'mentioned_file')));
    return [folderSource(mention.path || '.', inside), ...contents, ...skipped.map((file) => withheldSource('mentioned_file', file, FOLDER_OVER_BUDGET))];
  }
  return [await read(mention.path, (text) => fileSource('mentioned_file', mention.path, text), 'mentioned_file')];
}

// Secret patterns, plus the user's `miniCoder.context.exclude`. `allow` is read from the user's own settings
// only: a cloned repository's .vscode/settings.json must not be able to send its reader's secrets.
function contextFilter(allowNow: readonly string[] = []): SecretFilter {
  const config = vscode.workspace.getConfiguration('miniCoder.context');
  const exclude = config.get<string[]>('exclude') ?? [];
  const allow = config.inspect<string[]>('allow')?.globalValue ?? [];
  return secretFilter({ exclude, allow: [...allow, ...allowNow] });
}

function pathFor(workspace: EditorWorkspace, uri: vscode.Uri): string | undefined {
  if (uri.scheme === 'untitled') return `untitled/${uri.path}`;
  return workspace.pathOf(uri) ?? (uri.scheme === 'file' ? uri.fsPath.replace(/\\/g, '/') : undefined);
}

function openTabPaths(workspace: EditorWorkspace): string[] {
  const paths: string[] = [];
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      if (!(tab.input instanceof vscode.TabInputText)) continue;
      const path = workspace.pathOf(tab.input.uri);
      if (path !== undefined && !paths.includes(path)) paths.push(path);
    }
  }
  return paths;
}

async function diagnosticsOf(workspace: EditorWorkspace, paths: string[]): Promise<Diagnostic[]> {
  const lists = await Promise.all(paths.map((p) => workspace.diagnostics(p).catch(() => [] as Diagnostic[])));
  return lists.flat();
}

// The outline listing is kept until a file is created or deleted, so a turn does not walk the tree again.
let listing: Promise<{ files: string[]; stoppedAt?: number }> | undefined;
let watcher: vscode.FileSystemWatcher | undefined;

function workspaceFiles(workspace: EditorWorkspace): Promise<{ files: string[]; stoppedAt?: number }> {
  if (!watcher) {
    watcher = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
    watcher.onDidCreate(() => (listing = undefined));
    watcher.onDidDelete(() => (listing = undefined));
    vscode.workspace.onDidChangeWorkspaceFolders(() => (listing = undefined));
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('files.exclude')) listing = undefined;
    });
  }
  listing ??= listAll(workspace).catch((err: unknown) => {
    listing = undefined;
    throw err;
  });
  return listing;
}

// EditorWorkspace.list honours every .gitignore and files.exclude, and names files the way the tools do.
async function listAll(workspace: EditorWorkspace): Promise<{ files: string[]; stoppedAt?: number }> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const roots = folders.length > 1 ? folders.map((f) => f.name) : folders.length === 1 ? [''] : [];
  const files: string[] = [];
  for (const root of roots) {
    const entries = await workspace.list(root, { recursive: true, limit: OUTLINE_LIMIT - files.length });
    for (const e of entries) if (e.type === 'file') files.push(e.path);
  }
  files.sort();
  return files.length >= OUTLINE_LIMIT ? { files, stoppedAt: OUTLINE_LIMIT } : { files };
}

/** The minimal shape of the built-in git extension's API (v1) that is used here. */
interface GitApi {
  repositories: Array<{
    rootUri: vscode.Uri;
    state: { workingTreeChanges: GitChange[]; indexChanges: GitChange[]; untrackedChanges?: GitChange[] };
    diffWithHEAD(path: string): Promise<string>;
  }>;
}
interface GitChange {
  uri: vscode.Uri;
}

// Per changed file, so secret files are never even diffed; without the git extension, the git command line.
async function workingTreeDiff(workspace: EditorWorkspace, filter: SecretFilter): Promise<string> {
  const extension = vscode.extensions.getExtension<{ getAPI(version: 1): GitApi }>('vscode.git');
  const api = extension ? (extension.isActive ? extension.exports : await extension.activate()).getAPI(1) : undefined;
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!api || api.repositories.length === 0) return folder?.uri.scheme === 'file' ? gitDiff(folder.uri.fsPath) : '(no git repository found)\n';
  const parts: string[] = [];
  for (const repo of api.repositories) {
    const changed = new Map<string, vscode.Uri>();
    for (const change of [...repo.state.indexChanges, ...repo.state.workingTreeChanges]) changed.set(change.uri.toString(), change.uri);
    for (const uri of changed.values()) {
      const path = workspace.pathOf(uri) ?? uri.fsPath;
      parts.push(filter(path) ? `diff --git a/${path} b/${path}\n` : await repo.diffWithHEAD(uri.fsPath).catch(() => ''));
    }
    const untracked = (repo.state.untrackedChanges ?? []).map((c) => workspace.pathOf(c.uri)).filter((p): p is string => !!p);
    if (untracked.length > 0) parts.push(`(new files not yet added to git: ${untracked.join(', ')})\n`);
  }
  return parts.join('');
}

async function findSymbol(workspace: EditorWorkspace, name: string, filter: SecretFilter): Promise<ContextSource | undefined> {
  const found = (await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', name)) ?? [];
  for (const symbol of found.filter((s) => s.name === name)) {
    const path = workspace.pathOf(symbol.location.uri);
    if (path === undefined || filter(path)) continue;
    const text = await workspace.readText(path, secretGuard(filter, path)).catch(() => undefined);
    if (text === undefined) continue;
    // Workspace symbols may carry only the name's range; the declaration's lines come from the text.
    const span = findDefinition(text, name) ?? { startLine: symbol.location.range.start.line + 1, endLine: symbol.location.range.end.line + 1 };
    const lines = text.split('\n').slice(span.startLine - 1, span.endLine).join('\n');
    return symbolSource(name, path, `${lines}\n`, span.startLine, span.endLine);
  }
  return undefined;
}

async function symbolCompletions(workspace: EditorWorkspace, query: string, limit: number): Promise<MentionMatch[]> {
  if (query === '') return [];
  const found = (await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', query)) ?? [];
  const rows: MentionMatch[] = [];
  for (const symbol of found) {
    const path = workspace.pathOf(symbol.location.uri);
    if (path === undefined) continue;
    rows.push({ label: symbol.name, path: `symbol:${symbol.name}`, kind: 'symbol' });
    if (rows.length >= limit) break;
  }
  return rows;
}
