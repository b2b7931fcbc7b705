// Starts and stops a local code-server (the real VS Code workbench and extension host) for `npm start`
// and the end-to-end suites. It runs in a process group of its own so that stopping it also ends the file
// watchers and the extension host it forked; a process exit handler kills the group if a caller forgets.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const repoRoot = path.resolve(__dirname, '..', '..');

export interface CodeServerOptions {
  /** Port on 127.0.0.1; a free one is chosen when absent or 0. */
  port?: number;
  /** Added to the server's environment, which the extension host inherits. */
  env?: Record<string, string>;
  /** Folders for VS Code's state; throwaway ones (removed on stop) when absent. */
  userDataDir?: string;
  extensionsDir?: string;
  /** A .vsix installed before the server starts. */
  vsix?: string;
  /** Written to the user's settings.json (merged over quiet defaults). */
  settings?: Record<string, unknown>;
  /** Where the server's output goes; a file in the state folder when absent. */
  logFile?: string;
}

export interface RunningCodeServer {
  port: number;
  /** http://127.0.0.1:PORT */
  origin: string;
  userDataDir: string;
  extensionsDir: string;
  logFile: string;
  /** The workbench URL opening `folder` (an absolute path on this machine). */
  workbenchUrl(folder: string, query?: Record<string, string>): string;
  /** Settles when the server process ends, for whatever reason. */
  exited: Promise<void>;
  /** The last lines of the server's output, for error messages. */
  logTail(lines?: number): string;
  /** `[error]` lines the extension host and its extensions' output channels logged so far. */
  extensionHostErrors(): string[];
  stop(): Promise<void>;
}

/** Settings that keep any workbench we start quiet and offline. */
const quietSettings: Record<string, unknown> = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'workbench.startupEditor': 'none',
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
};

/** More for test workbenches: nothing else competing for the extension host or the screen. */
export const testSettings: Record<string, unknown> = {
  'chat.disableAIFeatures': true,
  'git.enabled': false,
};

const installer = path.join(repoRoot, 'scripts', 'e2e', 'install-code-server.sh');

