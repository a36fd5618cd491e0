/**
 * The `auth` a googleapis client sends its requests with, fed by the engine's CredentialProvider:
 * the provider owns the grant (in the secret store), refreshes it before it expires and keeps the
 * result, so that a watcher and an executor of the same account never refresh against each other.
 * Here there is no refresh token at all, only a handler that asks the provider again each minute
 * (the provider answers from the secret store until the token is about to expire).
 */
import type { OAuth2Client } from 'google-auth-library';
import type { AccountCredentials } from '../../credentials/credential-provider.js';
import { loadGoogleAuth } from './google-libraries.js';

/** How long an access token is used before the provider is asked again. */
export const TOKEN_RECHECK_MS = 60_000;

export async function credentialsAuth(credentials: AccountCredentials, now: () => number = Date.now): Promise<OAuth2Client> {
  const { OAuth2Client } = await loadGoogleAuth();
  // No eager refresh: the provider already renews two minutes before expiry.
  const auth = new OAuth2Client({ eagerRefreshThresholdMillis: 0 });
  auth.refreshHandler = async () => ({ access_token: await credentials.accessToken(), expiry_date: now() + TOKEN_RECHECK_MS });
  return auth;
}
