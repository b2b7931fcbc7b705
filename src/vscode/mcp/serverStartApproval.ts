// Presents the trust policy's question before a workspace's MCP server starts (starting a stdio server runs a
// command the repository chose): a notification with Allow / Don't Allow, also answerable from the server
// list. A yes is remembered for this workspace by the server's launch fingerprint, so a changed command asks again.
import * as vscode from 'vscode';
import { launchFingerprint, type McpServerConfig } from '../../core/mcp/config';

const REMEMBERED = 'miniCoder.mcpApprovedServers';

export class ServerStartApproval {
  private readonly pending = new Map<string, { config: McpServerConfig; answer: (yes: boolean) => void }>();

  constructor(private readonly memory: vscode.Memento) {}

  /** Whether the server may start: yes when approved before (same launch), else asks and waits for the answer. */
  approveStart = (config: McpServerConfig, reason: string): Promise<boolean> => {
    if (this.remembered().includes(key(config))) return Promise.resolve(true);
    this.pending.get(config.name)?.answer(false);
    return new Promise<boolean>((resolve) => {
      this.pending.set(config.name, {
        config,
        answer: (yes) => {
          this.pending.delete(config.name);
          resolve(yes);
        },
      });
      void vscode.window.showWarningMessage(`Mini Coder: allow the MCP server ${reason}?`, 'Allow', "Don't Allow").then((choice) => {
        if (choice === 'Allow') void this.answer(config.name, true);
        else if (choice === "Don't Allow") void this.answer(config.name, false);
      });
    });
  };

  /** Servers waiting for the user's word. */
  waiting(): string[] {
    return [...this.pending.keys()];
  }

  /** The user's answer (notification, server list, command); a yes is remembered. False when nothing was waiting. */
  async answer(name: string, yes: boolean): Promise<boolean> {
    const pending = this.pending.get(name);
    if (!pending) return false;
    if (yes) await this.memory.update(REMEMBERED, [...this.remembered().filter((k) => !k.startsWith(`${name}:`)), key(pending.config)]);
    pending.answer(yes);
    return true;
  }

  /** Forgets every approval of this workspace (the servers ask again on their next start). */
  async forgetAll(): Promise<void> {
    await this.memory.update(REMEMBERED, []);
  }

  private remembered(): string[] {
    return this.memory.get<string[]>(REMEMBERED, []);
  }
}

function key(config: McpServerConfig): string {
  return `${config.name}:${launchFingerprint(config)}`;
}
