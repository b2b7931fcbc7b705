// Shell code blocks and the terminal. "Insert into terminal" types the commands at the prompt without
// running them: the user reads them and presses Enter. "Run in terminal" runs them only when the command
// approval says yes: the same trust policy in core as the agent's `run_command` (allowed prefixes from the
// user's settings run at once; anything else, and what always asks, asks in a modal dialog first).
import * as vscode from 'vscode';
import { commandsOf } from '../core/actions/shellBlock';
import type { ApprovalAnswer, ApprovalRequest, Approver } from '../core/trust/approvals';

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
    /** Asks the trust policy (and the user, when it says ask) whether `command` may run in `cwd`. */
    private readonly approveCommand: (command: string, cwd: string) => Promise<boolean>,
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
   * "Run in terminal": the commands run in a terminal the user sees, once the command approval allows them. The
   * active terminal is used when its shell reports a working directory (the policy judges the command there);
   * otherwise a new terminal opens in the first workspace folder. Never runs shell text without that approval.
   */
  async runInTerminal(code: string): Promise<RunOutcome> {
    const text = commandsOf(code);
    if (text === '') return 'refused';
    const folder = (vscode.workspace.workspaceFolders ?? []).find((f) => f.uri.scheme === 'file');
    if (!folder) {
      this.notice('Open a folder to run commands from the chat: commands run in a workspace folder.', 'warning');
      return 'refused';
    }
    let terminal = vscode.window.activeTerminal;
    const known = terminal?.shellIntegration?.cwd;
    let cwd = known?.scheme === 'file' ? known.fsPath : undefined;
    if (!terminal || cwd === undefined) {
      terminal = vscode.window.createTerminal({ name: TERMINAL_NAME, cwd: folder.uri });
      cwd = folder.uri.fsPath;
    }
    if (!(await this.approveCommand(text, cwd))) return 'refused';
    terminal.show(false);
    const integration = terminal.shellIntegration ?? ((await shellIntegrated(terminal)) ? terminal.shellIntegration : undefined);
    if (integration) integration.executeCommand(text);
    else terminal.sendText(text, true);
    return 'ran';
  }
}

/**
 * Asks in a modal dialog, for commands the user starts from a code block (no answer is streaming, so there is
 * no chat card to ask on). "Always" is offered only when the policy lets it be remembered.
 */
export function modalApprover(): Approver {
  return {
    ask: async (request: ApprovalRequest): Promise<ApprovalAnswer> => {
      const once = 'Run Once';
      const always = request.rememberable === false || request.scope === '' ? undefined : `Always Allow ${request.scope.split('\n').map((p) => `"${p}"`).join(', ')}`;
      const detail = [`Why it asks: ${request.reason}.`, request.detail ?? ''].filter(Boolean).join('\n\n');
      const choice = await vscode.window.showWarningMessage(request.title, { modal: true, detail }, ...(always ? [once, always] : [once]));
      if (choice === once) return { decision: 'once' };
      if (always && choice === always) return { decision: 'always' };
      return { decision: 'deny', reason: 'the user declined' };
    },
  };
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
