// The command tools' host in the editor: commands start in the workspace folders, run in a VS Code terminal
// (falling back to child processes), and the chat's command card can stop the one running. Trust is not
// decided here: the tools ask the policy in core, and the chat only presents its questions.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { BackgroundCommands } from '../core/commands/backgroundCommands';
import { ProcessLauncher, defaultShell } from '../core/commands/processLauncher';
import { sandboxAvailable } from '../core/commands/sandbox';
import { DEFAULT_MAX_COMMAND_SECONDS, notAFolder, type CommandHost } from '../core/tools/commandTools';
import type { EditorWorkspace } from './editorWorkspace';
import { TerminalLauncher } from './terminalLauncher';

/** The command host of the window, with the Stop of the command cards and the clean-up at the end. */
export interface EditorCommands extends CommandHost, vscode.Disposable {
  /** Stops the command running in the foreground (its card's Stop), or a background one by its handle. */
  stop(background?: string): Promise<void>;
}

export function editorCommandHost(deps: { workspace: EditorWorkspace; storageDir: string; log: (line: string) => void }): EditorCommands {
  const launcher = new TerminalLauncher(new ProcessLauncher(), path.join(deps.storageDir, 'command-scripts'), deps.log);
  const background = new BackgroundCommands(launcher);
  const stoppers = new Set<() => void>();
  const folders = () => vscode.workspace.workspaceFolders ?? [];
  return {
    launcher,
    background,
    posixShell: defaultShell().posix,
    roots: async () => Promise.all(folders().filter((f) => f.uri.scheme === 'file').map((f) => fs.realpath(f.uri.fsPath).catch(() => f.uri.fsPath))),
    resolveCwd: async (cwd) => {
      const uri = await deps.workspace.uriFor(cwd);
      const stat = uri.scheme === 'file' ? await fs.stat(uri.fsPath).catch(() => undefined) : undefined;
      if (!stat?.isDirectory()) throw notAFolder(cwd || '.');
      return fs.realpath(uri.fsPath);
    },
    sandboxAvailable: () => sandboxAvailable(),
    maxSeconds: () => {
      const value = vscode.workspace.getConfiguration('miniCoder.commands').inspect<number>('maxTimeoutSeconds')?.globalValue;
      return typeof value === 'number' && value >= 1 ? Math.floor(value) : DEFAULT_MAX_COMMAND_SECONDS;
    },
    track: (stop) => {
      stoppers.add(stop);
      return () => stoppers.delete(stop);
    },
    stop: async (handle) => {
      if (handle) {
        await background.stop(handle).catch(() => undefined);
        return;
      }
      for (const stop of [...stoppers]) stop();
    },
    dispose: () => {
      void background.stopAll();
      launcher.dispose();
    },
  };
}
