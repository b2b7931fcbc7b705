// Signing in to a remote MCP server, started by the user: a loopback listener comes up first (its address is the
// redirect_uri), the SDK discovers the authorization server, registers Mini Coder if needed and builds the
// authorization URL with PKCE; the host shows that URL; the code that comes back is exchanged for tokens, which
// the store keeps. Every failure ends in one sentence naming the server.
import type { auth as sdkAuth } from '@modelcontextprotocol/sdk/client/auth.js';
import { MiniCoderError } from '../../errors';
import { openLoopbackRedirect, SIGN_IN_TIMEOUT_MS } from './loopbackRedirect';
import { McpOAuthClient, type OAuthStore } from './oauthClient';

export interface SignInOptions {
  store: OAuthStore;
  /** Shows the authorization URL (the editor opens the browser; the terminal prints it). */
  open: (authorizationUrl: string) => void | Promise<void>;
  secret: (value: string) => void;
  /** The HTTP client for discovery, registration and tokens (bounded in size). */
  fetch: typeof fetch;
  auth: typeof sdkAuth;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Signs in to the server at `serverUrl`; resolves once tokens are stored, or throws a `tool` error. */
export async function signInToMcpServer(name: string, serverUrl: string, options: SignInOptions): Promise<void> {
  const stored = await options.store.read(serverUrl);
  const loopback = await openLoopbackRedirect({ port: registeredPort(stored?.client), timeoutMs: options.timeoutMs ?? SIGN_IN_TIMEOUT_MS, signal: options.signal });
  const open = (url: string) => options.open(browsable(url));
  const client = new McpOAuthClient(serverUrl, options.store, options.secret, { url: loopback.url, state: loopback.state, open });
  try {
    const first = await Promise.race([options.auth(client, { serverUrl, fetchFn: options.fetch }), loopback.code.then(() => 'REDIRECT' as const)]);
    if (first === 'AUTHORIZED') return;
    const code = await loopback.code;
    await options.auth(client, { serverUrl, authorizationCode: code, fetchFn: options.fetch });
  } catch (err) {
    if (options.signal?.aborted) throw new MiniCoderError({ kind: 'cancelled', message: `Signing in to the MCP server "${name}" was cancelled.` });
    throw new MiniCoderError({ kind: 'tool', message: `Signing in to the MCP server "${name}" failed: ${describeFailure(err)}` });
  } finally {
    loopback.close();
  }
}

/**
 * The authorization URL comes from the server's metadata: only an http(s) address is shown or opened, never a
 * `command:`, `file:` or editor URI a hostile server could use to reach past the browser.
 */
export function browsable(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error(`the authorization server's sign-in address is not a web address (${parsed.protocol}), so it was not opened`);
  // The parsed form: control characters a terminal would act on are percent-encoded.
  return parsed.href;
}

/** The port of the loopback redirect a stored registration names, so a strict server's exact match still holds. */
function registeredPort(client: unknown): number | undefined {
  const uris = (client as { redirect_uris?: unknown } | undefined)?.redirect_uris;
  const first = Array.isArray(uris) && typeof uris[0] === 'string' ? uris[0] : undefined;
  if (!first) return undefined;
  try {
    const url = new URL(first);
    return url.hostname === '127.0.0.1' && url.port ? Number(url.port) : undefined;
  } catch {
    return undefined;
  }
}

function describeFailure(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { errorCode?: unknown })?.errorCode ?? (err?.constructor as { errorCode?: unknown } | undefined)?.errorCode;
  const text = typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
