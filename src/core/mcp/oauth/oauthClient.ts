// Mini Coder's side of OAuth for a remote MCP server, as the SDK's `OAuthClientProvider`: the SDK does discovery,
// dynamic client registration, PKCE, the token exchange and refresh; this keeps what it learns in the host's store
// (SecretStorage in the editor, a 0600 file in the terminal) and decides when a person must be asked.
// Two modes: `connect` (starting a server: stored tokens are used and refreshed, but nothing is ever opened or
// registered — a server that needs a person ends in SignInNeeded) and `sign-in` (the user asked: the
// authorization URL goes to the host's `open`, the code comes back through the loopback redirect).
import type { OAuthClientProvider, OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';

/** What is kept per server URL. Secrets: the tokens and a client secret, if the server gave one. */
export interface OAuthRecord {
  client?: OAuthClientInformationMixed;
  tokens?: OAuthTokens;
  discovery?: OAuthDiscoveryState;
}

/** Where a host keeps OAuth records, by server URL. */
export interface OAuthStore {
  read(serverUrl: string): Promise<OAuthRecord | undefined>;
  /** `undefined` forgets the server (sign out). */
  write(serverUrl: string, record: OAuthRecord | undefined): Promise<void>;
}

/** A server needs the user to sign in before it can be used; the message says why. */
export class SignInNeeded extends Error {
  override readonly name = 'SignInNeeded';
}

/** Finds a SignInNeeded in an error or its causes (the SDK may wrap what the provider threw). */
export function signInNeeded(err: unknown): SignInNeeded | undefined {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof SignInNeeded || (e as Error).name === 'SignInNeeded') return e as SignInNeeded;
  }
  return undefined;
}

/** A URL never used in `connect` mode: the SDK wants one, but nothing is opened or registered there. */
const NO_REDIRECT = 'http://127.0.0.1/oauth/callback';

export interface SignInRedirect {
  url: string;
  state: string;
  /** Shows the authorization URL to the user (the editor opens it after the user clicked; the CLI prints it). */
  open: (authorizationUrl: string) => void | Promise<void>;
}

export class McpOAuthClient implements OAuthClientProvider {
  private record: Promise<OAuthRecord> | undefined;
  private verifier: string | undefined;
  /** Set when stored tokens were dropped because refreshing them failed. */
  private refreshFailed = false;

  constructor(
    private readonly serverUrl: string,
    private readonly store: OAuthStore,
    /** Every secret read or saved, so the host can keep it out of logs and output. */
    private readonly secret: (value: string) => void,
    private readonly redirect?: SignInRedirect,
  ) {}

  get redirectUrl(): string {
    return this.redirect?.url ?? NO_REDIRECT;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'Mini Coder',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      // A public client (RFC 8252): PKCE protects the code, there is no secret a desktop app could keep.
      token_endpoint_auth_method: 'none',
    };
  }

  state(): string {
    if (!this.redirect) throw this.needed();
    return this.redirect.state;
  }

  async clientInformation(): Promise<OAuthClientInformationMixed | undefined> {
    const { client } = await this.load();
    if (!client && !this.redirect) throw new SignInNeeded('it asks you to sign in (OAuth) and you have not signed in yet');
    // A registration made for another redirect address is not reused: strict servers match redirect_uri exactly.
    if (client && this.redirect && 'redirect_uris' in client && Array.isArray(client.redirect_uris) && !client.redirect_uris.includes(this.redirect.url)) return undefined;
    return client;
  }

  async saveClientInformation(client: OAuthClientInformationMixed): Promise<void> {
    if (!this.redirect) throw this.needed();
    await this.update((r) => ({ ...r, client }));
  }

  async tokens(): Promise<OAuthTokens | undefined> {
    return (await this.load()).tokens;
  }

  async saveTokens(tokens: OAuthTokens): Promise<void> {
    this.refreshFailed = false;
    await this.update((r) => ({ ...r, tokens }));
  }

  async redirectToAuthorization(authorizationUrl: URL): Promise<void> {
    if (!this.redirect) throw this.needed();
    await this.redirect.open(authorizationUrl.href);
  }

  saveCodeVerifier(codeVerifier: string): void {
    this.verifier = codeVerifier;
  }

  codeVerifier(): string {
    if (!this.verifier) throw new Error('no sign-in is in progress for this server');
    return this.verifier;
  }

  async invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): Promise<void> {
    if (scope === 'verifier') {
      this.verifier = undefined;
      return;
    }
    const before = await this.load();
    if ((scope === 'tokens' || scope === 'all') && before.tokens) this.refreshFailed = true;
    await this.update((r) => (scope === 'all' ? {} : { ...r, [scope === 'tokens' ? 'tokens' : scope === 'client' ? 'client' : 'discovery']: undefined }));
  }

  async saveDiscoveryState(discovery: OAuthDiscoveryState): Promise<void> {
    await this.update((r) => ({ ...r, discovery }));
  }

  async discoveryState(): Promise<OAuthDiscoveryState | undefined> {
    return (await this.load()).discovery;
  }

  /** Whether tokens are stored for this server. */
  async signedIn(): Promise<boolean> {
    return (await this.load()).tokens !== undefined;
  }

  private needed(): SignInNeeded {
    return new SignInNeeded(this.refreshFailed ? 'your sign-in expired and could not be renewed; sign in again' : 'it asks you to sign in (OAuth)');
  }

  private load(): Promise<OAuthRecord> {
    this.record ??= this.store.read(this.serverUrl).then((r) => {
      this.hide(r);
      return r ?? {};
    });
    return this.record;
  }

  private async update(change: (record: OAuthRecord) => OAuthRecord): Promise<void> {
    const next = change(await this.load());
    for (const key of Object.keys(next) as Array<keyof OAuthRecord>) if (next[key] === undefined) delete next[key];
    this.hide(next);
    this.record = Promise.resolve(next);
    await this.store.write(this.serverUrl, Object.keys(next).length > 0 ? next : undefined);
  }

  private hide(record: OAuthRecord | undefined): void {
    for (const value of [record?.tokens?.access_token, record?.tokens?.refresh_token, record?.tokens?.id_token, record?.client?.client_secret]) {
      if (typeof value === 'string' && value) this.secret(value);
    }
  }
}