function entryIn(folder: string): string {
  return path.join(folder, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

/** code-server's entry script when it is already in the cache, without installing anything. */
export function installedCodeServer(): string | undefined {
  try {
    const folder = execFileSync('bash', [installer, '--check'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return fs.existsSync(entryIn(folder)) ? entryIn(folder) : undefined;
  } catch {
    return undefined;
  }
}

/** Returns code-server's entry script, installing code-server into the cache first when needed. */
export async function ensureCodeServer(): Promise<string> {
  const folder = await new Promise<string>((resolve, reject) => {
    const child = spawn('bash', [installer], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(out.trim().split('\n').pop() ?? '') : reject(new Error(`${installer} failed with exit code ${code}`)),
    );
  });
  const entry = entryIn(folder);
  if (!fs.existsSync(entry)) throw new Error(`code-server is not where the installer said: ${entry} is missing`);
  return entry;
}

/** Asks the OS for a free port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function throwaway(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

function baseEnv(stateDir: string): NodeJS.ProcessEnv {
  // XDG folders keep code-server's own config and data out of the user's home.
  return {
    ...process.env,
    XDG_CONFIG_HOME: path.join(stateDir, 'xdg-config'),
    XDG_DATA_HOME: path.join(stateDir, 'xdg-data'),
  };
}

/** Installs a .vsix into an extensions folder with code-server's own installer. */
export async function installVsix(entry: string, vsix: string, userDataDir: string, extensionsDir: string): Promise<void> {
  await run(
    process.execPath,
    [entry, '--config', '/dev/null', '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', path.resolve(vsix), '--force'],
    { env: baseEnv(userDataDir), timeout: 120_000 },
  );
}

/** Writes settings.json: quiet defaults, then what the user changed earlier (kept folders), then ours. */
function writeSettings(userDataDir: string, settings: Record<string, unknown>): void {
  const file = path.join(userDataDir, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let existing: Record<string, unknown> = {};
  try {
    existing = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    // no settings yet, or comments that JSON cannot read: start from the defaults
  }
  fs.writeFileSync(file, JSON.stringify({ ...quietSettings, ...existing, ...settings }, null, 2));
}

/** Fails with a message naming --port when something already listens on 127.0.0.1:port. */
export async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', () => reject(new Error(`port ${port} on 127.0.0.1 is in use; choose another with --port`)));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

async function waitForHealth(origin: string, child: ChildProcess, tail: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${tail()}`);
    }
    try {
      const response = await fetch(`${origin}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`code-server did not answer ${origin}/healthz within 30 s:\n${tail()}`);
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

/** `[error]` lines of the extension host logs (the exthost folders of each session) under a logs folder. */
function errorLines(logsDir: string): string[] {
  const files = fs.existsSync(logsDir)
    ? fs.readdirSync(logsDir, { recursive: true, encoding: 'utf8' }).filter((file) => /(^|\/)exthost\d*\/.*\.log$/.test(file))
    : [];
  return files.flatMap((file) =>
    fs.readFileSync(path.join(logsDir, file), 'utf8').split('\n').filter((line) => line.includes('[error]')),
  );
}

/** Starts code-server on 127.0.0.1 and resolves once it answers its health check. */
export async function startCodeServer(options: CodeServerOptions = {}): Promise<RunningCodeServer> {
  const entry = await ensureCodeServer();
  const ownState = !options.userDataDir;
  const userDataDir = options.userDataDir ?? throwaway('mini-coder-user-');
  const ownExtensions = !options.extensionsDir;
  const extensionsDir = options.extensionsDir ?? throwaway('mini-coder-ext-');
  const removeOwnFolders = (): void => {
    if (ownState) fs.rmSync(userDataDir, { recursive: true, force: true });
    if (ownExtensions) fs.rmSync(extensionsDir, { recursive: true, force: true });
  };
  try {
    fs.mkdirSync(userDataDir, { recursive: true });
    fs.mkdirSync(extensionsDir, { recursive: true });
    writeSettings(userDataDir, options.settings ?? {});
    if (options.vsix) await installVsix(entry, options.vsix, userDataDir, extensionsDir);
  } catch (error) {
    removeOwnFolders();
    throw error;
  }

  const port = options.port || (await freePort());
  if (options.port) await assertPortFree(port);
  const origin = `http://127.0.0.1:${port}`;
  const logFile = options.logFile ?? path.join(userDataDir, 'code-server.log');
  const log = fs.openSync(logFile, 'a');
  const args = [
    entry,
    '--config', '/dev/null',
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
  ];
  // detached: a new session and process group (what setsid does), so the whole tree can be signalled.
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...baseEnv(userDataDir), ...options.env },
  });
  fs.closeSync(log);
  const pgid = child.pid;
  if (pgid === undefined) throw new Error('code-server could not be started');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killOnExit = (): void => killGroup(pgid, 'SIGKILL');
  process.on('exit', killOnExit);

  const logTail = (lines = 40): string => {
    try {
      return fs.readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  };

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      killGroup(pgid, 'SIGTERM');
      const deadline = Date.now() + 5_000;
      while (groupAlive(pgid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      if (groupAlive(pgid)) killGroup(pgid, 'SIGKILL');
      process.off('exit', killOnExit);
      // MINI_CODER_E2E_KEEP=1 keeps the logs (logs/*/exthost*/) for a look after a failure.
      if (process.env.MINI_CODER_E2E_KEEP === '1') {
        console.log(`code-server state kept in ${userDataDir}`);
        return;
      }
      removeOwnFolders();
    })());

  try {
    await waitForHealth(origin, child, logTail);
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    port,
    origin,
    userDataDir,
    extensionsDir,
    logFile,
    exited,
    logTail,
    extensionHostErrors: () => errorLines(path.join(userDataDir, 'logs')),
    stop,
    workbenchUrl(folder, query = {}) {
      // Slashes stay readable in the folder path: the URL is printed for people to open.
      const params = new URLSearchParams({ folder: path.resolve(folder), ...query });
      return `${origin}/?${params.toString().replace(/%2F/g, '/')}`;
    },
  };
}
