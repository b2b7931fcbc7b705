// Shell code blocks and the terminal. "Insert into terminal" types the commands at the prompt without
// running them: the user reads them and presses Enter. Running a block is `runInTerminal`, the one entry
// point for it; it runs nothing unless the approval it is given says yes (the command tool's approval,
// decided by the core trust policy, plugs in there).
import * as vscode from 'vscode';
import { commandsOf } from '../core/actions/shellBlock';

/** Bracketed paste: a shell that supports it takes the lines as typed text and runs nothing until Enter. */
const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';
// A new terminal starts its shell first: on a busy machine that takes seconds.
const SHELL_INTEGRATION_WAIT_MS = 8000;
const TERMINAL_NAME = 'Mini Coder';

export type RunOutcome = 'ran' | 'refused' | 'inserted' | 'copied';

export class TerminalActions {
  constructor(
    private readonly notice: (text: string, level: 'info' | 'warning' | 'error') => void,
    /** Asks whether a command may run; absent until the command tool's approval exists, and then nothing runs. */
    private readonly approveCommand?: (command: string) => Promise<boolean>,
  ) {}

  /** Types a shell block at the prompt of the active terminal (a new one when none is open) without running it. */
  async insert(code: string): Promise<RunOutcome> {
    const text = commandsOf(code);
    if (text === '') return 'refused';
    const terminal = vscode.window.activeTerminal ?? vscode.window.createTerminal({ name: TERMINAL_NAME });
    terminal.show(false);
    if (!text.includes('\n')) {
      terminal.sendText(text, false);
      return 'inserted';
    }
    // Several lines: each line break would run a line, unless the shell takes them as one paste. Shells
    // VS Code integrates with (bash, zsh, fish, pwsh) do; for any other, the lines are copied instead.
    if (await shellIntegrated(terminal)) {
      terminal.sendText(`${PASTE_START}${text}${PASTE_END}`, false);
      return 'inserted';
    }
    await vscode.env.clipboard.writeText(text);
    this.notice('This terminal could run each line as it arrives, so the commands were copied instead: paste them into the terminal (VS Code asks before pasting several lines).', 'warning');
    return 'copied';
  }

  /**
   * "Run in terminal": the approval decides; without one (today) the commands are only inserted, for the
   * user to run with Enter. Never runs shell text on its own.
   */
  async runInTerminal(code: string): Promise<RunOutcome> {
    if (!this.approveCommand) {
      const outcome = await this.insert(code);
      if (outcome === 'inserted') this.notice('The commands are at the terminal prompt: press Enter there to run them.', 'info');
      return outcome;
    }
    const text = commandsOf(code);
    if (text === '' || !(await this.approveCommand(text))) return 'refused';
    const terminal = vscode.window.activeTerminal ?? vscode.window.createTerminal({ name: TERMINAL_NAME });
    terminal.show(false);
    terminal.sendText(text, true);
    return 'ran';
  }
}

async function shellIntegrated(terminal: vscode.Terminal): Promise<boolean> {
  if (terminal.shellIntegration) return true;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      listener.dispose();
      resolve(false);
    }, SHELL_INTEGRATION_WAIT_MS);
    const listener = vscode.window.onDidChangeTerminalShellIntegration((event) => {
      if (event.terminal !== terminal) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(true);
    });
  });
}
