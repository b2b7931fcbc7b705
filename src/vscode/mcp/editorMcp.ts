// The editor's MCP servers: configured from the user's settings and the workspace's .vscode/mcp.json, started in
// the background after activation (the chat works before they are up), restarted when the configuration changes,
// their log in the "Mini Coder" output channel. Turns get the tools of the servers that are up.
import * as os from 'node:os';
import * as vscode from 'vscode';
import { resolveLaunch, type McpServerConfig } from '../../core/mcp/config';
import { McpServers } from '../../core/mcp/servers';
import type { Tool } from '../../core/tools/tool';
import type { TrustPolicy } from '../../core/trust/policy';
import type { Log } from '../log';
import { onMcpConfigChange, readEditorMcpConfig, type EditorMcpConfig } from './mcpConfigSources';
import { McpInputs } from './mcpInputs';
import { secretOAuthStore } from './mcpOAuthSecrets';
import { ServerStartApproval } from './serverStartApproval';

const DISABLED = 'miniCoder.mcpDisabledServers';
/** How long a turn waits for servers still starting before it goes on with the tools that are up. */
const TURN_WAIT_MS = 10_000;

export interface EditorMcpDeps {
  context: vscode.ExtensionContext;
  policy: TrustPolicy;
  log: Log;
}

export class EditorMcp implements vscode.Disposable {
  readonly servers: McpServers;
  readonly approval: ServerStartApproval;
  private readonly inputs: McpInputs;
  private config: EditorMcpConfig = { servers: [], inputs: new Map(), problems: [], folderOf: new Map() };
  private readonly subscriptions: vscode.Disposable[] = [];
  private reported = '';
  private refreshing: Promise<void> = Promise.resolve();
  /** Servers (and reasons) a "Sign in" notification was shown for, so it is shown once per need. */
  private readonly signInOffered = new Set<string>();

  constructor(private readonly deps: EditorMcpDeps) {
    const { context, log } = deps;
    this.approval = new ServerStartApproval(context.workspaceState);
    this.inputs = new McpInputs(context.secrets, log.forget);
    this.servers = new McpServers({
      policy: deps.policy,
      workspaceTrusted: () => vscode.workspace.isTrusted,
      approveStart: this.approval.approveStart,
      resolve: (config) => this.resolve(config),
      roots: () => (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString()),
      log: (server, line) => log.info(`[mcp ${server}] ${line}`),
      clientVersion: String((context.extension.packageJSON as { version?: string }).version ?? '0.0.0'),
      oauth: { store: secretOAuthStore(context.secrets), secret: log.forget },
    });
    this.servers.disabled = context.workspaceState.get<string[]>(DISABLED, []);
    this.subscriptions.push(onMcpConfigChange(() => void this.refresh()));
    this.subscriptions.push({ dispose: this.servers.onDidChange(() => this.offerSignIn()) });
  }

  /**
   * Signs in to a remote server after the user asked (a notification's button, the server list): the browser opens
   * on the authorization page, a cancellable notification waits for the redirect. Failures are shown, never thrown.
   * (`open` is the browser; the extension-host test plays it.)
   */
  async signIn(name: string, open: (url: string) => Promise<void> = openInBrowser): Promise<void> {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Mini Coder: signing in to the MCP server "${name}" in your browser…`, cancellable: true },
      async (_progress, token) => {
        const controller = new AbortController();
        const cancel = token.onCancellationRequested(() => controller.abort());
        try {
          await this.servers.signIn(name, open, { signal: controller.signal });
        } catch (err) {
          if (!controller.signal.aborted) void vscode.window.showErrorMessage(`Mini Coder: ${err instanceof Error ? err.message : String(err)}`);
        } finally {
          cancel.dispose();
        }
      },
    );
  }

  /** Forgets a server's OAuth tokens; it asks to sign in again. */
  signOut(name: string): Promise<void> {
    return this.servers.signOut(name);
  }

  /** A notification with "Sign in" for each server that newly asks for it; nothing opens until the user clicks. */
  private offerSignIn(): void {
    for (const state of this.servers.states()) {
      const key = `${state.name}\n${state.message ?? ''}`;
      if (state.status !== 'needs_sign_in') {
        for (const k of this.signInOffered) if (k.startsWith(`${state.name}\n`)) this.signInOffered.delete(k);
        continue;
      }
      if (this.signInOffered.has(key)) continue;
      this.signInOffered.add(key);
      void vscode.window.showInformationMessage(`Mini Coder: MCP server "${state.name}": ${state.message ?? 'it asks you to sign in'}.`, 'Sign in').then((choice) => {
        if (choice === 'Sign in') void this.signIn(state.name);
      });
    }
  }

  /** Reads the configuration and starts every server in the background. */
  start(): void {
    void this.refresh().then(() => this.servers.start());
  }

  /** Reads the configuration again; changed servers restart, new ones start, removed ones stop. */
  refresh(): Promise<void> {
    this.refreshing = this.refreshing.then(async () => {
      this.config = await readEditorMcpConfig();
      this.servers.update(this.config.servers, this.config.problems);
      for (const problem of this.servers.problems) this.deps.log.warn(`[mcp] ${problem}`);
    });
    return this.refreshing;
  }

  /** The tools to offer this turn: waits a little for servers still starting, then takes those that are up. */
  async toolsForTurn(builtIn: readonly string[]): Promise<Tool[]> {
    await this.refreshing;
    await this.servers.whenStarted(TURN_WAIT_MS);
    const { tools, leftOut } = this.servers.tools(builtIn);
    const report = leftOut.join('\n');
    if (report && report !== this.reported) this.deps.log.warn(`[mcp] tools not offered to the model:\n${report}`);
    this.reported = report;
    return tools;
  }

  /** Turns a server on or off, remembered for this workspace. */
  async setEnabled(name: string, enabled: boolean): Promise<void> {
    await this.servers.setEnabled(name, enabled);
    await this.deps.context.workspaceState.update(DISABLED, this.servers.disabled);
  }

  /** Forgets the values typed for a folder's inputs and restarts its servers, which ask again. */
  async resetInputs(): Promise<void> {
    for (const [folder, inputs] of this.config.inputs) await this.inputs.clear(folder, inputs);
    for (const server of this.config.servers) if (server.origin === 'workspace') await this.servers.restart(server.name);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    void this.servers.dispose();
  }

  private resolve(config: McpServerConfig): Promise<McpServerConfig> {
    const folder = this.config.folderOf.get(config.name) ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const inputs = (folder && this.config.inputs.get(folder)) || [];
    return resolveLaunch(config, {
      workspaceFolder: folder,
      userHome: os.homedir(),
      env: process.env,
      input: (id) => this.inputs.value(config.origin === 'workspace' && folder ? folder : 'user', inputs, id),
    });
  }
}

async function openInBrowser(url: string): Promise<void> {
  if (!(await vscode.env.openExternal(vscode.Uri.parse(url, true)))) throw new Error('the browser was not opened, so the sign-in was not started');
}
