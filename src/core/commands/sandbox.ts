// The sandbox for commands that run without asking: bubblewrap (`bwrap`) on Linux. Inside it the whole file
// system is read-only except the workspace folders (wherever they are, /tmp included), /tmp is private and
// empty, the network is gone (only a loopback of its own), the command sees only its own processes, and the
// folders of the user's home that hold credentials are hidden. The workspace's `.git` and `.vscode` stay
// read-only, so a sandboxed command cannot plant a hook or a task that runs later outside it.
import { execFile } from 'node:child_process';
import { existsSync, promises as fs, statSync } from 'node:fs';
import * as path from 'node:path';

/** What a sandboxed command may write and what it must not see. */
export interface SandboxPlan {
  /** Absolute real paths the command may write (the workspace folders). */
  writable: readonly string[];
  /** The user's home folder, whose credential stores are hidden. */
  home: string;
  /** More paths the command must read although they may be under the private /tmp (the script it runs). */
  readable?: readonly string[];
}

/** Folders and files of the home folder hidden inside the sandbox: credentials a command has no business reading. */
export const HIDDEN_IN_HOME: readonly string[] = [
  '.ssh',
  '.gnupg',
  '.aws',
  '.azure',
  '.config/gcloud',
  '.kube',
  '.docker',
  '.netrc',
  '.git-credentials',
  '.npmrc',
  '.pypirc',
  '.pgpass',
  '.config/gh',
  '.config/hub',
  '.password-store',
  '.vault-token',
  '.cargo/credentials',
  '.cargo/credentials.toml',
  '.gem/credentials',
  '.config/composer/auth.json',
  '.terraform.d/credentials.tfrc.json',
  '.local/share/keyrings',
  // Checkpoints of every workspace (copies of their .env files) and the editors' stored state.
  '.local/state/mini-coder',
  '.config/Code/User/globalStorage',
  '.config/Code - OSS/User/globalStorage',
  '.config/VSCodium/User/globalStorage',
  '.local/share/code-server/User/globalStorage',
  '.vscode-server/data/User/globalStorage',
];

/** Folders inside the workspace a sandboxed command may read but not change (their content runs later, outside it). */
export const READ_ONLY_IN_WORKSPACE: readonly string[] = ['.git', '.vscode'];

let probe: Promise<boolean> | undefined;

/** Whether bubblewrap is installed and can build a sandbox here (user namespaces allowed); checked once. */
export function sandboxAvailable(bwrap = 'bwrap'): Promise<boolean> {
  if (process.platform !== 'linux') return Promise.resolve(false);
  probe ??= new Promise((resolve) => {
    execFile(bwrap, [...baseArguments(), '--', '/bin/sh', '-c', 'exit 0'], { timeout: 5_000, windowsHide: true }, (err) => resolve(!err));
  });
  return probe;
}

/** The bwrap arguments that confine a command to the plan, ending before `--`. */
export function sandboxArguments(plan: SandboxPlan, cwd: string): string[] {
  const args = baseArguments();
  for (const root of plan.writable) {
    args.push('--bind', root, root);
    for (const name of READ_ONLY_IN_WORKSPACE) {
      const inside = path.join(root, name);
      // One that does not exist yet must not be created either (a new .git with a hook or core.fsmonitor, a
      // .vscode/tasks.json, run later outside the sandbox): an empty read-only folder stands there while it runs.
      if (existsSync(inside)) args.push('--ro-bind', inside, inside);
      else args.push('--tmpfs', inside, '--remount-ro', inside);
    }
  }
  for (const extra of plan.readable ?? []) args.push('--ro-bind', extra, extra);
  for (const rel of HIDDEN_IN_HOME) {
    const hidden = path.join(plan.home, rel);
    // Hidden inside a workspace too (the home folder opened as one), but never over the workspace itself.
    if (plan.writable.some((root) => hidden === root || root.startsWith(hidden + path.sep))) continue;
    const kind = statKind(hidden);
    if (kind === 'directory') args.push('--tmpfs', hidden);
    else if (kind === 'file') args.push('--ro-bind', '/dev/null', hidden);
  }
  args.push('--chdir', cwd);
  return args;
}

const mountPointUsers = new Map<string, number>();

/**
 * Holds the empty folders bubblewrap makes in the workspace for the read-only folders it lacks (see
 * `sandboxArguments`) while a sandboxed command runs; the returned function removes them once no sandboxed command
 * uses them (only while still empty, so nothing of the user's is ever removed).
 */
export function holdMountPoints(plan: SandboxPlan): () => Promise<void> {
  const held = plan.writable.flatMap((root) => READ_ONLY_IN_WORKSPACE.map((name) => path.join(root, name))).filter((p) => !existsSync(p) || mountPointUsers.has(p));
  for (const p of held) mountPointUsers.set(p, (mountPointUsers.get(p) ?? 0) + 1);
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    for (const p of held) {
      const users = (mountPointUsers.get(p) ?? 1) - 1;
      if (users > 0) {
        mountPointUsers.set(p, users);
        continue;
      }
      mountPointUsers.delete(p);
      await fs.rmdir(p).catch(() => undefined);
    }
  };
}

function baseArguments(): string[] {
  return [
    '--die-with-parent',
    '--new-session',
    '--unshare-net',
    '--unshare-pid',
    '--unshare-ipc',
    '--unshare-uts',
    '--unshare-cgroup-try',
    '--ro-bind',
    '/',
    '/',
    '--dev',
    '/dev',
    '--tmpfs',
    '/dev/shm',
    '--proc',
    '/proc',
    '--tmpfs',
    '/tmp',
  ];
}

function statKind(p: string): 'file' | 'directory' | undefined {
  try {
    const s = statSync(p);
    return s.isDirectory() ? 'directory' : 'file';
  } catch {
    return undefined;
  }
}

/** One sentence for the model and the user: what the sandbox allows. */
export const SANDBOX_SUMMARY = 'ran in the sandbox: no network, only the workspace (and a private /tmp) writable, .git and .vscode read-only';
