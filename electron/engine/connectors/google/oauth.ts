/**
 * Signing in to Google the way installed apps do (RFC 8252, Google's "OAuth 2.0 for mobile and
 * desktop apps"): the system browser opens Google's consent page; Google sends the browser back
 * to a one-shot listener on 127.0.0.1 (loopback-redirect.ts) with a code; the code is exchanged
 * for tokens with PKCE (S256), so a code caught on the way is useless to anyone else; `state`
 * ties the answer to this very request. Then the grant is checked: it must include the scopes
 * Steward needs and a refresh token, and belong to the account the user meant.
 */
import { randomBytes } from 'node:crypto';
import type { OAuth2Client } from 'google-auth-library';
import { ApiError } from '@shared/api/errors.js';
import { newOAuthClient } from './auth-client.js';
import type { GoogleClientConfig } from './client-config.js';
import type { GoogleEndpoints } from './endpoints.js';
import { explainGoogleError } from './google-errors.js';
import { isGaxiosError, loadGoogleAuth } from './google-libraries.js';
import { openLoopbackRedirect } from './loopback-redirect.js';
import { revokeGoogleGrant } from './revoke.js';
import { describeScope, missingScopes } from './scopes.js';
import { GoogleSignInError } from './sign-in-error.js';
import { mergeTokens, type GoogleTokens } from './tokens.js';

/** Long enough to find the right account and read the consent screen; a forgotten tab then frees the port. */
export const SIGN_IN_TIMEOUT_MS = 5 * 60_000;

export interface GoogleSignInOptions {
  readonly client: GoogleClientConfig;
  readonly endpoints: GoogleEndpoints;
  /** What to ask for (scopes.ts: STEWARD_GOOGLE_SCOPES). */
  readonly scopes: readonly string[];
  /** Of those, the ones without which the sign-in is useless (e.g. gmail.modify for a Gmail account). */
  readonly requiredScopes: readonly string[];
  /**
   * Shows the user the address to open: the CLI prints "Open this address to sign in: …" and
   * opens the browser where there is one; Settings opens it. May throw only if nothing at all
   * could show it.
   */
  readonly openAuthorizationUrl: (url: string) => void | Promise<void>;
  /** The address the user says they will sign in with: preselects it, and any other is refused. */
  readonly expectedEmail?: string;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly now?: () => number;
}

export interface GoogleSignIn {
  /** The Google account that signed in, as Google reports it. */
  readonly email: string;
  readonly tokens: GoogleTokens;
}

/** A sign-in under way: the address for the browser, and what it comes to once the browser is back. */
export interface GoogleSignInSession {
  /** Google's consent page for this sign-in (PKCE challenge, state and loopback redirect inside). */
  readonly url: string;
  /** When the listener stops waiting (epoch ms). */
  readonly expiresAt: number;
  /** Settles once the browser came back (or the wait timed out or was cancelled): a usable grant, or a GoogleSignInError in words. */
  readonly result: Promise<GoogleSignIn>;
  /** Stops waiting; `result` then fails with reason `cancelled`. Safe to call at any time, and twice. */
  cancel(): Promise<void>;
}

/**
 * Starts a sign-in and returns at once with the address to open, so a caller can show it (the
 * CLI prints it, Settings opens it) while the loopback listener waits for the browser.
 */
export async function startGoogleSignIn(options: Omit<GoogleSignInOptions, 'openAuthorizationUrl'>): Promise<GoogleSignInSession> {
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? SIGN_IN_TIMEOUT_MS;
  const state = randomBytes(32).toString('base64url');
  const loopback = await openLoopbackRedirect({ expectedState: state, timeoutMs, signal: options.signal });
  const expiresAt = now() + timeoutMs;
  let oauth: OAuth2Client;
  let url: string;
  let codeVerifier: string;
  try {
    const { CodeChallengeMethod } = await loadGoogleAuth();
    oauth = await newOAuthClient(options.client, options.endpoints, loopback.redirectUri);
    const pkce = await oauth.generateCodeVerifierAsync();
    codeVerifier = pkce.codeVerifier;
    url = oauth.generateAuthUrl({
      // A refresh token, and a fresh one even if this client was granted access before.
      access_type: 'offline',
      prompt: 'consent',
      scope: [...options.scopes],
      state,
      code_challenge: pkce.codeChallenge,
      code_challenge_method: CodeChallengeMethod.S256,
      ...(options.expectedEmail ? { login_hint: options.expectedEmail } : {}),
    });
  } catch (error) {
    await loopback.close();
    throw error;
  }
  const result = (async () => {
    try {
      const { code } = await loopback.result;
      const tokens = await exchangeCode(oauth, code, codeVerifier, loopback.redirectUri, now());
      oauth.setCredentials({ access_token: tokens.accessToken, refresh_token: tokens.refreshToken, expiry_date: tokens.expiresAt });
      try {
        return { email: await checkGrant(oauth, options, tokens), tokens };
      } catch (error) {
        // A grant Steward will not use must not stay valid somewhere.
        await revokeGoogleGrant(oauth, options.endpoints, tokens, options.expectedEmail ?? 'this account').catch(() => undefined);
        throw error;
      }
    } finally {
      await loopback.close();
    }
  })();
  // Whoever holds the session may never ask for the result (a sign-in abandoned and timed out).
  result.catch(() => undefined);
  return { url, expiresAt, result, cancel: () => loopback.close() };
}

