// Where the terminal host keeps turn checkpoints: $MINI_CODER_STATE_DIR, else the XDG state folder
// (~/.local/state/mini-coder/checkpoints), one store per workspace folder. Never inside the workspace.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CheckpointStore } from '../core/snapshots/turnCheckpoints';

/** The checkpoint store of a workspace folder for the CLI. */
export async function cliCheckpoints(workspaceDir: string, env: NodeJS.ProcessEnv): Promise<CheckpointStore> {
  const state = cliStateDir(env);
  const root = await fs.realpath(workspaceDir);
  return new CheckpointStore(path.join(state, 'checkpoints'), [root]);
}

/** The terminal host's state folder: $MINI_CODER_STATE_DIR, else $XDG_STATE_HOME/mini-coder (~/.local/state/mini-coder). */
export function cliStateDir(env: NodeJS.ProcessEnv): string {
  return env.MINI_CODER_STATE_DIR ?? path.join(env.XDG_STATE_HOME ?? path.join(os.homedir(), '.local', 'state'), 'mini-coder');
}
