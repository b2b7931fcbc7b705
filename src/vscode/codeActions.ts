// What the chat's code blocks and links do in the editor: copy, insert at the cursor, apply to a file
// (always through the diff review), open a link (through VS Code's opener and its confirmation), open a
// file at a line.
import * as vscode from 'vscode';
import { parseLineLink } from '../core/actions/lineLinks';
import { toErrorInfo } from '../core/errors';
import type { FileChange } from '../core/workspace';
import type { ChatSession } from './chatSession';
import type { EditorWorkspace } from './editorWorkspace';
import { openableLink } from './links';

export class CodeActions {
  constructor(
    private readonly session: ChatSession,
    private readonly workspace: EditorWorkspace,
  ) {}

  async copy(code: string): Promise<void> {
    await vscode.env.clipboard.writeText(code);
    this.session.notice('Copied to the clipboard.', 'info');
  }

  /** Replaces the selections of the editor last used (inserting at the cursor when nothing is selected). */
  async insert(code: string): Promise<void> {
    const editor = targetEditor();
    if (!editor) {
      this.session.notice('Open a file in an editor to insert the code into it.', 'warning');
      return;
    }
    const done = await editor.edit((builder) => {
      for (const selection of editor.selections) builder.replace(selection, code);
    });
    if (!done) this.session.notice('The editor did not take the insertion (is the file read-only?).', 'error');
  }

  /**
   * Proposes the code block as an edit, shown in the diff editor for review like any model edit:
   * with a `path` (from the fence, e.g. ```ts path=src/a.ts) the block becomes that file's whole content
   * (or a new file); without one it replaces the selection of the active editor, or the whole file when
   * nothing is selected.
   */
  async apply(code: string, path: string | undefined, messageId?: string): Promise<void> {
    try {
      const proposal = path ? await this.wholeFile(path, code) : await this.intoActiveEditor(code);
      if (!proposal) return;
      const decision = await this.session.reviewCodeEdit([proposal.change], proposal.summary, messageId);
      if (decision.approved) this.session.notice(`Applied to ${proposal.change.path}.`, 'info');
    } catch (err) {
      this.session.notice(`Could not apply the code: ${toErrorInfo(err, 'tool').message}`, 'error');
    }
  }

  /** Opens http(s) and mailto links with VS Code's opener, which asks before opening an untrusted domain. */
  async openLink(href: string): Promise<void> {
    // Links back to lines (`src/a.ts#L12-L20`) open the file there; the workspace confines the path.
    const lines = parseLineLink(href);
    if (lines) return this.openFile(lines.path, lines.startLine);
    const link = openableLink(href);
    if (!link) {
      this.session.notice(`Only web and mail links are opened from the chat: ${href.slice(0, 200)}`, 'warning');
      return;
    }
    await vscode.env.openExternal(vscode.Uri.parse(link, true));
  }

  /** Opens a workspace file, at a 1-based line when given. */
  async openFile(path: string, line?: number): Promise<void> {
    try {
      const uri = await this.workspace.uriFor(path);
      const document = await vscode.workspace.openTextDocument(uri);
      const at = line && line > 0 ? Math.min(line - 1, document.lineCount - 1) : 0;
      await vscode.window.showTextDocument(document, { preview: true, selection: new vscode.Range(at, 0, at, 0) });
    } catch (err) {
      this.session.notice(`Could not open ${path}: ${toErrorInfo(err, 'tool').message}`, 'warning');
    }
  }

  private async wholeFile(path: string, code: string): Promise<{ change: FileChange; summary: string } | undefined> {
    const stat = await this.workspace.stat(path);
    if (stat?.type === 'directory') throw new Error(`${path} is a folder.`);
    if (!stat) return { change: { kind: 'add', path, newText: withFinalNewline(code, true) }, summary: `Create ${path} from a code block` };
    const oldText = await this.workspace.readText(path);
    return { change: { kind: 'update', path, oldText, newText: withFinalNewline(code, oldText.endsWith('\n')) }, summary: `Replace ${path} with a code block` };
  }

  private async intoActiveEditor(code: string): Promise<{ change: FileChange; summary: string } | undefined> {
    const editor = targetEditor();
    const path = editor && this.workspace.pathOf(editor.document.uri);
    if (!editor || path === undefined) {
      this.session.notice('Open a workspace file in an editor (or name the file in the code fence, e.g. ```ts path=src/a.ts) to apply the code.', 'warning');
      return undefined;
    }
    const document = editor.document;
    const oldText = document.getText();
    const selection = editor.selection;
    if (selection.isEmpty) {
      return { change: { kind: 'update', path, oldText, newText: withFinalNewline(code, oldText.endsWith('\n')) }, summary: `Replace ${path} with a code block` };
    }
    const start = document.offsetAt(selection.start);
    const end = document.offsetAt(selection.end);
    const newText = oldText.slice(0, start) + code + oldText.slice(end);
    return { change: { kind: 'update', path, oldText, newText }, summary: `Replace the selection in ${path} with a code block` };
  }
}

/** The editor the user was last typing in (a focused webview leaves `activeTextEditor` as it was). */
function targetEditor(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'file');
  return editor && editor.document.uri.scheme !== 'output' ? editor : undefined;
}

function withFinalNewline(code: string, wanted: boolean): string {
  return wanted && !code.endsWith('\n') ? `${code}\n` : code;
}
