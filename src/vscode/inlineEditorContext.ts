// What the inline actions read from the editor: document symbols, definitions the selected code uses,
// and the workspace's test files. Each lookup is bounded in time and size: an action must start fast.
import * as vscode from 'vscode';
import { indentationBlock } from '../core/actions/indentBlock';
import type { RelatedSnippet } from '../core/actions/prompts';
import type { ActionSymbol } from '../core/actions/range';
import { parseTestFile } from '../core/actions/testConventions';
import { splitLines } from '../core/actions/text';
import { usedNames } from '../core/actions/usedNames';

const SYMBOL_TIMEOUT_MS = 1500;
const DEFINITION_TIMEOUT_MS = 2500;
const MAX_DEFINITIONS = 8;
const MAX_SNIPPET_LINES = 60;
const EXCLUDED = '**/{node_modules,.git,dist,out,build,target,vendor,.venv,__pycache__}/**';

/** Resolves with the value, or with `fallback` once the time is up (language servers can be slow to wake). */
export function within<T>(promise: Thenable<T>, ms: number, fallback: T): Promise<T> {
  return new Promise<T>((resolve) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(fallback);
      },
    );
  });
}

function toActionSymbol(symbol: vscode.DocumentSymbol | vscode.SymbolInformation): ActionSymbol {
  const range = 'location' in symbol ? symbol.location.range : symbol.range;
  return {
    name: symbol.name,
    kind: (vscode.SymbolKind[symbol.kind] ?? 'other').toLowerCase(),
    range: { start: { line: range.start.line, character: range.start.character }, end: { line: range.end.line, character: range.end.character } },
    children: 'children' in symbol ? symbol.children.map(toActionSymbol) : undefined,
  };
}

/** The document's symbols from its language server; empty when there is none or it does not answer in time. */
export async function documentSymbols(document: vscode.TextDocument): Promise<ActionSymbol[]> {
  const found = await within(
    vscode.commands.executeCommand<Array<vscode.DocumentSymbol | vscode.SymbolInformation> | undefined>('vscode.executeDocumentSymbolProvider', document.uri),
    SYMBOL_TIMEOUT_MS,
    undefined,
  );
  return (found ?? []).map(toActionSymbol);
}

/**
 * Definitions of what the range uses, from the language's definition provider: for each name, the
 * block it is defined in (found by indentation, at most 60 lines). Skips dependencies' sources.
 */
export async function definitionsUsedIn(document: vscode.TextDocument, range: vscode.Range): Promise<RelatedSnippet[]> {
  const code = document.getText(range);
  const base = document.offsetAt(range.start);
  const lookups = usedNames(code)
    .slice(0, MAX_DEFINITIONS)
    .map(async ({ name, offset }): Promise<RelatedSnippet | undefined> => {
      const results = await within(
        vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink> | undefined>('vscode.executeDefinitionProvider', document.uri, document.positionAt(base + offset)),
        DEFINITION_TIMEOUT_MS,
        undefined,
      );
      const first = results?.[0];
      if (!first) return undefined;
      const uri = 'targetUri' in first ? first.targetUri : first.uri;
      const target = 'targetUri' in first ? (first.targetSelectionRange ?? first.targetRange) : first.range;
      if (uri.path.includes('/node_modules/') || (uri.scheme !== 'file' && uri.scheme !== 'untitled')) return undefined;
      if (uri.toString() === document.uri.toString() && range.contains(target)) return undefined;
      const targetDocument = await vscode.workspace.openTextDocument(uri);
      const lines = splitLines(targetDocument.getText());
      const block = indentationBlock(lines, target.start.line);
      const startLine = block && block.startLine <= target.start.line ? block.startLine : target.start.line;
      const endLine = Math.min(block ? block.endLine : target.start.line, startLine + MAX_SNIPPET_LINES - 1);
      return {
        path: vscode.workspace.asRelativePath(uri, false),
        startLine: startLine + 1,
        text: lines.slice(startLine, endLine + 1).join('\n'),
        reason: `definition of ${name}`,
      };
    });
  const snippets = (await Promise.all(lookups.map((l) => l.catch(() => undefined)))).filter((s): s is RelatedSnippet => s !== undefined);
  const unique = new Map(snippets.map((s) => [`${s.path}:${s.startLine}`, s]));
  return [...unique.values()];
}

/**
 * Workspace-relative paths of test files and of the sources they are named after, enough for
 * `proposeTestFile` to learn the project's conventions without listing the whole workspace.
 */
export async function testConventionFiles(folder: vscode.WorkspaceFolder): Promise<string[]> {
  const tests = await vscode.workspace.findFiles(
    new vscode.RelativePattern(folder, '**/{*.test.*,*.spec.*,*_test.*,*_spec.*,test_*.py,*Test.*,*Tests.*}'),
    EXCLUDED,
    400,
  );
  const relative = (uri: vscode.Uri) => vscode.workspace.asRelativePath(uri, false);
  const testPaths = tests.map(relative);
  const subjects = [...new Set(testPaths.map((p) => parseTestFile(p)?.subject).filter((s): s is string => s !== undefined && /^[\w.-]+$/.test(s)))].slice(0, 40);
  const sources = subjects.length > 0 ? await vscode.workspace.findFiles(new vscode.RelativePattern(folder, `**/{${subjects.join(',')}}.*`), EXCLUDED, 400) : [];
  return [...testPaths, ...sources.map(relative)];
}
