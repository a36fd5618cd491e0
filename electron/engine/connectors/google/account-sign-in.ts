/**
 * Adding an account of a Google kind (Gmail, Google Calendar) is signing in to Google: the shared
 * sign-in (loopback redirect, PKCE) asking for every scope Steward uses on Google, so that the
 * other Google kinds later need no second consent, and insisting on the kind's own scopes. The
 * OAuth client comes from the input, else from the engine's environment (client-config.ts), with
 * words that say how to make one when neither has it. Kinds differ only in what they insist on
 * and in the settings they store.
 */
import type { ConnectionTestResult } from '@shared/domain/types.js';
import type { GmailAccountInput, SignInInput } from '@shared/connectors/index.js';
import type { AppId } from '@shared/domain/capabilities.js';
import type { OAuthSignIn, SignedInAccount } from '../types.js';
import { resolveGoogleClient } from './client-config.js';
import { googleEndpoints } from './endpoints.js';
import { startGoogleSignIn } from './oauth.js';
import { GOOGLE_PROVIDER, googleOAuthRefresher } from './refresher.js';
import { STEWARD_GOOGLE_SCOPES } from './scopes.js';

type GoogleKind = SignInInput['kind'] & AppId;
type InputFor<K extends GoogleKind> = Extract<SignInInput, { kind: K }>;

export interface GoogleAccountKind<K extends GoogleKind> {
  /** Scopes without which the kind cannot work: a grant without them is refused, in words. */
  readonly requiredScopes: readonly string[];
  /** What the account stores, from what the user entered and the client and scopes of the grant. */
  settings(input: InputFor<K>, grant: { readonly clientId: string; readonly scopes: readonly string[] }): SignedInAccount<K>['settings'];
}

/** One refresher for the provider, whichever kind asks: the grants are Google's, not the kind's. */
const refresher = googleOAuthRefresher();

export function googleAccountSignIn<K extends GoogleKind>(kind: GoogleAccountKind<K>): OAuthSignIn<K> {
  return {
    provider: GOOGLE_PROVIDER,
    refresher,
    async begin(kindInput, options) {
      // Every Google kind's input has these fields (gcal's is Gmail's without labels); TypeScript
      // cannot see that through the generic kind.
      const input = kindInput as unknown as Pick<GmailAccountInput, 'email' | 'displayName' | 'clientId' | 'clientSecret'>;
      const client = resolveGoogleClient({ clientId: input.clientId, clientSecret: input.clientSecret });
      const session = await startGoogleSignIn({
        client,
        endpoints: googleEndpoints(),
        scopes: STEWARD_GOOGLE_SCOPES,
        requiredScopes: kind.requiredScopes,
        ...(input.email ? { expectedEmail: input.email } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      const result = session.result.then(
        (signedIn): SignedInAccount<K> => ({
          email: signedIn.email.toLowerCase(),
          displayName: input.displayName?.trim() ?? '',
          settings: kind.settings(kindInput as unknown as InputFor<K>, { clientId: client.clientId, scopes: signedIn.tokens.scopes }),
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
}

/** What can be checked before signing in: that there is an OAuth client to sign in as. */
export function testGoogleSignInInput(input: { readonly clientId?: string | undefined; readonly clientSecret?: string | undefined }): Promise<ConnectionTestResult> {
  const client = resolveGoogleClient({ clientId: input.clientId, clientSecret: input.clientSecret });
  return Promise.resolve({
    ok: true,
    message: `Ready to sign in to Google as the OAuth client ${client.clientId}${client.clientSecret ? ' (with its secret)' : ''}. Google's sign-in page opens next.`,
  });
}
