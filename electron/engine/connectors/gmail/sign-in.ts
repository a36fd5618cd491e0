/**
 * Adding a Gmail account is signing in to Google: the shared Google sign-in (loopback redirect,
 * PKCE) asking for every scope Steward uses on Google, so that Google Calendar later needs no
 * second consent, and insisting on Gmail's. The OAuth client comes from the input, else from the
 * engine's environment (client-config.ts), with words that say how to make one when neither has it.
 */
import { ApiError } from '@shared/api/errors.js';
import type { GmailAccountInput } from '@shared/connectors/index.js';
import type { ConnectionTestResult } from '@shared/domain/types.js';
import { resolveGoogleClient } from '../google/client-config.js';
import { googleEndpoints } from '../google/endpoints.js';
import { startGoogleSignIn } from '../google/oauth.js';
import { GOOGLE_PROVIDER, googleOAuthRefresher } from '../google/refresher.js';
import { GMAIL_MODIFY_SCOPE, STEWARD_GOOGLE_SCOPES } from '../google/scopes.js';
import type { OAuthSignIn, SignedInAccount } from '../types.js';

export const gmailSignIn: OAuthSignIn<'gmail'> = {
  provider: GOOGLE_PROVIDER,
  refresher: googleOAuthRefresher(),

  async begin(input, options) {
    const client = resolveGoogleClient({ clientId: input.clientId, clientSecret: input.clientSecret });
    const session = await startGoogleSignIn({
      client,
      endpoints: googleEndpoints(),
      scopes: STEWARD_GOOGLE_SCOPES,
      requiredScopes: [GMAIL_MODIFY_SCOPE],
      ...(input.email ? { expectedEmail: input.email } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const result = session.result.then(
      (signedIn): SignedInAccount<'gmail'> => ({
        email: signedIn.email.toLowerCase(),
        displayName: input.displayName?.trim() ?? '',
        settings: { clientId: client.clientId, scopes: signedIn.tokens.scopes, includedLabels: input.labels ?? null },
        tokens: {
          provider: GOOGLE_PROVIDER,
          clientId: client.clientId,
          clientSecret: client.clientSecret,
          refreshToken: signedIn.tokens.refreshToken,
          accessToken: signedIn.tokens.accessToken,
          expiresAt: signedIn.tokens.expiresAt,
          scopes: signedIn.tokens.scopes,
        },
      }),
    );
    result.catch(() => undefined);
    return { url: session.url, expiresAt: new Date(session.expiresAt), result, cancel: () => session.cancel() };
  },
};

/** Gmail accounts have no password to add them with. */
export function signInRequired(): ApiError {
  return new ApiError(
    'invalid_input',
    'Gmail accounts are added by signing in to Google, not with a password: `steward accounts add gmail`, or Settings → Accounts → Sign in with Google.',
  );
}

/** What can be checked before signing in: that there is an OAuth client to sign in as. */
export async function testGmailInput(input: GmailAccountInput): Promise<ConnectionTestResult> {
  const client = resolveGoogleClient({ clientId: input.clientId, clientSecret: input.clientSecret });
  return Promise.resolve({
    ok: true,
    message: `Ready to sign in to Google as the OAuth client ${client.clientId}${client.clientSecret ? ' (with its secret)' : ''}. Google's sign-in page opens next.`,
  });
}