/** The whole sign-in in one call: start it, show the address, wait for the browser to come back. */
export async function signInWithGoogle(options: GoogleSignInOptions): Promise<GoogleSignIn> {
  const session = await startGoogleSignIn(options);
  try {
    await options.openAuthorizationUrl(session.url);
  } catch (error) {
    await session.cancel();
    throw error;
  }
  return session.result;
}

async function exchangeCode(oauth: OAuth2Client, code: string, codeVerifier: string, redirectUri: string, now: number): Promise<GoogleTokens> {
  let received;
  try {
    received = (await oauth.getToken({ code, codeVerifier, redirect_uri: redirectUri })).tokens;
  } catch (error) {
    throw tokenExchangeError(error);
  }
  const tokens = mergeTokens(null, received, now);
  if (!tokens) {
    throw new GoogleSignInError(
      'no_refresh_token',
      'Google signed you in but gave Steward no refresh token, so Steward would lose access within the hour. Remove Steward at https://myaccount.google.com/permissions, then sign in again.',
    );
  }
  return tokens;
}

function tokenExchangeError(error: unknown): GoogleSignInError {
  if (isGaxiosError(error) && error.status === undefined) {
    const explained = explainGoogleError(error, { doing: 'finish signing in', account: 'your Google account' });
    return new GoogleSignInError('unreachable', explained.message, 'connection_failed');
  }
  if (isGaxiosError(error) && error.status !== undefined && error.status >= 500) {
    return new GoogleSignInError('token_exchange', `Google's sign-in service had a problem (HTTP ${error.status}) and did not complete the sign-in. Start the sign-in again in a moment.`, 'unavailable');
  }
  const data = isGaxiosError(error) ? (error.response?.data as { error?: unknown; error_description?: unknown } | undefined) : undefined;
  const said = typeof data?.error === 'string' ? `${data.error}${typeof data.error_description === 'string' ? `: ${data.error_description}` : ''}` : error instanceof Error ? error.message : String(error);
  const hint =
    data?.error === 'invalid_client'
      ? 'Check the client ID and client secret (Google Cloud console → Credentials; the client must be of type Desktop app).'
      : data?.error === 'invalid_request' && /client_secret/i.test(String(data.error_description))
        ? 'Google wants the client secret of this Desktop app client: pass --client-secret or set STEWARD_GOOGLE_CLIENT_SECRET.'
        : 'Start the sign-in again; if it keeps failing, check the OAuth client in the Google Cloud console.';
  return new GoogleSignInError('token_exchange', `Google did not complete the sign-in (${said}). ${hint}`);
}

/** The account's address, once the grant is known to be usable. */
async function checkGrant(oauth: OAuth2Client, options: Pick<GoogleSignInOptions, 'requiredScopes' | 'expectedEmail' | 'endpoints'>, tokens: GoogleTokens): Promise<string> {
  const missing = missingScopes(tokens.scopes, options.requiredScopes);
  if (missing.length > 0) {
    throw new GoogleSignInError(
      'missing_scopes',
      `You signed in but did not allow Steward to ${missing.map(describeScope).join(' or ')}, which it needs. Start the sign-in again and leave those boxes ticked.`,
    );
  }
  const email = await signedInEmail(oauth, options.endpoints);
  if (options.expectedEmail && email.toLowerCase() !== options.expectedEmail.toLowerCase()) {
    throw new GoogleSignInError('wrong_account', `You signed in as ${email}, not ${options.expectedEmail}. Start the sign-in again and choose ${options.expectedEmail} in the browser.`);
  }
  return email;
}

async function signedInEmail(oauth: OAuth2Client, endpoints: GoogleEndpoints): Promise<string> {
  let email: unknown;
  try {
    email = (await oauth.request<{ email?: unknown }>({ url: endpoints.userinfo })).data.email;
  } catch (error) {
    throw explainGoogleError(error, { doing: 'learn which account signed in', account: 'your Google account' });
  }
  if (typeof email !== 'string' || !email.includes('@')) {
    throw new ApiError('auth_failed', 'Google did not say which account signed in (no email address was shared). Start the sign-in again and allow Steward to see your email address.');
  }
  return email;
}
