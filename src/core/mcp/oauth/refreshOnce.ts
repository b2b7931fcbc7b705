// Several requests of one MCP connection can find the access token expired at the same moment (a tool call, the
// server's event stream, a second call): the SDK then refreshes once per request. Servers that rotate refresh
// tokens accept a refresh token once and refuse the second use, which would drop the sign-in. This wrapper of
// the connection's fetch makes every refresh with the same refresh token share one token request.

/** How long a finished refresh answers later requests that still carry the refresh token it used. */
const KEEP_MS = 30_000;

interface Answer {
  status: number;
  statusText: string;
  headers: Array<[string, string]>;
  body: ArrayBuffer;
}

/** `fetchFn`, with refresh-token grants made once per refresh token (concurrent and closely following ones share it). */
export function refreshOnce<F extends (input: string | URL, init?: RequestInit) => Promise<Response>>(fetchFn: F, keepMs = KEEP_MS): F {
  const answers = new Map<string, Promise<Answer>>();
  const once = async (input: string | URL, init?: RequestInit): Promise<Response> => {
    const refreshToken = refreshTokenOf(init);
    if (refreshToken === undefined) return fetchFn(input, init);
    let answer = answers.get(refreshToken);
    if (!answer) {
      answer = (async () => {
        const response = await fetchFn(input, init);
        return { status: response.status, statusText: response.statusText, headers: [...response.headers.entries()], body: await response.arrayBuffer() };
      })();
      answers.set(refreshToken, answer);
      answer.then(
        () => setTimeout(() => answers.delete(refreshToken), keepMs).unref?.(),
        () => answers.delete(refreshToken),
      );
    }
    const { status, statusText, headers, body } = await answer;
    return new Response(status === 204 || status === 304 ? null : body.slice(0), { status, statusText, headers });
  };
  return once as F;
}

/** The refresh token of a token request (`grant_type=refresh_token`), or undefined for any other request. */
function refreshTokenOf(init: RequestInit | undefined): string | undefined {
  if (!init || (init.method ?? 'GET').toUpperCase() !== 'POST') return undefined;
  const body = init.body;
  const params = body instanceof URLSearchParams ? body : typeof body === 'string' ? new URLSearchParams(body) : undefined;
  if (!params || params.get('grant_type') !== 'refresh_token') return undefined;
  return params.get('refresh_token') ?? undefined;
}
