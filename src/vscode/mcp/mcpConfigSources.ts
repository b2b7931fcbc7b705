// Where the editor's MCP servers are configured: the user's own `miniCoder.mcpServers` (user settings only, the
// `mcpServers` JSON of Claude Desktop / Cursor / Cline) and each workspace folder's `.vscode/mcp.json` (VS Code's
// format). Both are watched, so an edit applies without a reload.
import * as vscode from 'vscode';
import { parseMcpConfig, parseMcpConfigText, type McpConfigFile, type McpInput, type McpServerConfig } from '../../core/mcp/config';

export const WORKSPACE_CONFIG = '.vscode/mcp.json';

/** The servers of all sources, the inputs of each workspace file (by folder), and what could not be used. */
export interface EditorMcpConfig {
  servers: McpServerConfig[];
  inputs: Map<string, McpInput[]>;
  problems: string[];
  /** Workspace folder path of each workspace server, for `${workspaceFolder}` and its inputs. */
  folderOf: Map<string, string>;
}

/** Reads every source now. */
export async function readEditorMcpConfig(): Promise<EditorMcpConfig> {
  const result: EditorMcpConfig = { servers: [], inputs: new Map(), problems: [], folderOf: new Map() };
  const user = vscode.workspace.getConfiguration('miniCoder').inspect('mcpServers')?.globalValue;
  if (user !== undefined && !(typeof user === 'object' && user !== null && Object.keys(user).length === 0)) {
    add(result, parseMcpConfig(user, 'user', 'settings (miniCoder.mcpServers)'));
  }
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const uri = vscode.Uri.joinPath(folder.uri, WORKSPACE_CONFIG);
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      continue;
    }
    const source = (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? `${folder.name}/${WORKSPACE_CONFIG}` : WORKSPACE_CONFIG;
    const parsed = parseMcpConfigText(text, 'workspace', source);
    // A workspace cannot allow its own tools: only the user's settings and answers can.
    for (const server of parsed.servers) {
      delete server.alwaysAllow;
      result.folderOf.set(server.name, folder.uri.fsPath);
    }
    result.inputs.set(folder.uri.fsPath, parsed.inputs);
    add(result, parsed);
  }
  return result;
}

/** MCP tool globs the user allows without asking: `miniCoder.mcp.allowTools` and `alwaysAllow` of their own servers. */
export function userMcpAllowList(): string[] {
  const config = vscode.workspace.getConfiguration('miniCoder');
  const globs = config.inspect<unknown>('mcp.allowTools')?.globalValue;
  const allowed = Array.isArray(globs) ? globs.filter((g): g is string => typeof g === 'string') : [];
  const user = config.inspect('mcpServers')?.globalValue;
  if (user !== undefined) {
    for (const server of parseMcpConfig(user, 'user', 'settings').servers) {
      for (const tool of server.alwaysAllow ?? []) allowed.push(`${server.name}/${tool}`);
    }
  }
  return allowed;
}

/** Calls `listener` when a source may have changed: the settings, a workspace's mcp.json, the folders, trust. */
export function onMcpConfigChange(listener: () => void): vscode.Disposable {
  const watcher = vscode.workspace.createFileSystemWatcher(`**/${WORKSPACE_CONFIG}`);
  return vscode.Disposable.from(
    watcher,
    watcher.onDidChange(listener),
    watcher.onDidCreate(listener),
    watcher.onDidDelete(listener),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('miniCoder.mcpServers')) listener();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(listener),
    vscode.workspace.onDidGrantWorkspaceTrust(listener),
  );
}

function add(result: EditorMcpConfig, parsed: McpConfigFile): void {
  result.servers.push(...parsed.servers);
  result.problems.push(...parsed.problems);
}
