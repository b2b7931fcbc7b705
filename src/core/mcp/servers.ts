// The configured MCP servers of a window or a CLI run: started in parallel and in the background (the chat is
// usable before they are up), each through the trust policy's start decision, updated in place when the
// configuration changes, enabled, disabled and restarted by the user.
import type { TrustPolicy } from '../trust/policy';
import { launchFingerprint, launchLine, type McpServerConfig } from './config';
import { McpConnection, type ConnectionOptions, type McpServerState } from './connection';
import { offerMcpTools, type OfferedTools } from './mcpTools';

export interface McpServersOptions extends Omit<ConnectionOptions, 'log' | 'changed'> {
  policy: TrustPolicy;
  /** Whether the editor trusts the workspace (the terminal: always). */
  workspaceTrusted: () => boolean;
  /**
   * Asks the user whether a workspace's server may start; the policy said "ask". Absent where no one can be
   * asked (such a server stays blocked). Hosts remember the answer by `launchFingerprint`.
   */
  approveStart?: (config: McpServerConfig, reason: string) => Promise<boolean>;
  log: (server: string, line: string) => void;
}

export class McpServers {
  private readonly connections = new Map<string, McpConnection>();
  private readonly disabledByUser = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private readonly starts = new Map<string, Promise<void>>();
  private readonly signingIn = new Map<McpConnection, Promise<void>>();
  /** Set once `start` ran: servers added later start at once. */
  private started = false;
  /** Problems of the configuration (a duplicate name), for the server list. */
  problems: string[] = [];

  constructor(private readonly options: McpServersOptions) {}

  /** Called after any server's state changed. */
  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Takes a new configuration: servers that are gone stop, changed ones restart, new ones start when `start` runs
   * (or at once, when the others were already started). The first definition of a name wins.
   */
  update(configs: readonly McpServerConfig[], problems: readonly string[] = []): void {
    const wanted = new Map<string, McpServerConfig>();
    this.problems = [...problems];
    for (const config of configs) {
      if (wanted.has(config.name)) this.problems.push(`server "${config.name}" from ${config.source} has the name of one from ${wanted.get(config.name)!.source}; only that one is used`);
      else wanted.set(config.name, config);
    }
    for (const [name, connection] of this.connections) {
      const next = wanted.get(name);
      if (next && sameLaunch(next, connection.config)) continue;
      this.connections.delete(name);
      this.starts.delete(name);
      void connection.stop();
    }
    for (const [name, config] of wanted) {
      if (this.connections.has(name)) continue;
      this.connections.set(name, this.connection(config));
      if (this.started) void this.startOne(name);
    }
    this.emit();
  }

  /** Starts every server not started yet, in parallel; resolves when each runs, failed, or waits for the user. */
  start(): Promise<void> {
    this.started = true;
    return Promise.all([...this.connections.keys()].map((name) => this.startOne(name))).then(() => undefined);
  }

