// What the chat's code blocks and links do in the editor: copy, insert at the cursor, insert into the
// terminal, apply to a file (merged where it belongs, always through the diff review), open a link (through
// VS Code's opener and its confirmation), open a file at a line.
import * as vscode from 'vscode';
import { insertionText } from '../core/actions/insertAtCursor';
import { parseLineLink } from '../core/actions/lineLinks';
import { placeSnippet } from '../core/actions/placeSnippet';
import { runInlineAction } from '../core/actions/runInlineAction';
import { isShellLanguage } from '../core/actions/shellBlock';
import { changeFromPatchAnswer, SNIPPET_PATCH_MAX_FILE_CHARS, snippetPatchRequest } from '../core/actions/snippetPatch';
import { toErrorInfo } from '../core/errors';
import type { Usage } from '../core/model/types';
import type { FileChange } from '../core/workspace';
import type { SideRequestView } from '../protocol/messages';
import type { ChatSession, TurnSetup } from './chatSession';
import type { EditorWorkspace } from './editorWorkspace';
import { openableLink } from './links';
import type { TerminalActions } from './terminalActions';

/** Where a code block goes: a file and its current text (undefined for a file that does not exist yet). */
interface ApplyTarget {
  path: string;
  oldText: string | undefined;
}

export class CodeActions {
  constructor(
    private readonly session: ChatSession,
    private readonly workspace: EditorWorkspace,
    /** The configured model, for the small request that places a block when its place is not certain. */
    private readonly prepareTurn: () => Promise<TurnSetup>,
    private readonly terminal: TerminalActions,
    private readonly newId: () => string,
  ) {}

  async copy(code: string, what = 'Copied to the clipboard.'): Promise<void> {
    await vscode.env.clipboard.writeText(code);
    this.session.notice(what, 'info');
  }

  /**
   * Inserts at the cursor of the editor last used (replacing its selections). A block of several lines lands
   * on lines of its own at the cursor's indentation, never glued to the text before or after the cursor.
   */
  async insert(code: string): Promise<void> {
    const editor = targetEditor();
    if (!editor) {
      this.session.notice('Open a file in an editor to insert the code into it.', 'warning');
      return;
    }
    const document = editor.document;
    const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
    const done = await editor.edit((builder) => {
      for (const selection of editor.selections) {
        const before = document.lineAt(selection.start.line).text.slice(0, selection.start.character);
        const after = document.lineAt(selection.end.line).text.slice(selection.end.character);
        builder.replace(selection, insertionText(code, { before, after, eol }));
      }
    });
    if (!done) this.session.notice('The editor did not take the insertion (is the file read-only?).', 'error');
  }

  /** Types a shell block into the terminal without running it. */
  async insertInTerminal(code: string): Promise<void> {
    await this.terminal.insert(code);
  }

  /** Runs a shell block in a terminal once the command approval allows it. */
  async runInTerminal(code: string): Promise<void> {
    await this.terminal.runInTerminal(code);
  }

