// Google sign-in for installed apps, the whole way against the emulator: the loopback listener,
// the consent page, the code, PKCE, the token exchange, a Gmail call with the token, the refresh
// before expiry, and revocation; then each way it can go wrong, each with words a user can act on.
import { connect } from 'node:net';
import { describe, expect, inject, it } from 'vitest';
import {
  createGoogleAuth,
  explainGoogleError,
  GMAIL_MODIFY_SCOPE,
  googleEndpoints,
  GoogleSignInError,
  revokeGoogleGrant,
  signInWithGoogle,
  STEWARD_GOOGLE_SCOPES,
  type GoogleSignIn,
  type GoogleSignInOptions,
  type GoogleTokens,
} from '../../electron/engine/connectors/google/index.js';
import { createGmailApi } from '../../electron/engine/connectors/gmail/gmail-client.js';
import { createGmailUser } from '../fixtures.js';
import { consentAs, denyConsent, type ConsentResult } from '../servers/google-consent.js';
import { injectGoogleFault } from '../servers/gmail-peer.js';

const endpoints = googleEndpoints();

function clientId(): string {
  // One client id per test, so faults injected for it reach only this test.
  return `steward-test-${Math.random().toString(36).slice(2)}.apps.googleusercontent.com`;
}

interface Browser {
  readonly urls: string[];
  /** What the browser saw, once it has been through the flow. */
  readonly visits: Promise<ConsentResult>[];
  readonly open: GoogleSignInOptions['openAuthorizationUrl'];
}

/** A browser that does `visit` with each address it is asked to open, without the app waiting for it. */
function browser(visit: (url: string) => Promise<ConsentResult>): Browser {
  const urls: string[] = [];
  const visits: Promise<ConsentResult>[] = [];
  return {
    urls,
    visits,
    open: (url) => {
      urls.push(url);
      const visiting = visit(url);
      visiting.catch(() => undefined);
      visits.push(visiting);
    },
  };
}

async function signInError(promise: Promise<GoogleSignIn>): Promise<GoogleSignInError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GoogleSignInError) return error;
    throw error;
  }
  throw new Error('The sign-in succeeded, but it was expected to fail.');
}

