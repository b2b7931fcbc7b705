// How a host starts a command: as a child process (the terminal host, and the editor when its terminal has no
// shell integration) or in a VS Code terminal. The engine above (runCommand.ts, backgroundCommands.ts) times,
// bounds and stops commands the same way whichever runs them.
import type { SandboxPlan } from './sandbox';

/** A command to start. */
export interface LaunchRequest {
  /** The command line, run by the host's shell (`bash -c`). */
  command: string;
  /** Absolute folder it starts in. */
  cwd: string;
  /** Confine it (bubblewrap); undefined runs it as the user. */
  sandbox?: SandboxPlan;
  /** A name for where it shows (a terminal's title). */
  label?: string;
  /** A long-running command (a server) started in the background: it keeps its own terminal. */
  background?: boolean;
}

/** How a started command ended. */
export interface CommandExit {
  exitCode: number | null;
  signal: string | null;
}

/** A started command. */
export interface RunningCommand {
  /** Called with its output (stdout and stderr interleaved, as text) as it arrives. */
  onOutput(listener: (text: string, binaryBytes?: number) => void): void;
  /** Resolves when the command has ended and its output is read to the end. */
  readonly exited: Promise<CommandExit>;
  /** Ends the command and everything it started, at once. Resolves with how many processes it had to end. */
  kill(): Promise<number>;
  /** Ends whatever the command left running after it exited; resolves with how many. */
  reapLeftovers(): Promise<number>;
  /** Whether it sleeps reading an input nobody will give (best effort; false when it cannot tell). */
  waitingForInput(): Promise<boolean>;
}

/** Starts commands for one host. */
export interface CommandLauncher {
  /** The shell commands run in, as the model is told (`bash`). */
  readonly shellName: string;
  /** Where the output shows to the user, for the model's description (`a VS Code terminal`). */
  readonly where: string;
  /** Starts a command; throws a `tool` error when it cannot start at all. */
  launch(request: LaunchRequest): Promise<RunningCommand>;
}
