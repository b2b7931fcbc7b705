// The command tools' host in the terminal: commands run as child processes of `mini-coder ask` (each in a
// process group of its own), sandboxed with bubblewrap where it works, inside the `--workspace` folder.
import { promises as fs } from 'node:fs';
import { BackgroundCommands } from '../core/commands/backgroundCommands';
import { ProcessLauncher, defaultShell } from '../core/commands/processLauncher';
import { sandboxAvailable } from '../core/commands/sandbox';
import type { FsWorkspace } from '../core/fsWorkspace';
import { notAFolder, type CommandHost } from '../core/tools/commandTools';

/** Commands for `mini-coder ask` on a workspace folder. */
export async function terminalCommandHost(workspace: FsWorkspace, env: NodeJS.ProcessEnv, maxSeconds: number): Promise<CommandHost> {
  const launcher = new ProcessLauncher({ env });
  const root = await fs.realpath(workspace.rootLabel);
  return {
    launcher,
    background: new BackgroundCommands(launcher),
    roots: async () => [root],
    resolveCwd: async (cwd) => {
      const abs = await workspace.resolve(cwd === '' ? '.' : cwd);
      const stat = await fs.stat(abs).catch(() => undefined);
      if (!stat?.isDirectory()) throw notAFolder(cwd);
      return fs.realpath(abs);
    },
    sandboxAvailable: () => sandboxAvailable(),
    maxSeconds: () => maxSeconds,
    posixShell: defaultShell().posix,
  };
}
