// "Mini Coder: MCP Servers": a quick pick of every configured server with its status (starting, running with its
// tool count, waiting for approval, blocked, error with the last stderr line, stopped), and for the one picked:
// allow it to start, restart, enable or disable, show its log, open its configuration.
import * as vscode from 'vscode';
import type { McpServerState } from '../../core/mcp/connection';
import type { EditorMcp } from './editorMcp';
import { WORKSPACE_CONFIG } from './mcpConfigSources';

export const MCP_COMMANDS = {
  servers: 'miniCoder.mcpServers',
  allowServer: 'miniCoder.mcpAllowServer',
  signIn: 'miniCoder.mcpSignIn',
  signOut: 'miniCoder.mcpSignOut',
} as const;

const ICONS: Record<McpServerState['status'], string> = {
  running: '$(pass-filled)',
  starting: '$(loading~spin)',
  waiting_for_approval: '$(shield)',
  needs_sign_in: '$(sign-in)',
  blocked: '$(circle-slash)',
  error: '$(error)',
  stopped: '$(circle-outline)',
  disabled: '$(circle-slash)',
};

/** What a server's row says about it. */
export function describeServer(state: McpServerState): { label: string; description: string; detail?: string } {
  const counts = state.status === 'running' ? `${state.tools.length} tools, ${state.resources.length} resources, ${state.prompts.length} prompts` : state.status.replace(/_/g, ' ');
  const tail = state.status === 'error' && state.stderrTail.length > 0 ? ` — stderr: ${state.stderrTail[state.stderrTail.length - 1]}` : '';
  return {
    label: `${ICONS[state.status]} ${state.name}`,
    description: `${counts} · ${state.source}`,
    ...(state.message || tail ? { detail: `${state.message ?? ''}${tail}` } : {}),
  };
}

export function registerMcpCommands(mcp: EditorMcp, showLog: () => void): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(MCP_COMMANDS.servers, () => pickServer(mcp, showLog)),
    // Also reachable with the server's name as argument (the extension-host tests answer the question this way).
    vscode.commands.registerCommand(MCP_COMMANDS.allowServer, async (name?: unknown) => {
      const which = typeof name === 'string' ? name : await vscode.window.showQuickPick(mcp.approval.waiting(), { title: 'Mini Coder: allow which workspace MCP server to start?' });
      if (!which) return false;
      return mcp.approval.answer(which, true);
    }),
    // Sign-in and sign-out of a remote server by name (the server list offers both; tests and keybindings use these).
    vscode.commands.registerCommand(MCP_COMMANDS.signIn, (name?: unknown) => (typeof name === 'string' ? mcp.signIn(name) : pickServer(mcp, showLog))),
    vscode.commands.registerCommand(MCP_COMMANDS.signOut, (name?: unknown) => (typeof name === 'string' ? mcp.signOut(name) : pickServer(mcp, showLog))),
  ];
}

async function pickServer(mcp: EditorMcp, showLog: () => void): Promise<void> {
  const states = mcp.servers.states();
  if (states.length === 0) {
    const open = await vscode.window.showInformationMessage(
      `Mini Coder: no MCP servers are configured. Add them to ${WORKSPACE_CONFIG} or to the user setting miniCoder.mcpServers.`,
      'Open User Settings',
    );
    if (open) await vscode.commands.executeCommand('workbench.action.openSettings', 'miniCoder.mcpServers');
    return;
  }
  const picked = await vscode.window.showQuickPick(
    states.map((state) => ({ ...describeServer(state), name: state.name })),
    { title: 'Mini Coder: MCP servers', matchOnDescription: true, matchOnDetail: true },
  );
  const state = picked && mcp.servers.get(picked.name)?.state;
  if (!state) return;
  const actions: Array<vscode.QuickPickItem & { run: () => unknown }> = [];
  if (state.status === 'waiting_for_approval') actions.push({ label: '$(shield) Allow this workspace server to start', run: () => mcp.approval.answer(state.name, true) });
  if (state.status === 'needs_sign_in' || (state.status === 'error' && state.transport !== 'stdio')) actions.push({ label: '$(sign-in) Sign in (opens your browser)', run: () => mcp.signIn(state.name) });
  if (state.signedIn) actions.push({ label: '$(sign-out) Sign out (forget its tokens)', run: () => mcp.signOut(state.name) });
  if (state.status === 'disabled') actions.push({ label: '$(play) Enable', run: () => mcp.setEnabled(state.name, true) });
  else actions.push({ label: '$(debug-restart) Restart', run: () => mcp.servers.restart(state.name) }, { label: '$(circle-slash) Disable', run: () => mcp.setEnabled(state.name, false) });
  actions.push({ label: '$(output) Show Log', run: showLog });
  if (state.origin === 'workspace') {
    actions.push({ label: '$(go-to-file) Open .vscode/mcp.json', run: () => openWorkspaceConfig() });
    actions.push({ label: '$(key) Forget the values typed for its inputs', run: () => mcp.resetInputs() });
  } else {
    actions.push({ label: '$(settings-gear) Open User Settings', run: () => vscode.commands.executeCommand('workbench.action.openSettings', 'miniCoder.mcpServers') });
  }
  const action = await vscode.window.showQuickPick(actions, { title: `Mini Coder: ${state.name}`, placeHolder: describeServer(state).detail ?? describeServer(state).description });
  await action?.run();
}

async function openWorkspaceConfig(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (folder) await vscode.window.showTextDocument(vscode.Uri.joinPath(folder.uri, WORKSPACE_CONFIG));
}
