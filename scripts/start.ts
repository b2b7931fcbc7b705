// `npm start [-- --port 8080] [--folder DIR] [--code]`: builds and packages Mini Coder, installs the .vsix
// into a local code-server (a real VS Code in the browser) and serves it on http://127.0.0.1:PORT with
// DIR as the workspace. With --code it installs into the desktop VS Code on PATH instead.
// VS Code's state is kept between runs in the cache folder, so a key set once stays set.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { assertPortFree, startCodeServer } from './e2e/codeServer';
import { packageExtension } from './package';

interface StartOptions {
  port: number;
  folder: string;
  desktop: boolean;
}

function parseArguments(argv: string[]): StartOptions {
  const options: StartOptions = { port: 8080, folder: process.env.INIT_CWD ?? process.cwd(), desktop: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--port') {
      options.port = Number(value());
      if (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535) throw new Error(`--port must be a port number, got ${argv[i]}`);
    } else if (arg === '--folder') options.folder = path.resolve(process.env.INIT_CWD ?? process.cwd(), value());
    else if (arg === '--code') options.desktop = true;
    else throw new Error(`unknown option ${arg}; use --port N, --folder DIR or --code`);
  }
  if (!fs.statSync(options.folder, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`--folder ${options.folder} is not a folder`);
  return options;
}

function hasCodeCommand(): boolean {
  try {
    execFileSync('code', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function openInDesktopCode(vsix: string, folder: string): void {
  execFileSync('code', ['--install-extension', vsix, '--force'], { stdio: 'inherit' });
  spawn('code', [folder], { detached: true, stdio: 'ignore' }).unref();
  console.log(`Installed ${path.basename(vsix)} into VS Code and opened ${folder}.`);
}

async function serveInCodeServer(vsix: string, { port, folder }: StartOptions): Promise<void> {
  const state = path.join(process.env.MINI_CODER_CACHE ?? path.join(os.homedir(), '.cache', 'mini-coder'), 'start');
  const server = await startCodeServer({
    port,
    vsix,
    userDataDir: path.join(state, 'user-data'),
    extensionsDir: path.join(state, 'extensions'),
  });
  console.log(`\nMini Coder is running in VS Code at:\n\n  ${server.workbenchUrl(folder)}\n`);
  console.log(`Workspace: ${folder}\nServer log: ${server.logFile}\nPress Ctrl+C to stop.`);
  let stopping: Promise<void> | undefined;
  const stop = (): void => {
    stopping ??= server.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.once('SIGHUP', stop);
  // code-server runs in a process group of its own, so a signal sent only to npm never reaches it: when
  // whatever started us goes away (we are re-parented), stop it too rather than leave it serving.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stop();
  }, 1000).unref();
  await server.exited;
  if (stopping) return; // Ctrl+C: stop() ends the process once the group is gone
  console.error(`code-server stopped by itself:\n${server.logTail()}`);
  process.exit(1);
}

async function main(): Promise<void> {
  const options = parseArguments(process.argv.slice(2));
  // Refuse before the build rather than after it.
  if (options.desktop && !hasCodeCommand()) throw new Error('--code needs the `code` command of a desktop VS Code on PATH');
  if (!options.desktop) await assertPortFree(options.port);
  const { vsix, bytes } = await packageExtension();
  console.log(`Packaged ${path.basename(vsix)} (${(bytes / 1024).toFixed(1)} KiB).`);
  if (options.desktop) openInDesktopCode(vsix, options.folder);
  else await serveInCodeServer(vsix, options);
}

main().catch((error: unknown) => {
  console.error(`npm start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
