// An OAuth-protected Streamable HTTP MCP server on 127.0.0.1, built from the SDK's own server pieces: mcpAuthRouter
// (metadata, dynamic registration, /authorize, /token with the PKCE S256 check), requireBearerAuth (401 with the
// protected resource metadata address) and a Streamable HTTP transport. The authorization server behind it is ours
// and as strict as the spec: codes are single-use and bound to their client, redirect_uri and resource; refresh
// tokens rotate; access tokens expire. The "user" consents at once: a test plays the browser by following the URL.
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import { mcpAuthRouter } from '@modelcontextprotocol/sdk/server/auth/router.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { AccessDeniedError, InvalidGrantError, InvalidTargetError, InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type { AuthorizationParams, OAuthServerProvider } from '@modelcontextprotocol/sdk/server/auth/provider.js';
import type { OAuthRegisteredClientsStore } from '@modelcontextprotocol/sdk/server/auth/clients.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { OAuthClientInformationFull, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';

export interface OAuthServerBehaviour {
  /** Lifetime of an access token, seconds (default one hour). */
  accessTokenSeconds?: number;
  /** The refresh grant answers invalid_grant (the user revoked Mini Coder, say). */
  refuseRefresh?: boolean;
  /** /authorize redirects back with error=access_denied. */
  denyAuthorization?: boolean;
  /** /authorize redirects back with a state other than the one it got (a forged or crossed redirect). */
  forgeState?: boolean;
  /** Speak the older HTTP+SSE transport at /sse instead of Streamable HTTP at /mcp. */
  sse?: boolean;
}

interface Grant {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  resource?: string;
  scopes: string[];
}

class StrictAuthorizationServer implements OAuthServerProvider {
  readonly clients = new Map<string, OAuthClientInformationFull>();
  readonly codes = new Map<string, Grant>();
  readonly access = new Map<string, { clientId: string; expiresAt: number; resource?: string; scopes: string[] }>();
  readonly refresh = new Map<string, { clientId: string; resource?: string; scopes: string[] }>();
  /** Every token issued, so tests can look for them where they must not be. */
  readonly issued: string[] = [];
  readonly counts = { registrations: 0, authorizations: 0, codeExchanges: 0, refreshes: 0 };

  constructor(
    private readonly resource: () => string,
    readonly behaviour: OAuthServerBehaviour,
  ) {}

  get clientsStore(): OAuthRegisteredClientsStore {
    return {
      getClient: async (id) => this.clients.get(id),
      registerClient: async (client) => {
        this.counts.registrations++;
        const full = { ...client, client_id: `client-${randomBytes(8).toString('hex')}`, client_id_issued_at: Math.floor(Date.now() / 1000) } as OAuthClientInformationFull;
        this.clients.set(full.client_id, full);
        return full;
      },
    };
  }

  async authorize(client: OAuthClientInformationFull, params: AuthorizationParams, res: { redirect: (status: number, url: string) => void }): Promise<void> {
    this.counts.authorizations++;
    // Exact match (RFC 9700), stricter than the SDK's loopback port leniency.
    if (!client.redirect_uris.includes(params.redirectUri)) throw new InvalidGrantError('redirect_uri is not registered for this client');
    const target = new URL(params.redirectUri);
    const state = this.behaviour.forgeState ? 'forged-state' : params.state;
    if (state !== undefined) target.searchParams.set('state', state);
    if (this.behaviour.denyAuthorization) {
      target.searchParams.set('error', new AccessDeniedError('').errorCode);
      target.searchParams.set('error_description', 'the user said no');
    } else {
      const code = randomBytes(16).toString('hex');
      this.codes.set(code, { clientId: client.client_id, redirectUri: params.redirectUri, codeChallenge: params.codeChallenge, resource: params.resource?.href, scopes: params.scopes ?? [] });
      target.searchParams.set('code', code);
    }
    res.redirect(302, target.href);
  }

  async challengeForAuthorizationCode(client: OAuthClientInformationFull, code: string): Promise<string> {
    const grant = this.codes.get(code);
    if (!grant || grant.clientId !== client.client_id) throw new InvalidGrantError('unknown authorization code');
    return grant.codeChallenge;
  }

  async exchangeAuthorizationCode(client: OAuthClientInformationFull, code: string, _verifier?: string, redirectUri?: string, resource?: URL): Promise<OAuthTokens> {
    const grant = this.codes.get(code);
    this.codes.delete(code);
    if (!grant || grant.clientId !== client.client_id) throw new InvalidGrantError('unknown or used authorization code');
    if (redirectUri !== grant.redirectUri) throw new InvalidGrantError('redirect_uri does not match the authorization request');
    if (resource?.href !== grant.resource || grant.resource !== this.resource()) throw new InvalidTargetError('resource does not name this MCP server');
    this.counts.codeExchanges++;
    return this.issue(client.client_id, grant.resource, grant.scopes);
  }

  async exchangeRefreshToken(client: OAuthClientInformationFull, refreshToken: string, _scopes?: string[], resource?: URL): Promise<OAuthTokens> {
    const held = this.refresh.get(refreshToken);
    if (this.behaviour.refuseRefresh || !held || held.clientId !== client.client_id) throw new InvalidGrantError('refresh token revoked');
    if (resource && resource.href !== held.resource) throw new InvalidTargetError('resource does not match the grant');
    this.refresh.delete(refreshToken);
    this.counts.refreshes++;
    return this.issue(client.client_id, held.resource, held.scopes);
  }

