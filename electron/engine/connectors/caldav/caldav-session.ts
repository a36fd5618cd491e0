/**
 * A CalDAV login: the base URL, the user and the password, and the fetch every request goes
 * through (tsdav's functions take it as their `fetch`). It adds Basic auth, a timeout and the
 * caller's abort signal, and turns what the network and the server did into typed errors that
 * caldav-errors.ts puts in words. Nothing here ever logs or returns the password.
 */
export interface CalDavEndpoint {
  /** What the user typed: https://caldav.fastmail.com, https://nextcloud.example/remote.php/dav, … */
  readonly serverUrl: string;
  readonly username: string;
  readonly password: string;
}

export interface CalDavSession {
  readonly endpoint: CalDavEndpoint;
  readonly fetch: typeof globalThis.fetch;
  readonly signal: AbortSignal;
}

/** The server refused the login (HTTP 401). */
export class CalDavAuthError extends Error {
  constructor(
    readonly url: string,
    readonly status: number,
  ) {
    super(`${url} answered ${status}`);
    this.name = 'CalDavAuthError';
  }
}

/** The request never got an HTTP answer (refused, unknown host, TLS, timeout). */
export class CalDavNetworkError extends Error {
  constructor(
    readonly url: string,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'CalDavNetworkError';
  }
}

/** An HTTP answer Steward did not expect, with the request it answered. */
export class CalDavHttpError extends Error {
  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${method} ${url} answered ${status}`);
    this.name = 'CalDavHttpError';
  }
}

/** Generous: a first REPORT on a big calendar makes some servers (Radicale) index every event. */
export const REQUEST_TIMEOUT_MS = 120_000;

export function openSession(endpoint: CalDavEndpoint, signal: AbortSignal = new AbortController().signal, timeoutMs = REQUEST_TIMEOUT_MS): CalDavSession {
  const authorization = `Basic ${Buffer.from(`${endpoint.username}:${endpoint.password}`, 'utf8').toString('base64')}`;
  const authorizedFetch: typeof globalThis.fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const headers = new Headers(init?.headers);
    headers.set('Authorization', authorization);
    let response: Response;
    try {
      response = await fetch(input, { ...init, headers, signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) });
    } catch (error) {
      throw networkError(url, error, signal);
    }
    if (response.status === 401) {
      await response.body?.cancel();
      throw new CalDavAuthError(url, response.status);
    }
    return response;
  };
  return { endpoint, fetch: authorizedFetch, signal };
}

function networkError(url: string, error: unknown, signal: AbortSignal): CalDavNetworkError {
  if (signal.aborted) return new CalDavNetworkError(url, 'ABORTED', 'the request was stopped');
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError') return new CalDavNetworkError(url, 'ETIMEDOUT', 'no answer in time');
  const code = e.cause?.code ?? e.name ?? 'UNKNOWN';
  return new CalDavNetworkError(url, code, e.cause?.message ?? e.message ?? String(error));
}

/** Reads a response body, bounded: error pages can be large and are only ever quoted briefly. */
export async function bodyText(response: Response, limit = 2_000): Promise<string> {
  const text = await response.text();
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}
