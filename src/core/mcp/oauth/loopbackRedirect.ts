// The end of an OAuth sign-in in the user's browser: a one-shot HTTP listener on 127.0.0.1 (a random port, or the
// port the client was registered with) that accepts exactly one redirect to its one path, checks its `state`, and
// closes as soon as the code arrived, the sign-in failed, the time limit passed, or the caller gave up.
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The path the authorization server redirects to. */
export const REDIRECT_PATH = '/oauth/callback';
/** How long a user has to finish signing in by default. */
export const SIGN_IN_TIMEOUT_MS = 5 * 60_000;

export interface LoopbackRedirect {
  /** `http://127.0.0.1:PORT/oauth/callback`: the redirect_uri to register and to send. */
  readonly url: string;
  /** The `state` the redirect must carry (random, sent with the authorization request). */
  readonly state: string;
  /** The authorization code; rejects with a sentence a person can act on. */
  readonly code: Promise<string>;
  /** Stops listening (idempotent). */
  close(): void;
}

/** Opens the listener; `port` is a preference (a taken port falls back to a random one). */
export async function openLoopbackRedirect(options: { port?: number; timeoutMs?: number; signal?: AbortSignal } = {}): Promise<LoopbackRedirect> {
  const timeoutMs = options.timeoutMs ?? SIGN_IN_TIMEOUT_MS;
  const state = randomBytes(24).toString('base64url');
  let settle: { resolve: (code: string) => void; reject: (err: Error) => void } | undefined;
  const code = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  // Nobody may be waiting yet when the listener fails (a timeout before the code is awaited).
  code.catch(() => undefined);
  let done = false;

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== REDIRECT_PATH || done) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found.');
      return;
    }
    const params = url.searchParams;
    if (params.get('state') !== state) {
      answer(res, 400, 'This sign-in link does not belong to the sign-in Mini Coder started. Nothing was accepted.');
      return finish(new Error('the browser came back with a "state" that does not match this sign-in, so the redirect was refused (start the sign-in again)'));
    }
    const error = params.get('error');
    if (error) {
      const description = params.get('error_description');
      answer(res, 400, 'The authorization server did not sign you in. You can close this tab.');
      return finish(new Error(`the authorization server refused the sign-in: ${clip(error)}${description ? ` (${clip(description)})` : ''}`));
    }
    const value = params.get('code');
    if (!value) {
      answer(res, 400, 'The redirect carried no authorization code. You can close this tab.');
      return finish(new Error('the authorization server redirected back without an authorization code'));
    }
    answer(res, 200, 'Signed in. You can close this tab and go back to Mini Coder.');
    finish(undefined, value);
  });

  const port = await listen(server, options.port ?? 0).catch(() => listen(server, 0));
  const timer = setTimeout(() => finish(new Error(`the sign-in was not completed within ${describe(timeoutMs)}`)), timeoutMs);
  const onAbort = () => finish(new Error('the sign-in was cancelled'));
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  function finish(err: Error | undefined, value?: string): void {
    if (done) return;
    done = true;
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    // The answer to the browser is flushed before the sockets go.
    server.close();
    setImmediate(() => server.closeAllConnections());
    if (err) settle!.reject(err);
    else settle!.resolve(value!);
  }

  return {
    url: `http://127.0.0.1:${port}${REDIRECT_PATH}`,
    state,
    code,
    close: () => finish(new Error('the sign-in was cancelled')),
  };
}

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.removeListener('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function answer(res: http.ServerResponse, status: number, text: string): void {
  const page = `<!doctype html><meta charset="utf-8"><title>Mini Coder</title><p>${text}</p>`;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': "default-src 'none'" }).end(page);
}

function clip(text: string): string {
  const flat = text.replace(/[\u0000-\u001f]+/g, ' ');
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

function describe(ms: number): string {
  return ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000} minute${ms === 60_000 ? '' : 's'}` : `${Math.round(ms / 100) / 10} s`;
}
