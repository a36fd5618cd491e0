/**
 * The signed-in side of a Google account: an OAuth2Client (google-auth-library) that carries the
 * grant, refreshes the access token by itself shortly before it expires (and once more if Google
 * still answers 401), and reports every new token so the grant in the secret store stays current.
 * googleapis clients take it as their `auth`.
 */
import type { Credentials, OAuth2Client } from 'google-auth-library';
import type { GoogleClientConfig } from './client-config.js';
import type { GoogleEndpoints } from './endpoints.js';
import { loadGoogleAuth } from './google-libraries.js';
import { mergeTokens, toCredentials, type GoogleTokens } from './tokens.js';

/** Refresh this long before the access token expires, so a request never goes out with a dying one. */
export const REFRESH_AHEAD_MS = 5 * 60_000;

/**
 * A token, userinfo or revoke request that has not answered in this long is abandoned: without a
 * limit a black-holed network would hold a sync (waiting for its token) or a removal forever.
 */
export const OAUTH_REQUEST_TIMEOUT_MS = 30_000;

export interface GoogleAuthOptions {
  readonly client: GoogleClientConfig;
  readonly endpoints: GoogleEndpoints;
  readonly tokens: GoogleTokens;
  /** Called with the whole grant after each refresh; the refresh token may have been rotated. */
  readonly onTokens: (tokens: GoogleTokens) => void;
  readonly now?: () => number;
}

/** An OAuth2Client for this app and these endpoints, without any grant yet (the library is loaded on first use: google-libraries.ts). */
export async function newOAuthClient(client: GoogleClientConfig, endpoints: GoogleEndpoints, redirectUri?: string): Promise<OAuth2Client> {
  const { OAuth2Client } = await loadGoogleAuth();
  return new OAuth2Client({
    clientId: client.clientId,
    ...(client.clientSecret ? { clientSecret: client.clientSecret } : {}),
    ...(redirectUri ? { redirectUri } : {}),
    endpoints: { oauth2AuthBaseUrl: endpoints.authorize, oauth2TokenUrl: endpoints.token, oauth2RevokeUrl: endpoints.revoke },
    eagerRefreshThresholdMillis: REFRESH_AHEAD_MS,
    transporterOptions: { timeout: OAUTH_REQUEST_TIMEOUT_MS },
  });
}

export async function createGoogleAuth(options: GoogleAuthOptions): Promise<OAuth2Client> {
  const now = options.now ?? Date.now;
  const auth = await newOAuthClient(options.client, options.endpoints);
  auth.setCredentials(toCredentials(options.tokens));
  let current: GoogleTokens = options.tokens;
  auth.on('tokens', (received: Credentials) => {
    const merged = mergeTokens(current, received, now());
    if (!merged) return;
    current = merged;
    options.onTokens(merged);
  });
  return auth;
}
