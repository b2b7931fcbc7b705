// The engine's Workspace on the VS Code API: reads prefer an open editor's unsaved text, listing and search
// leave out what .gitignore and files.exclude hide, diagnostics come from the editor's language services,
// and edits go through ONE WorkspaceEdit on the documents' current text, then are saved, so Ctrl+Z undoes
// them in the editor and the disk has them.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { normalizePath } from '../core/checkpoints';
import { MiniCoderError } from '../core/errors';
import { readFilePage, readTextFile, MAX_WHOLE_FILE_BYTES, type FileOnDisk } from '../core/files/readFile';
import { pageLines } from '../core/files/pageLines';
import { checkPathShape } from '../core/files/safeOpen';
import { planWrites, runWriteSteps } from '../core/files/writeFiles';
import { decodeText, looksBinary } from '../core/files/textEncoding';
import { DEFAULT_TIME_LIMIT_MS, requestFor, searchFiles } from '../core/search/searchFiles';
import { SECRET_SNIFF_BYTES } from '../core/trust/secretFiles';
import type { Diagnostic, DirEntry, FileChange, FileStat, Page, PageRequest, ReadGuard, SearchOutcome, SearchQuery, Workspace } from '../core/workspace';
import { IgnoreRules, searchExcludeGlob } from './ignoreRules';
import { displayPath, locatePath, outside, type FolderRef, type Located } from './workspacePaths';

const MAX_DIAGNOSTICS = 500;
const decoder = new TextDecoder('utf-8');
const encoder = new TextEncoder();

export class EditorWorkspace implements Workspace, vscode.Disposable {
  /** Rules per folder, kept until a .gitignore or files.exclude changes (finding .gitignores walks the tree). */
  private readonly rulesCache = new Map<string, Promise<IgnoreRules>>();
  private watchers: vscode.Disposable[] = [];

  /** `searchWorker`: the search worker's script, when it is not beside this bundle (dist/searchWorker.js). */
  constructor(
    private readonly folders: () => readonly vscode.WorkspaceFolder[] = () => vscode.workspace.workspaceFolders ?? [],
    private readonly options: { searchWorker?: string } = {},
  ) {}

  dispose(): void {
    for (const watcher of this.watchers) watcher.dispose();
    this.watchers = [];
    this.rulesCache.clear();
  }

  get rootLabel(): string {
    return this.folders()[0]?.uri.fsPath ?? '(no folder open)';
  }

  /** The file's URI for a model path; refuses paths (and links) leading out of the workspace folders. */
  async uriFor(given: string): Promise<vscode.Uri> {
    return (await this.resolve(given)).uri;
  }

  /** The workspace-relative path a model path really points to, after following links. */
  async relative(given: string): Promise<string> {
    const { located, uri } = await this.resolve(given);
    if (uri.scheme !== 'file') return displayPath(located, this.refs());
    const folder = this.folders()[located.folder];
    const real = await realPathOfLongestExisting(uri.fsPath);
    const rel = path.relative(await fs.realpath(folder.uri.fsPath), real).split(path.sep).join('/');
    return displayPath({ folder: located.folder, segments: rel === '' ? [] : rel.split('/') }, this.refs());
  }

