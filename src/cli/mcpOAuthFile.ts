// The terminal host's OAuth store for remote MCP servers: one JSON file, mcp-oauth.json in the CLI's state folder
// (never the workspace), readable by the user alone (0600, in a 0700 folder), replaced whole on every write so a
// crash never leaves half a file. Records are keyed by the server's URL.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { OAuthRecord, OAuthStore } from '../core/mcp/oauth/oauthClient';
import { cliStateDir } from './checkpointStorage';

interface StoredFile {
  version: 1;
  servers: Record<string, OAuthRecord>;
}

/** The file the CLI keeps OAuth tokens in. */
export function cliOAuthFile(env: NodeJS.ProcessEnv): string {
  return path.join(cliStateDir(env), 'mcp-oauth.json');
}

/** An OAuthStore on that file; writes are serialised within the process. */
export function fileOAuthStore(file: string): OAuthStore {
  let queue: Promise<unknown> = Promise.resolve();
  const read = async (): Promise<StoredFile> => {
    const text = await fs.readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    if (text === undefined) return { version: 1, servers: {} };
    try {
      const parsed = JSON.parse(text) as Partial<StoredFile>;
      return { version: 1, servers: parsed && typeof parsed.servers === 'object' && parsed.servers ? parsed.servers : {} };
    } catch {
      // A damaged file signs every server out rather than failing every run.
      return { version: 1, servers: {} };
    }
  };
  return {
    read: async (serverUrl) => (await read()).servers[serverUrl],
    write: (serverUrl, record) => {
      const next = queue.then(async () => {
        const stored = await read();
        if (record) stored.servers[serverUrl] = record;
        else delete stored.servers[serverUrl];
        await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
        const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
        await fs.writeFile(temp, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
        await fs.rename(temp, file);
      });
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
