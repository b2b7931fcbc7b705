// The editor's OAuth store for remote MCP servers: each server's registration and tokens in SecretStorage (the OS
// keychain), under a key made from the server's URL, never in settings, the log or the webview.
import { createHash } from 'node:crypto';
import type * as vscode from 'vscode';
import type { OAuthRecord, OAuthStore } from '../../core/mcp/oauth/oauthClient';

/** An OAuthStore on the extension's SecretStorage. */
export function secretOAuthStore(secrets: vscode.SecretStorage): OAuthStore {
  return {
    read: async (serverUrl) => {
      const text = await secrets.get(storageKey(serverUrl));
      if (!text) return undefined;
      try {
        return JSON.parse(text) as OAuthRecord;
      } catch {
        return undefined;
      }
    },
    write: async (serverUrl, record) => {
      if (record) await secrets.store(storageKey(serverUrl), JSON.stringify(record));
      else await secrets.delete(storageKey(serverUrl));
    },
  };
}

function storageKey(serverUrl: string): string {
  return `miniCoder.mcpOAuth.${createHash('sha256').update(serverUrl).digest('hex').slice(0, 24)}`;
}
