/**
 * The redirect end of an installed app's OAuth sign-in (RFC 8252 §7.3): a one-shot HTTP listener
 * on 127.0.0.1 at a port the OS picks, to which Google sends the browser back with `?code&state`
 * or `?error`. It takes the first answer that carries either, checks the state, tells the browser
 * in plain words what happened, and closes. Anything else (a favicon, a stray request) gets a 404
 * and the wait goes on.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GoogleSignInError } from './sign-in-error.js';

export interface AuthorizationCode {
  readonly code: string;
}

export interface LoopbackRedirect {
  /** `http://127.0.0.1:PORT/`, to send as redirect_uri. */
  readonly redirectUri: string;
  /** Settles with the code, or with a GoogleSignInError (denied, wrong state, timeout, cancelled). */
  readonly result: Promise<AuthorizationCode>;
  /** Stops listening (also done once the result is in). Safe to call twice. */
  close(): Promise<void>;
}

export interface LoopbackOptions {
  /** The `state` sent with the authorization request; an answer with any other is refused. */
  readonly expectedState: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

const HOST = '127.0.0.1';

export async function openLoopbackRedirect(options: LoopbackOptions): Promise<LoopbackRedirect> {
  let settle: { resolve: (code: AuthorizationCode) => void; reject: (error: Error) => void } | undefined;
  const result = new Promise<AuthorizationCode>((resolve, reject) => (settle = { resolve, reject }));
  // A close() before anyone awaits the result must not surface as an unhandled rejection.
  result.catch(() => undefined);
  // Settled exactly once; later answers (a reload, a second tab) only get a page.
  let done = false;
  const minutes = Math.max(1, Math.round(options.timeoutMs / 60_000));
  const timer = setTimeout(
    () =>
      finish(
        new GoogleSignInError(
          'timeout',
          `Nobody finished signing in to Google within ${minutes === 1 ? 'a minute' : `${minutes} minutes`}, so Steward stopped waiting. Start the sign-in again and complete it in the browser.`,
        ),
      ),
    options.timeoutMs,
  );

  const server = createServer((request, response) => {
    const answer = readAnswer(request, options.expectedState);
    if (answer.kind === 'ignore') return page(response, 404, 'Nothing here', 'This address only receives the answer to a Steward sign-in.');
    if (done) return page(response, 409, 'Already handled', 'This sign-in is already over. You can close this tab.');
    if (answer.kind === 'code') {
      page(response, 200, 'Signed in', 'Steward received your sign-in. You can close this tab and go back to Steward.');
      return finish({ code: answer.code });
    }
    page(response, 400, 'Sign-in not completed', `${answer.error.message} You can close this tab.`);
    finish(answer.error);
  });

  let closing: Promise<void> | undefined;
  const stopListening = () =>
    (closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Idle keep-alive sockets (browsers open spare ones) would hold the port for minutes. The
      // socket answering right now finishes its page and closes itself (Connection: close).
      server.closeIdleConnections();
    }));
  const onAbort = () => finish(new GoogleSignInError('cancelled', 'The Google sign-in was cancelled.'));
  function finish(outcome: AuthorizationCode | Error): void {
    if (done) return;
    done = true;
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    if (outcome instanceof Error) settle?.reject(outcome);
    else settle?.resolve(outcome);
    void stopListening();
  }

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', (error) => {
      const failure = new GoogleSignInError('unreachable', `Steward could not listen on ${HOST} for Google's answer: ${error.message}`, 'internal');
      finish(failure);
      reject(failure);
    });
    server.listen(0, HOST, () => resolve((server.address() as AddressInfo).port));
  });

  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  return {
    redirectUri: `http://${HOST}:${port}/`,
    result,
    close: async () => {
      finish(new GoogleSignInError('cancelled', 'The Google sign-in was cancelled.'));
      await stopListening();
    },
  };
}

type Answer = { readonly kind: 'ignore' } | { readonly kind: 'code'; readonly code: string } | { readonly kind: 'refused'; readonly error: GoogleSignInError };

/** What one request to the listener says. Pure apart from reading the URL. */
function readAnswer(request: IncomingMessage, expectedState: string): Answer {
  const url = new URL(request.url ?? '/', `http://${HOST}`);
  if (request.method !== 'GET' || url.pathname !== '/') return { kind: 'ignore' };
  const code = url.searchParams.get('code');
  const error = url.searchParams.get('error');
  if (code === null && error === null) return { kind: 'ignore' };
  if (url.searchParams.get('state') !== expectedState) {
    return {
      kind: 'refused',
      error: new GoogleSignInError('state_mismatch', 'The answer that reached Steward does not belong to this sign-in (its state does not match), so Steward refused it. Start the sign-in again.'),
    };
  }
  if (error !== null) return { kind: 'refused', error: deniedError(error, url.searchParams.get('error_description')) };
  return { kind: 'code', code: code ?? '' };
}

function deniedError(error: string, description: string | null): GoogleSignInError {
  if (error === 'access_denied') {
    return new GoogleSignInError('denied', 'You did not allow Steward access to your Google account, so nothing was connected. To connect it, start the sign-in again and choose Allow.');
  }
  return new GoogleSignInError('denied', `Google refused the sign-in (${error}${description ? `: ${description}` : ''}). Check the OAuth client in the Google Cloud console, then start the sign-in again.`);
}

function page(response: ServerResponse, status: number, title: string, text: string): void {
  const escape = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // The page is ours alone: no scripts, nothing loaded from anywhere.
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    connection: 'close',
  });
  response.end(
    `<!doctype html><html lang="en"><meta charset="utf-8"><title>Steward · ${escape(title)}</title>` +
      `<body style="font:16px system-ui,sans-serif;max-width:32rem;margin:15vh auto;padding:0 1rem"><h1 style="font-size:1.25rem">${escape(title)}</h1><p>${escape(text)}</p></body></html>`,
  );
}