  /**
   * Proposes a code block as an edit of a file, always through the diff review: the file the fence names
   * (`path=src/a.ts`) or else the active editor's. The block is merged where it belongs: the declarations it
   * redefines are replaced and nothing else changes. When that place is not certain, a small separate
   * request asks the model for a patch (shown on the message with its cost); a new file is created whole.
   * Shell blocks are never applied to files.
   */
  async apply(code: string, language: string | undefined, path: string | undefined, messageId?: string): Promise<void> {
    if (isShellLanguage(language)) {
      this.session.notice('Shell commands are not applied to files: use "Run in terminal" or "Insert into terminal" on the block.', 'warning');
      return;
    }
    try {
      const target = await this.target(path);
      if (!target) return;
      if (target.oldText === undefined) {
        const change: FileChange = { kind: 'add', path: target.path, newText: withFinalNewline(code) };
        await this.review(change, `Create ${target.path} from a code block`, messageId);
        return;
      }
      const placed = placeSnippet(target.oldText, code, language || extensionOf(target.path));
      if (!placed.ok) {
        await this.placeWithModel({ path: target.path, oldText: target.oldText }, code, language || extensionOf(target.path), placed.reason, messageId);
        return;
      }
      if (placed.steps.length === 0) {
        this.session.notice(`${target.path} already holds this code: nothing to apply.`, 'info');
        return;
      }
      const change: FileChange = { kind: 'update', path: target.path, oldText: target.oldText, newText: placed.text };
      await this.review(change, `Apply the code block to ${target.path}: ${placed.steps.join(', ')}`, messageId);
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

  private async target(path: string | undefined): Promise<ApplyTarget | undefined> {
    if (!path) {
      const editor = targetEditor();
      const active = editor && this.workspace.pathOf(editor.document.uri);
      if (!editor || active === undefined) {
        this.session.notice('Open a workspace file in an editor (or name the file in the code fence, e.g. ```ts path=src/a.ts) to apply the code.', 'warning');
        return undefined;
      }
      return { path: active, oldText: editor.document.getText() };
    }
    const stat = await this.workspace.stat(path);
    if (stat?.type === 'directory') throw new Error(`${path} is a folder.`);
    return { path, oldText: stat ? await this.workspace.readText(path) : undefined };
  }

  private async review(change: FileChange, summary: string, messageId: string | undefined): Promise<void> {
    const decision = await this.session.reviewCodeEdit([change], summary, messageId);
    if (decision.approved) this.session.notice(`Applied to ${change.path}.`, 'info');
  }

  /** The small side request: the model writes a patch of the one file, which the edit engine checks. */
  private async placeWithModel(target: { path: string; oldText: string }, code: string, language: string, reason: string, messageId: string | undefined): Promise<void> {
    const where = messageId ?? '';
    if (target.oldText.length > SNIPPET_PATCH_MAX_FILE_CHARS) {
      this.session.notice(`Could not tell where the block goes in ${target.path} (${reason}), and the file is too large to ask the model: apply it by hand.`, 'warning');
      return;
    }
    const request: SideRequestView = { id: this.newId(), label: `Asked the model where the block goes in ${target.path}`, status: 'running', detail: `placing it by name was not certain: ${reason}` };
    this.session.recordSideRequest(where, request);
    const fail = (detail: string, usage?: Usage) => {
      this.session.recordSideRequest(where, { ...request, status: 'error', detail }, usage);
      this.session.notice(`The code block was not applied: ${detail}`, 'error');
    };
    let setup: TurnSetup;
    try {
      setup = await this.prepareTurn();
    } catch (err) {
      fail(toErrorInfo(err).message);
      return;
    }
    const { provider, model, options, priceUsage } = setup.config;
    const asked = snippetPatchRequest({ path: target.path, fileText: target.oldText, snippet: code, language, reason }, model, options);
    const result = await runInlineAction(provider, asked, () => undefined);
    const usage = result.usage.costUsd === undefined && priceUsage ? priceUsage(result.usage) : result.usage;
    if (result.error) return fail(result.error.message, usage);
    const patched = await changeFromPatchAnswer(result.text, target.path, target.oldText);
    if (!patched.ok) return fail(`the model's patch was refused (${patched.error}); nothing changed`, usage);
    this.session.recordSideRequest(where, { ...request, status: 'done', detail: 'proposed a patch: review it in the diff' }, usage);
    await this.review(patched.change, `Apply the code block to ${target.path} (placed by the model)`, messageId);
  }
}

/** The editor the user was last typing in (a focused webview leaves `activeTextEditor` as it was). */
function targetEditor(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'file');
  return editor && editor.document.uri.scheme !== 'output' ? editor : undefined;
}

function withFinalNewline(code: string): string {
  return code.endsWith('\n') ? code : `${code}\n`;
}

function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : '';
}
