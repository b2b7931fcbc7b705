// `${input:id}` of a workspace's mcp.json: asked once (a password box for secrets, a pick list for choices) and
// kept in SecretStorage, never in settings or logs. Values are per folder, so two projects' `api-key` differ.
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { McpInput } from '../../core/mcp/config';

export class McpInputs {
  /** Asks in flight, so two servers needing the same input ask once. */
  private readonly asking = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly secrets: vscode.SecretStorage,
    /** Every value read or entered, so the log can scrub it. */
    private readonly forget: (secret: string) => void,
  ) {}

  /** The value of one input of a folder's mcp.json, asking the user the first time. */
  async value(folder: string, inputs: readonly McpInput[], id: string): Promise<string | undefined> {
    const key = storageKey(folder, id);
    const stored = await this.secrets.get(key);
    if (stored !== undefined) {
      this.forget(stored);
      return stored;
    }
    let asking = this.asking.get(key);
    if (!asking) {
      asking = this.ask(inputs.find((i) => i.id === id) ?? { id, type: 'promptString', description: id, password: true }).finally(() => this.asking.delete(key));
      this.asking.set(key, asking);
    }
    const value = await asking;
    if (value !== undefined) {
      this.forget(value);
      await this.secrets.store(key, value);
    }
    return value;
  }

  /** Forgets every stored value of a folder's inputs (they are asked again next time). */
  async clear(folder: string, inputs: readonly McpInput[]): Promise<void> {
    await Promise.all(inputs.map((i) => this.secrets.delete(storageKey(folder, i.id))));
  }

  private async ask(input: McpInput): Promise<string | undefined> {
    const title = `Mini Coder: MCP server input "${input.id}"`;
    if (input.type === 'pickString' && input.options?.length) {
      return vscode.window.showQuickPick(input.options, { title, placeHolder: input.description, ignoreFocusOut: true });
    }
    return vscode.window.showInputBox({ title, prompt: input.description, password: input.password === true, value: input.default, ignoreFocusOut: true });
  }
}

function storageKey(folder: string, id: string): string {
  return `miniCoder.mcpInput.${createHash('sha256').update(folder).digest('hex').slice(0, 12)}.${id}`;
}
