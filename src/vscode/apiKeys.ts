// API keys live only in VS Code's SecretStorage (the OS keychain), one per service. They never reach the
// webview, the settings or the log.
import * as vscode from 'vscode';
import { accountOf, SERVICE_LABELS, type ServiceId } from '../core/providers';

export const SERVICE_NAMES: Record<ServiceId, string> = SERVICE_LABELS;

/** The SecretStorage key of a service's API key: Runware's Responses endpoint uses the Runware key. */
export function secretKeyOf(service: ServiceId): string {
  return `miniCoder.apiKey.${accountOf(service)}`;
}

export class ApiKeys {
  private readonly changed = new vscode.EventEmitter<ServiceId>();
  /** Fires with the service whose key was set or removed (also from another window). */
  readonly onDidChange = this.changed.event;

  constructor(private readonly secrets: vscode.SecretStorage) {
    secrets.onDidChange((e) => {
      const service = (['responses', 'runware'] as const).find((s) => secretKeyOf(s) === e.key);
      if (service) this.changed.fire(service);
    });
  }

  async get(service: ServiceId): Promise<string | undefined> {
    const key = await this.secrets.get(secretKeyOf(service));
    return key && key.trim() !== '' ? key : undefined;
  }

  async has(service: ServiceId): Promise<boolean> {
    return (await this.get(service)) !== undefined;
  }

  async set(service: ServiceId, key: string): Promise<void> {
    await this.secrets.store(secretKeyOf(service), key.trim());
  }

  async remove(service: ServiceId): Promise<void> {
    await this.secrets.delete(secretKeyOf(service));
  }

  /** Asks for a key in a password box; true when one was stored. */
  async ask(service: ServiceId): Promise<boolean> {
    const key = await vscode.window.showInputBox({
      title: `Mini Coder: API key for ${SERVICE_NAMES[accountOf(service)]}`,
      prompt: 'Stored in VS Code\'s secret storage (your system keychain); never written to settings or logs.',
      placeHolder: accountOf(service) === 'runware' ? 'Runware API key' : 'sk-…',
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() === '' ? 'Enter a key, or press Escape to cancel.' : /\s/.test(value.trim()) ? 'A key has no spaces.' : undefined),
    });
    if (key === undefined || key.trim() === '') return false;
    await this.set(service, key);
    return true;
  }
}