  /** The model's path for a document, or undefined when it is outside the workspace folders. */
  pathOf(uri: vscode.Uri): string | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const folders = this.folders();
    const index = folder ? folders.findIndex((f) => f.uri.toString() === folder.uri.toString()) : -1;
    if (!folder || index < 0) return undefined;
    const rel = path.posix.relative(folder.uri.path, uri.path);
    if (rel.startsWith('..')) return undefined;
    return displayPath({ folder: index, segments: rel === '' ? [] : rel.split('/') }, this.refs());
  }

  async realPath(given: string): Promise<string> {
    return this.relative(given);
  }

  async readText(given: string, guard?: ReadGuard): Promise<string> {
    const { uri, file } = await this.readable(given);
    const open = openDocument(uri);
    if (open) {
      await this.guardOpen(given, open, guard);
      return open.getText();
    }
    if (file) return (await readTextFile(file, guard)).text;
    const bytes = await this.readOther(uri, given, guard);
    return decodeText(bytes).text;
  }

  /**
   * Waits (up to `ms`) until the editor shows what Mini Coder itself just wrote to disk outside it (a checkpoint
   * put back): an open, unsaved-free document is reloaded by VS Code's file watcher a moment later, and until then
   * a tool reading it would see the old text and a patch computed on it would be refused. Files that are not UTF-8
   * on disk, or have unsaved changes, are left as they are.
   */
  async settleOpenDocuments(paths: readonly string[], ms = SETTLE_WAIT_MS): Promise<void> {
    const deadline = Date.now() + ms;
    for (const given of paths) {
      const uri = await this.uriFor(given).catch(() => undefined);
      const open = uri && uri.scheme === 'file' ? openDocument(uri) : undefined;
      if (!open || open.isDirty) continue;
      const onDisk = await fs.readFile(uri!.fsPath).then((bytes) => decodeText(bytes), () => undefined);
      if (!onDisk || onDisk.encoding !== 'utf8') continue;
      const same = () => open.getText().replace(/\r\n/g, '\n') === onDisk.text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
      while (!same() && !open.isDirty && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async readPage(given: string, request: PageRequest, guard?: ReadGuard): Promise<Page> {
    const { uri, file } = await this.readable(given);
    const open = openDocument(uri);
    if (open) {
      await this.guardOpen(given, open, guard);
      return pageLines([open.getText()], request);
    }
    if (file) return readFilePage(file, request, guard);
    return pageLines([decodeText(await this.readOther(uri, given, guard)).text], request);
  }

  /** Where a path is, and for files on disk what the core's safe readers need. */
  private async readable(given: string): Promise<{ uri: vscode.Uri; file?: FileOnDisk }> {
    const { located, uri } = await this.resolve(given);
    if (uri.scheme !== 'file') return { uri };
    const folder = this.folders()[located.folder];
    const realRoot = await fs.realpath(folder.uri.fsPath).catch(() => folder.uri.fsPath);
    const toRelative = (abs: string) => {
      const rel = path.relative(realRoot, abs).split(path.sep).join('/');
      return displayPath({ folder: located.folder, segments: rel === '' ? [] : rel.split('/') }, this.refs());
    };
    return { uri, file: { realRoot, absPath: uri.fsPath, display: given, toRelative } };
  }

  /** The guard for an open editor's text: its real path and the first characters of what it holds now. */
  private async guardOpen(given: string, document: vscode.TextDocument, guard?: ReadGuard): Promise<void> {
    if (!guard) return;
    const realPath = await this.relative(given);
    await guard({ realPath, head: document.getText(new vscode.Range(0, 0, Math.min(document.lineCount, 2000), 0)).slice(0, SECRET_SNIFF_BYTES) });
  }

  /** A file on a file system other than the disk (a remote or virtual folder), read whole within the size limit. */
  private async readOther(uri: vscode.Uri, given: string, guard?: ReadGuard): Promise<Uint8Array> {
    let bytes: Uint8Array;
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > MAX_WHOLE_FILE_BYTES) throw new MiniCoderError({ kind: 'tool', message: `${given} is too large to read (${stat.size} bytes).` });
      bytes = await vscode.workspace.fs.readFile(uri);
    } catch (err) {
      throw err instanceof MiniCoderError ? err : notReadable(given, err);
    }
    if (looksBinary(bytes)) throw new MiniCoderError({ kind: 'tool', message: `${given} is a binary file; it cannot be read as text.` });
    if (guard) await guard({ realPath: await this.relative(given), head: decoder.decode(bytes.subarray(0, SECRET_SNIFF_BYTES)) });
    return bytes;
  }

  async stat(given: string): Promise<FileStat | undefined> {
    const uri = await this.uriFor(given);
    try {
      const s = await vscode.workspace.fs.stat(uri);
      return { type: s.type & vscode.FileType.Directory ? 'directory' : 'file', size: s.size, mtimeMs: s.mtime };
    } catch {
      return undefined;
    }
  }

  async list(given: string, options: { recursive: boolean; limit?: number }): Promise<DirEntry[]> {
    const { located, uri } = await this.resolve(given);
    const stat = await this.stat(given);
    if (!stat || stat.type !== 'directory') throw new MiniCoderError({ kind: 'tool', message: `${given || '.'} is not a folder in the workspace.` });
    const folder = this.folders()[located.folder];
    const rules = await this.ignoreRules(folder);
    const limit = options.limit ?? 2000;
    const entries: DirEntry[] = [];
    const visit = async (dir: vscode.Uri, segments: string[]): Promise<void> => {
      const children = await vscode.workspace.fs.readDirectory(dir).then(
        (list) => list.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        () => [] as [string, vscode.FileType][],
      );
      for (const [name, type] of children) {
        if (entries.length >= limit) return;
        // Links are not followed: one could lead out of the workspace.
        if (type & vscode.FileType.SymbolicLink) continue;
        const childSegments = [...segments, name];
        const rel = childSegments.join('/');
        const isDir = (type & vscode.FileType.Directory) !== 0;
        if (rules.ignores(rel, isDir)) continue;
        const shown = displayPath({ folder: located.folder, segments: childSegments }, this.refs());
        entries.push({ path: shown, type: isDir ? 'directory' : 'file' });
        if (isDir && options.recursive) await visit(vscode.Uri.joinPath(dir, name), childSegments);
      }
    };
    await visit(uri, located.segments);
    return entries;
  }

  /**
   * Searches in a worker thread (see core/search): VS Code lists each folder's files (files.exclude applied, in
   * its own search process), the worker leaves out what .gitignore ignores and searches the open editors'
   * unsaved text instead of the disk's. Only folders on the local disk are searched.
   */
  async search(query: SearchQuery, options: { signal?: AbortSignal } = {}): Promise<SearchOutcome> {
    const request = requestFor(query, []);
    const cancel = new vscode.CancellationTokenSource();
    const onAbort = () => cancel.cancel();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const folders = this.folders();
      for (const folder of folders) {
        if (folder.uri.scheme !== 'file') continue;
        const root = await fs.realpath(folder.uri.fsPath).catch(() => undefined);
        if (root === undefined) continue;
        // Twice the files searched: .gitignore, applied in the worker, usually leaves out part of the list.
        const listLimit = request.maxFiles * 2;
        const exclude = searchExcludeGlob(vscode.workspace.getConfiguration('files', folder.uri).get<Record<string, unknown>>('exclude') ?? {});
        const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, listPattern(query.include)), exclude, listLimit, cancel.token).then(
          (found) => found,
          (err: unknown) => {
            if (options.signal?.aborted) return undefined; // stopped while listing: searchFiles answers "cancelled"
            throw err;
          },
        );
        if (uris === undefined) break;
        const files = uris.map((uri) => path.posix.relative(folder.uri.path, uri.path)).filter((rel) => rel !== '' && !rel.startsWith('../'));
        request.folders.push({
          root,
          prefix: folders.length > 1 ? `${folder.name}/` : '',
          files,
          ...(uris.length >= listLimit ? { listLimit } : {}),
          overrides: unsavedText(folder),
        });
      }
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      cancel.dispose();
    }
    return searchFiles(request, { signal: options.signal, timeLimitMs: query.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS, workerScript: this.options.searchWorker });
  }

  async diagnostics(given?: string): Promise<Diagnostic[]> {
    const one = given === undefined ? undefined : await this.uriFor(given);
    const pairs: Array<[vscode.Uri, readonly vscode.Diagnostic[]]> = one ? [[one, vscode.languages.getDiagnostics(one)]] : vscode.languages.getDiagnostics();
    const out: Diagnostic[] = [];
    for (const [uri, list] of pairs) {
      const shown = this.pathOf(uri);
      if (shown === undefined) continue;
      for (const d of list) {
        out.push({
          path: shown,
          line: d.range.start.line + 1,
          column: d.range.start.character + 1,
          severity: severityOf(d.severity),
          message: d.message,
          ...(d.source ? { source: d.source } : {}),
          ...(d.code !== undefined ? { code: String(typeof d.code === 'object' ? d.code.value : d.code) } : {}),
        });
        if (out.length >= MAX_DIAGNOSTICS) return out;
      }
    }
    return out;
  }

  /**
   * Applies every change or none, as one WorkspaceEdit (one undo step in each editor). Each update or delete
   * is checked against the document's current text, unsaved edits included: a stale edit is refused.
   */
  async applyChanges(changes: FileChange[]): Promise<void> {
    if (await this.needsByteExactWrite(changes)) {
      // VS Code would decode a file that is not UTF-8 as UTF-8 and save U+FFFD over every byte it could not read:
      // such an edit is written by the engine's own writer, in the file's encoding, byte for byte elsewhere.
      await runWriteSteps(await planWrites(changes, async (p) => this.fileOnDisk(p)));
      return;
    }
    const edit = new vscode.WorkspaceEdit();
    const toSave: vscode.Uri[] = [];
    for (const change of changes) {
      const uri = await this.uriFor(change.path);
      if (change.kind === 'add') {
        if (await exists(uri)) throw new MiniCoderError({ kind: 'tool', message: `${change.path} already exists; edit it with a patch instead of adding it.` });
        edit.createFile(uri, { overwrite: false, contents: encoder.encode(change.newText) });
        continue;
      }
      const document = await this.currentDocument(uri, change.path, change.oldText);
      if (change.kind === 'delete') {
        edit.deleteFile(uri, { recursive: false, ignoreIfNotExists: false });
      } else if (change.moveTo !== undefined && normalizePath(change.moveTo) !== normalizePath(change.path)) {
        const target = await this.uriFor(change.moveTo);
        if (await exists(target)) throw new MiniCoderError({ kind: 'tool', message: `Cannot move ${change.path} to ${change.moveTo}: the target exists.` });
        edit.createFile(target, { overwrite: false, contents: encoder.encode(change.newText) });
        edit.deleteFile(uri, { recursive: false });
      } else {
        edit.replace(uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), change.newText);
        toSave.push(uri);
      }
    }
    if (!(await vscode.workspace.applyEdit(edit))) {
      throw new MiniCoderError({ kind: 'tool', message: 'VS Code could not apply the edit (a file may be read-only); nothing was changed.' });
    }
    // VS Code saves a refactoring to files no editor had open by itself (files.refactoring.autoSave);
    // only what is still dirty needs saving, and `save()` reports false for a document that is not.
    for (const uri of toSave) {
      const document = openDocument(uri);
      // A save VS Code started itself (the refactoring auto-save) makes ours report false while it runs: wait for it.
      if (document?.isDirty && !(await document.save()) && document.isDirty && !(await savedSoon(document, SAVE_WAIT_MS))) {
        throw new MiniCoderError({ kind: 'tool', message: `The edit was applied but ${vscode.workspace.asRelativePath(uri)} could not be saved.` });
      }
    }
  }

  /** True when a file of the edit is not UTF-8 on disk and no editor holds it; refuses when an editor holds such a file garbled. */
  private async needsByteExactWrite(changes: FileChange[]): Promise<boolean> {
    let needed = false;
    for (const change of changes) {
      if (change.kind === 'add') continue;
      const { uri, file } = await this.readable(change.path);
      if (!file) continue;
      const decoded = await readTextFile(file).catch(() => undefined);
      if (!decoded) continue;
      if (decoded.encoding === 'utf8') continue;
      const open = openDocument(uri);
      if (!open) {
        needed = true;
        continue;
      }
      if (open.getText() !== decoded.text) {
        throw new MiniCoderError({
          kind: 'tool',
          message: `${change.path} is ${decoded.encoding} on disk and its open editor shows it in another encoding; saving would damage it. Reopen it with the right encoding (or close it) and try again. Nothing was written.`,
        });
      }
    }
    return needed;
  }

  private async fileOnDisk(given: string): Promise<FileOnDisk> {
    const { file } = await this.readable(given);
    if (!file) throw new MiniCoderError({ kind: 'tool', message: `${given} is not on this machine's disk.` });
    return file;
  }

  /** The document with its current text, if that is still the text the edit was computed on. */
  private async currentDocument(uri: vscode.Uri, given: string, oldText: string): Promise<vscode.TextDocument> {
    let document: vscode.TextDocument;
    try {
      document = await vscode.workspace.openTextDocument(uri);
    } catch (err) {
      throw notReadable(given, err);
    }
    const text = document.getText();
    // The editor may have normalised the line endings of a file with mixed ones when it opened it.
    if (text !== oldText && text.replace(/\r\n/g, '\n') !== oldText.replace(/\r\n/g, '\n')) {
      throw new MiniCoderError({
        kind: 'tool',
        message: `${given} changed since the edit was computed; nothing was written. Read it again and redo the edit.`,
      });
    }
    return document;
  }

  private async resolve(given: string): Promise<{ located: Located; uri: vscode.Uri }> {
    const folders = this.folders();
    checkPathShape(given);
    const located = locatePath(given, this.refs());
    const folder = folders[located.folder];
    const uri = located.segments.length === 0 ? folder.uri : vscode.Uri.joinPath(folder.uri, ...located.segments);
    if (uri.scheme === 'file') {
      const root = await fs.realpath(folder.uri.fsPath).catch(() => folder.uri.fsPath);
      const real = await realPathOfLongestExisting(uri.fsPath);
      if (real !== root && !real.startsWith(root + path.sep)) throw outside(given);
    }
    return { located, uri };
  }

  private refs(): FolderRef[] {
    return this.folders().map((f) => ({ name: f.name, fsPath: f.uri.fsPath }));
  }

  private ignoreRules(folder: vscode.WorkspaceFolder): Promise<IgnoreRules> {
    if (this.watchers.length === 0) {
      const forget = () => this.rulesCache.clear();
      const watcher = vscode.workspace.createFileSystemWatcher('**/.gitignore');
      this.watchers.push(
        watcher,
        watcher.onDidCreate(forget),
        watcher.onDidChange(forget),
        watcher.onDidDelete(forget),
        vscode.workspace.onDidChangeWorkspaceFolders(forget),
        vscode.workspace.onDidChangeConfiguration((e) => {
          if (e.affectsConfiguration('files.exclude')) forget();
        }),
      );
    }
    const key = folder.uri.toString();
    let rules = this.rulesCache.get(key);
    if (!rules) {
      rules = this.loadIgnoreRules(folder);
      rules.catch(() => this.rulesCache.delete(key));
      this.rulesCache.set(key, rules);
    }
    return rules;
  }

  private async loadIgnoreRules(folder: vscode.WorkspaceFolder): Promise<IgnoreRules> {
    const rules = new IgnoreRules(vscode.workspace.getConfiguration('files', folder.uri).get<Record<string, unknown>>('exclude') ?? {});
    const gitignores = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/.gitignore'), undefined, 1000);
    // Outer folders first, so a folder an outer .gitignore hides does not contribute rules.
    gitignores.sort((a, b) => a.path.split('/').length - b.path.split('/').length);
    for (const uri of gitignores) {
      const dir = path.posix.relative(folder.uri.path, path.posix.dirname(uri.path));
      if (rules.ignores(dir, true) && dir !== '') continue;
      // Only a regular file: a FIFO named .gitignore would never finish reading.
      const isFile = await vscode.workspace.fs.stat(uri).then(
        (stat) => (stat.type & vscode.FileType.File) !== 0 && stat.size < 1024 * 1024,
        () => false,
      );
      const bytes = isFile
        ? await vscode.workspace.fs.readFile(uri).then(
            (b) => b,
            () => undefined,
          )
        : undefined;
      if (bytes) rules.addGitignore(dir, decoder.decode(bytes));
    }
    return rules;
  }
}