  async verifyAccessToken(token: string): Promise<AuthInfo> {
    const held = this.access.get(token);
    if (!held || held.expiresAt <= Date.now()) throw new InvalidTokenError('the access token is unknown or expired');
    return { token, clientId: held.clientId, scopes: held.scopes, expiresAt: Math.floor(held.expiresAt / 1000), ...(held.resource ? { resource: new URL(held.resource) } : {}) };
  }

  private issue(clientId: string, resource: string | undefined, scopes: string[]): OAuthTokens {
    const seconds = this.behaviour.accessTokenSeconds ?? 3600;
    const access = `at-${randomBytes(24).toString('hex')}`;
    const refresh = `rt-${randomBytes(24).toString('hex')}`;
    this.access.set(access, { clientId, expiresAt: Date.now() + seconds * 1000, resource, scopes });
    this.refresh.set(refresh, { clientId, resource, scopes });
    this.issued.push(access, refresh);
    return { access_token: access, token_type: 'bearer', expires_in: seconds, refresh_token: refresh };
  }
}

export interface OAuthMcpServer {
  /** The MCP endpoint, http://127.0.0.1:PORT/mcp (or /sse). */
  url: string;
  auth: StrictAuthorizationServer;
  /** Tool calls the server ran, with the client that made them. */
  calls: Array<{ tool: string; clientId: string }>;
  close(): Promise<void>;
}

/** Starts the server on a free port. */
export async function startOAuthMcpServer(behaviour: OAuthServerBehaviour = {}): Promise<OAuthMcpServer> {
  const app = createMcpExpressApp({ host: '127.0.0.1' });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const mcpUrl = new URL(behaviour.sse ? '/sse' : '/mcp', base);
  const auth = new StrictAuthorizationServer(() => mcpUrl.href, behaviour);
  const calls: OAuthMcpServer['calls'] = [];
  const noLimit = { rateLimit: false as const };
  app.use(mcpAuthRouter({ provider: auth, issuerUrl: new URL(base), resourceServerUrl: mcpUrl, scopesSupported: ['mcp:tools'], authorizationOptions: noLimit, tokenOptions: noLimit, clientRegistrationOptions: noLimit, revocationOptions: noLimit }));
  const bearer = requireBearerAuth({ verifier: auth, resourceMetadataUrl: `${base}/.well-known/oauth-protected-resource${mcpUrl.pathname}` });
  const newServer = () => {
    const mcp = new Server({ name: 'oauth-test', version: '1.0.0' }, { capabilities: { tools: {} } });
    mcp.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: [{ name: 'whoami', description: 'Says which OAuth client called.', inputSchema: { type: 'object', properties: {} } }] }));
    mcp.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
      const clientId = extra.authInfo?.clientId ?? 'nobody';
      calls.push({ tool: request.params.name, clientId });
      return { content: [{ type: 'text', text: `signed in as ${clientId}` }] };
    });
    return mcp;
  };
  type Request = http.IncomingMessage & { auth?: AuthInfo; body?: unknown; query?: Record<string, string> };
  const handle = async (req: Request, res: http.ServerResponse) => {
    const mcp = newServer();
    // Stateless: every request stands alone, so an expired token is refused on the very next request.
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => void transport.close());
    await mcp.connect(transport);
    await transport.handleRequest(req, res, req.body);
  };
  if (behaviour.sse) {
    // Every request of a session carries the bearer token: the stream and each posted message.
    const sessions = new Map<string, SSEServerTransport>();
    app.get('/sse', bearer, async (_req: Request, res: http.ServerResponse) => {
      const transport = new SSEServerTransport('/messages', res);
      sessions.set(transport.sessionId, transport);
      res.on('close', () => sessions.delete(transport.sessionId));
      await newServer().connect(transport);
    });
    app.post('/messages', bearer, async (req: Request, res: http.ServerResponse) => {
      const transport = sessions.get(String(req.query?.sessionId));
      if (!transport) return void res.writeHead(404).end('no such session');
      await transport.handlePostMessage(req, res, req.body);
    });
  } else {
    app.post('/mcp', bearer, handle);
    app.get('/mcp', bearer, (_req: unknown, res: http.ServerResponse) => res.writeHead(405).end());
    app.delete('/mcp', bearer, (_req: unknown, res: http.ServerResponse) => res.writeHead(405).end());
  }
  return {
    url: mcpUrl.href,
    auth,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Plays the browser: opens the authorization URL, follows its redirect to the loopback listener, returns what that said. */
export async function completeInBrowser(authorizationUrl: string): Promise<{ status: number; text: string }> {
  const consent = await fetch(authorizationUrl, { redirect: 'manual' });
  const location = consent.headers.get('location');
  if (consent.status !== 302 || !location) throw new Error(`the authorization endpoint answered ${consent.status}: ${await consent.text()}`);
  const back = await fetch(location, { redirect: 'manual' });
  return { status: back.status, text: await back.text() };
}
