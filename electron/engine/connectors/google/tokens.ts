/**
 * A Google grant as Steward keeps it in the secret store (as JSON, never in the database): the
 * refresh token is the grant itself; the access token is a cache good for about an hour.
 */
import type { Credentials } from 'google-auth-library';
import { z } from 'zod';

export const googleTokensSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  /** Epoch ms when the access token stops working. */
  expiresAt: z.number().int(),
  /** The scopes the user actually granted (they can untick some on Google's consent screen). */
  scopes: z.array(z.string()),
});
export type GoogleTokens = z.infer<typeof googleTokensSchema>;

/** The tokens as google-auth-library holds them. */
export function toCredentials(tokens: GoogleTokens): Credentials {
  return {
    access_token: tokens.accessToken,
    refresh_token: tokens.refreshToken,
    expiry_date: tokens.expiresAt,
    scope: tokens.scopes.join(' '),
    token_type: 'Bearer',
  };
}

/**
 * Merges what a token response carried into the grant. A refresh answer usually leaves out the
 * refresh token (it stays the same) and may leave out the scope; Google can also rotate the
 * refresh token, and then the new one must replace the old.
 */
export function mergeTokens(previous: GoogleTokens | null, received: Credentials, now: number): GoogleTokens | null {
  const accessToken = received.access_token ?? previous?.accessToken;
  const refreshToken = received.refresh_token ?? previous?.refreshToken;
  if (!accessToken || !refreshToken) return null;
  return {
    accessToken,
    refreshToken,
    // Without an expiry, assume Google's usual hour, so a refresh comes before it could matter.
    expiresAt: received.expiry_date ?? (received.access_token ? now + 3_600_000 : (previous?.expiresAt ?? now)),
    scopes: received.scope ? received.scope.split(/\s+/).filter(Boolean) : (previous?.scopes ?? []),
  };
}