function portIsClosed(redirectUri: string): Promise<boolean> {
  const { port } = new URL(redirectUri);
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('Google sign-in against the emulator', () => {
  it('signs in with PKCE on a loopback redirect, calls Gmail, refreshes before expiry, and revokes', async () => {
    const user = await createGmailUser({ name: 'Ada Lovelace' });
    const b = browser((url) => consentAs(url, user.email));
    const signedIn = await signInWithGoogle({
      client: { clientId: clientId(), clientSecret: null },
      endpoints,
      scopes: STEWARD_GOOGLE_SCOPES,
      requiredScopes: [GMAIL_MODIFY_SCOPE],
      openAuthorizationUrl: b.open,
      expectedEmail: user.email,
    });
    const visit = await b.visits[0];

    // The request that went to Google.
    const request = new URL(b.urls[0] ?? '');
    expect(request.origin + request.pathname).toBe(endpoints.authorize);
    const params = request.searchParams;
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(params.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(params.get('access_type')).toBe('offline');
    expect(params.get('login_hint')).toBe(user.email);
    expect(params.get('scope')?.split(' ')).toEqual([...STEWARD_GOOGLE_SCOPES]);
    const redirectUri = params.get('redirect_uri') ?? '';
    expect(redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);

    // What the browser saw, and that the listener is gone.
    expect(visit?.redirectedTo.startsWith(redirectUri)).toBe(true);
    expect(visit?.landing).toEqual({ status: 200, text: expect.stringContaining('You can close this tab') as string });
    expect(await portIsClosed(redirectUri)).toBe(true);

    // The grant.
    expect(signedIn.email).toBe(user.email);
    expect(signedIn.tokens.refreshToken).not.toBe('');
    expect(signedIn.tokens.scopes).toContain(GMAIL_MODIFY_SCOPE);
    expect(signedIn.tokens.expiresAt).toBeGreaterThan(Date.now() + 50 * 60_000);

    // Gmail with it; one minute before expiry, the next call refreshes first.
    const saved: GoogleTokens[] = [];
    const client = { clientId: request.searchParams.get('client_id') ?? '', clientSecret: null };
    const auth = await createGoogleAuth({ client, endpoints, tokens: { ...signedIn.tokens, expiresAt: Date.now() + 60_000 }, onTokens: (tokens) => saved.push(tokens) });
    const gmail = await createGmailApi(auth, endpoints);
    expect((await gmail.users.getProfile({ userId: 'me' })).data.emailAddress).toBe(user.email);
    expect(saved).toHaveLength(1);
    expect(saved[0]?.accessToken).not.toBe(signedIn.tokens.accessToken);
    expect(saved[0]?.refreshToken).toBe(signedIn.tokens.refreshToken);
    expect(saved[0]?.expiresAt).toBeGreaterThan(Date.now() + 50 * 60_000);
    expect(saved[0]?.scopes).toEqual(signedIn.tokens.scopes);
    // Not expiring: no second refresh.
    await gmail.users.labels.list({ userId: 'me' });
    expect(saved).toHaveLength(1);

    // Removing the account withdraws the grant: neither token works any more.
    const latest = saved[0] ?? signedIn.tokens;
    await revokeGoogleGrant(auth, endpoints, latest, user.email);
    const afterRevoke = await createGoogleAuth({ client, endpoints, tokens: { ...latest, expiresAt: Date.now() + 3_600_000 }, onTokens: () => undefined });
    const stale = await (await createGmailApi(afterRevoke, endpoints)).users.getProfile({ userId: 'me' }).catch((error: unknown) => error);
    expect(explainGoogleError(stale, { doing: 'read your mailbox', account: user.email }).message).toMatch(/Sign in to Google again: Settings → Accounts → Sign in again/);
    // Revoking twice is fine (the account may be removed again after a crash).
    await expect(revokeGoogleGrant(auth, endpoints, latest, user.email)).resolves.toBeUndefined();
  });

  it('says so when the user does not allow access', async () => {
    const b = browser(denyConsent);
    const error = await signInError(
      signInWithGoogle({ client: { clientId: clientId(), clientSecret: null }, endpoints, scopes: STEWARD_GOOGLE_SCOPES, requiredScopes: [GMAIL_MODIFY_SCOPE], openAuthorizationUrl: b.open }),
    );
    expect(error.reason).toBe('denied');
    expect(error.message).toMatch(/did not allow Steward access.*choose Allow/);
    expect((await b.visits[0])?.landing.status).toBe(400);
  });

  it('refuses an answer whose state is not the one it sent', async () => {
    const b = browser(async (url) => {
      const back = new URL(new URL(url).searchParams.get('redirect_uri') ?? '');
      back.search = new URLSearchParams({ code: 'stolen-code', state: 'not-the-state' }).toString();
      const landing = await fetch(back);
      return { redirectedTo: back.toString(), landing: { status: landing.status, text: await landing.text() } };
    });
    const error = await signInError(
      signInWithGoogle({ client: { clientId: clientId(), clientSecret: null }, endpoints, scopes: STEWARD_GOOGLE_SCOPES, requiredScopes: [GMAIL_MODIFY_SCOPE], openAuthorizationUrl: b.open }),
    );
    expect(error.reason).toBe('state_mismatch');
    expect(error.message).toMatch(/does not belong to this sign-in.*Start the sign-in again/);
    expect((await b.visits[0])?.landing.status).toBe(400);
  });

  it('stops waiting after the timeout and frees the port', async () => {
    const urls: string[] = [];
    const error = await signInError(
      signInWithGoogle({
        client: { clientId: clientId(), clientSecret: null },
        endpoints,
        scopes: STEWARD_GOOGLE_SCOPES,
        requiredScopes: [GMAIL_MODIFY_SCOPE],
        openAuthorizationUrl: (url) => void urls.push(url),
        timeoutMs: 300,
      }),
    );
    expect(error.reason).toBe('timeout');
    expect(error.message).toMatch(/Nobody finished signing in to Google within a minute.*Start the sign-in again/);
    expect(await portIsClosed(new URL(urls[0] ?? '').searchParams.get('redirect_uri') ?? '')).toBe(true);
  });

  it('can be cancelled', async () => {
    const controller = new AbortController();
    const error = await signInError(
      signInWithGoogle({
        client: { clientId: clientId(), clientSecret: null },
        endpoints,
        scopes: STEWARD_GOOGLE_SCOPES,
        requiredScopes: [GMAIL_MODIFY_SCOPE],
        openAuthorizationUrl: () => controller.abort(),
        signal: controller.signal,
      }),
    );
    expect(error.reason).toBe('cancelled');
  });

  it('rides out one failed token request, and says so when the token endpoint keeps failing', async () => {
    const user = await createGmailUser();
    const origin = inject('google').origin;
    const fault = (id: string, times: number, status: number, body: unknown) => injectGoogleFault(origin, { path: '^/oauth2/token$', clientId: id, status, body, times });
    const signIn = (id: string) => {
      const b = browser((url) => consentAs(url, user.email));
      return signInWithGoogle({ client: { clientId: id, clientSecret: null }, endpoints, scopes: STEWARD_GOOGLE_SCOPES, requiredScopes: [GMAIL_MODIFY_SCOPE], openAuthorizationUrl: b.open });
    };

    const blip = clientId();
    await fault(blip, 1, 503, { error: 'backend_error' });
    expect((await signIn(blip)).email).toBe(user.email);

    const down = clientId();
    await fault(down, 10, 503, { error: 'backend_error' });
    const outage = await signInError(signIn(down));
    expect(outage.reason).toBe('token_exchange');
    expect(outage.code).toBe('unavailable');
    expect(outage.message).toMatch(/had a problem \(HTTP 503\).*Start the sign-in again in a moment/);

    const badClient = clientId();
    await fault(badClient, 1, 401, { error: 'invalid_client', error_description: 'The OAuth client was not found.' });
    const refused = await signInError(signIn(badClient));
    expect(refused.reason).toBe('token_exchange');
    expect(refused.message).toMatch(/invalid_client: The OAuth client was not found.*Check the client ID and client secret/);
  });

  it('refuses a grant without Gmail, and a different account than the one asked for', async () => {
    const user = await createGmailUser();
    const b = browser((url) => consentAs(url, user.email));
    const withoutGmail = await signInError(
      signInWithGoogle({ client: { clientId: clientId(), clientSecret: null }, endpoints, scopes: ['openid', 'email'], requiredScopes: [GMAIL_MODIFY_SCOPE], openAuthorizationUrl: b.open }),
    );
    expect(withoutGmail.reason).toBe('missing_scopes');
    expect(withoutGmail.message).toMatch(/did not allow Steward to read, compose, send and organise your Gmail/);

    const other = browser((url) => consentAs(url, user.email));
    const wrong = await signInError(
      signInWithGoogle({
        client: { clientId: clientId(), clientSecret: null },
        endpoints,
        scopes: STEWARD_GOOGLE_SCOPES,
        requiredScopes: [GMAIL_MODIFY_SCOPE],
        openAuthorizationUrl: other.open,
        expectedEmail: 'someone.else@example.test',
      }),
    );
    expect(wrong.reason).toBe('wrong_account');
    expect(wrong.message).toBe(`You signed in as ${user.email}, not someone.else@example.test. Start the sign-in again and choose someone.else@example.test in the browser.`);
  });
});
