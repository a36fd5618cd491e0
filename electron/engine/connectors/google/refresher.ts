/**
 * Renews and withdraws Google grants for the engine's CredentialProvider, which keeps them in the
 * secret store: every Google connector (Gmail now, Calendar later) gets its access tokens through
 * it, so a refresh happens in one place and its result (a rotated refresh token included) is kept.
 * The endpoints are read at each call, so STEWARD_GOOGLE_ORIGIN set after start still applies.
 */
import type { OAuthAccount, OAuthRefresher, OAuthTokens } from '../../credentials/credential-provider.js';
import { newOAuthClient } from './auth-client.js';
import { googleEndpoints, type GoogleEndpoints } from './endpoints.js';
import { explainGoogleError } from './google-errors.js';
import { revokeGoogleGrant } from './revoke.js';
import { mergeTokens } from './tokens.js';

/** The provider id Google grants are kept under in the secret store. */
export const GOOGLE_PROVIDER = 'google';

export interface GoogleRefresherOptions {
  readonly endpoints?: () => GoogleEndpoints;
  readonly now?: () => number;
}

export function googleOAuthRefresher(options: GoogleRefresherOptions = {}): OAuthRefresher {
  const endpointsNow = options.endpoints ?? (() => googleEndpoints());
  const now = options.now ?? Date.now;
  const clientFor = (tokens: OAuthTokens) => newOAuthClient({ clientId: tokens.clientId, clientSecret: tokens.clientSecret }, endpointsNow());

  return {
    async refresh(tokens: OAuthTokens, account: OAuthAccount): Promise<OAuthTokens> {
      const oauth = await clientFor(tokens);
      oauth.setCredentials({ refresh_token: tokens.refreshToken });
      try {
        // With only a refresh token in hand, this asks Google's token endpoint for a new access token.
        await oauth.getAccessToken();
      } catch (error) {
        throw explainGoogleError(error, { doing: 'renew its access to your Gmail', account: account.email });
      }
      const previous = { accessToken: tokens.accessToken ?? '', refreshToken: tokens.refreshToken, expiresAt: tokens.expiresAt ?? 0, scopes: [...tokens.scopes] };
      const merged = mergeTokens(previous, oauth.credentials, now());
      if (!merged?.accessToken) return { ...tokens, accessToken: null, expiresAt: null };
      return { ...tokens, accessToken: merged.accessToken, refreshToken: merged.refreshToken, expiresAt: merged.expiresAt, scopes: merged.scopes };
    },

    async revoke(tokens: OAuthTokens, account: OAuthAccount): Promise<void> {
      const endpoints = endpointsNow();
      const oauth = await newOAuthClient({ clientId: tokens.clientId, clientSecret: tokens.clientSecret }, endpoints);
      await revokeGoogleGrant(oauth, endpoints, { refreshToken: tokens.refreshToken, accessToken: tokens.accessToken }, account.email);
    },
  };
}