function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  const key = uri.toString();
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
}

/** The unsaved text of the open editors in a folder, by path relative to it. */
function unsavedText(folder: vscode.WorkspaceFolder): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const document of vscode.workspace.textDocuments) {
    if (!document.isDirty || document.uri.scheme !== folder.uri.scheme) continue;
    const rel = path.posix.relative(folder.uri.path, document.uri.path);
    if (rel !== '' && !rel.startsWith('../') && !path.posix.isAbsolute(rel)) texts[rel] = document.getText();
  }
  return texts;
}

/** The files VS Code lists for a search: those the include glob names (a glob without `/` at any depth), or all. */
function listPattern(include: string | undefined): string {
  if (!include) return '**/*';
  return include.includes('/') ? include : `**/${include}`;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** The real path of `p`: links in the longest existing prefix resolved, the rest appended. */
async function realPathOfLongestExisting(p: string): Promise<string> {
  const rest: string[] = [];
  let existing = p;
  for (;;) {
    try {
      return path.join(await fs.realpath(existing), ...rest);
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return p;
      rest.unshift(path.basename(existing));
      existing = parent;
    }
  }
}

function notReadable(given: string, err: unknown): MiniCoderError {
  const code = (err as { code?: string }).code;
  const what = code === 'FileIsADirectory' || code === 'EISDIR' ? 'is a folder, not a file' : 'does not exist or cannot be read';
  return new MiniCoderError({ kind: 'tool', message: `${given} ${what}.` });
}

function severityOf(severity: vscode.DiagnosticSeverity): Diagnostic['severity'] {
  switch (severity) {
    case vscode.DiagnosticSeverity.Error:
      return 'error';
    case vscode.DiagnosticSeverity.Warning:
      return 'warning';
    case vscode.DiagnosticSeverity.Information:
      return 'info';
    default:
      return 'hint';
  }
}


/** How long an open document may take to show a file Mini Coder put back on disk. */
const SETTLE_WAIT_MS = 5000;

/** How long a save already under way may take before an edit reports that its file could not be saved. */
const SAVE_WAIT_MS = 5000;

/** Resolves true once the document is saved (no longer dirty), false after `ms`. */
function savedSoon(document: vscode.TextDocument, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const finish = (saved: boolean) => {
      clearInterval(poll);
      clearTimeout(timer);
      listener.dispose();
      resolve(saved);
    };
    const listener = vscode.workspace.onDidSaveTextDocument((saved) => {
      if (saved === document && !document.isDirty) finish(true);
    });
    // A save that ends without an event (the document reverted to its saved text) shows only as "not dirty".
    const poll = setInterval(() => {
      if (!document.isDirty) finish(true);
    }, 50);
    const timer = setTimeout(() => finish(!document.isDirty), ms);
  });
}