  /**
   * Waits for servers that are starting now, at most `timeoutMs` (a turn goes on with the tools that are up). One
   * waiting for the user's approval is not waited for.
   */
  async whenStarted(timeoutMs: number): Promise<void> {
    const starting = this.all().filter((c) => c.state.status === 'starting');
    if (starting.length === 0) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.all(starting.map((c) => c.start())), limit]);
    clearTimeout(timer);
  }

  states(): McpServerState[] {
    return [...this.connections.values()].map((c) => c.state);
  }

  get(name: string): McpConnection | undefined {
    return this.connections.get(name);
  }

  all(): McpConnection[] {
    return [...this.connections.values()];
  }

  /** The running servers' tools for the model, named so they do not clash with `builtIn`. */
  tools(builtIn: readonly string[] = []): OfferedTools {
    return offerMcpTools(this.all(), builtIn);
  }

  async restart(name: string): Promise<void> {
    const connection = this.connections.get(name);
    if (!connection) return;
    this.disabledByUser.delete(name);
    await connection.stop();
    this.starts.delete(name);
    await this.startOne(name);
  }

  /**
   * Signs in to a remote server the user chose (OAuth), then starts it again with the new tokens. Only a server that
   * already passed the start decision (it asked for sign-in, or runs) can be signed in to: trust comes first.
   */
  async signIn(name: string, open: (authorizationUrl: string) => void | Promise<void>, options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<void> {
    const connection = this.connections.get(name);
    if (!connection) return;
    const { status } = connection.state;
    if (status !== 'needs_sign_in' && status !== 'running' && status !== 'error') return;
    // A second click while the browser is open joins the sign-in in progress instead of opening another.
    let signing = this.signingIn.get(connection);
    if (!signing) {
      signing = connection.signIn(open, options).finally(() => this.signingIn.delete(connection));
      this.signingIn.set(connection, signing);
    }
    await signing;
    if (this.connections.get(name) === connection) await this.restart(name);
  }

  /** Forgets a server's OAuth tokens and starts it again (it then asks to sign in). */
  async signOut(name: string): Promise<void> {
    const connection = this.connections.get(name);
    if (!connection) return;
    await connection.signOut();
    if (connection.state.status === 'running' || connection.state.status === 'needs_sign_in') await this.restart(name);
  }

  /** Turns a server off (stopped, its tools no longer offered) or on again (started). */
  async setEnabled(name: string, enabled: boolean): Promise<void> {
    const connection = this.connections.get(name);
    if (!connection) return;
    if (enabled) {
      this.disabledByUser.delete(name);
      this.starts.delete(name);
      await this.startOne(name);
    } else {
      this.disabledByUser.add(name);
      await connection.stop('disabled');
    }
  }

  /** Names the user turned off (kept by the host between sessions). */
  get disabled(): string[] {
    return [...this.disabledByUser];
  }

  set disabled(names: readonly string[]) {
    this.disabledByUser.clear();
    for (const name of names) this.disabledByUser.add(name);
  }

  /** Stops every server. */
  async dispose(): Promise<void> {
    const all = [...this.connections.values()];
    this.connections.clear();
    this.starts.clear();
    await Promise.all(all.map((c) => c.stop()));
  }

  private startOne(name: string): Promise<void> {
    let start = this.starts.get(name);
    if (!start) {
      start = this.decideAndStart(name);
      this.starts.set(name, start);
    }
    return start;
  }

  private async decideAndStart(name: string): Promise<void> {
    const connection = this.connections.get(name);
    if (!connection) return;
    const { config } = connection;
    if (config.disabled || this.disabledByUser.has(name)) return connection.hold('disabled', config.disabled ? `"disabled": true in ${config.source}` : 'turned off by you');
    const verdict = this.options.policy.mcpServerStart({ name, origin: config.origin, workspaceTrusted: this.options.workspaceTrusted(), launches: launchLine(config) });
    if (verdict.decision === 'deny') return connection.hold('blocked', verdict.reason);
    if (verdict.decision === 'ask') {
      if (!this.options.approveStart) return connection.hold('blocked', `${verdict.reason}; no one can be asked here`);
      connection.hold('waiting_for_approval', verdict.reason);
      const approved = await this.options.approveStart(config, verdict.reason).catch(() => false);
      if (this.connections.get(name) !== connection) return;
      if (!approved) return connection.hold('blocked', 'you did not allow this workspace server to start');
    }
    await connection.start();
  }

  private connection(config: McpServerConfig): McpConnection {
    return new McpConnection(config, {
      ...this.options,
      log: (line) => this.options.log(config.name, line),
      changed: () => this.emit(),
    });
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

function sameLaunch(a: McpServerConfig, b: McpServerConfig): boolean {
  return launchFingerprint(a) === launchFingerprint(b) && a.timeoutMs === b.timeoutMs && a.disabled === b.disabled && a.origin === b.origin;
}
