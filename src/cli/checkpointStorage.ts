// Where the terminal host keeps turn checkpoints: $MINI_CODER_STATE_DIR, else the XDG state folder
// (~/.local/state/mini-coder/checkpoints), one store per workspace folder. Never inside the workspace.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CheckpointStore } from '../core/snapshots/turnCheckpoints';

/** The checkpoint store of a workspace folder for the CLI. */
export async function cliCheckpoints(workspaceDir: string, env: NodeJS.ProcessEnv): Promise<CheckpointStore> {
  const state = env.MINI_CODER_STATE_DIR ?? path.join(env.XDG_STATE_HOME ?? path.join(os.homedir(), '.local', 'state'), 'mini-coder');
  const root = await fs.realpath(workspaceDir);
  return new CheckpointStore(path.join(state, 'checkpoints'), [root]);
}
