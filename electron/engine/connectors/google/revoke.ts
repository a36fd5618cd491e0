/**
 * Withdraws Steward's access when an account is removed, so a copy of the tokens left anywhere is
 * worthless. Google ends the whole grant when its refresh token is revoked; the access token is
 * revoked as well for servers that treat the two apart. A token Google no longer knows counts as
 * revoked already. The token goes in the POST body (as Google documents), never in the URL, where
 * proxies and logs would keep it.
 */
import type { OAuth2Client } from 'google-auth-library';
import { ApiError } from '@shared/api/errors.js';
import { explainGoogleError } from './google-errors.js';
import type { GoogleEndpoints } from './endpoints.js';
import { isGaxiosError } from './google-libraries.js';
import type { GoogleTokens } from './tokens.js';

export async function revokeGoogleGrant(
  auth: OAuth2Client,
  endpoints: GoogleEndpoints,
  tokens: Pick<GoogleTokens, 'refreshToken'> & { readonly accessToken: string | null },
  account: string,
): Promise<void> {
  for (const token of [tokens.refreshToken, tokens.accessToken]) {
    if (!token) continue;
    try {
      await auth.transporter.request({
        url: endpoints.revoke,
        method: 'POST',
        data: new URLSearchParams({ token }),
        retry: true,
        retryConfig: { httpMethodsToRetry: ['POST'] },
      });
    } catch (error) {
      if (alreadyRevoked(error)) continue;
      const explained = explainGoogleError(error, { doing: 'withdraw its access to your Google account', account });
      throw new ApiError(explained.code, `${explained.message} You can also remove Steward's access yourself at https://myaccount.google.com/permissions.`);
    }
  }
}

function alreadyRevoked(error: unknown): boolean {
  if (!isGaxiosError(error) || error.status !== 400) return false;
  const data = error.response?.data as { error?: unknown } | undefined;
  return data?.error === 'invalid_token';
}
