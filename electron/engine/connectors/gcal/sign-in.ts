/**
 * Adding a Google Calendar account is signing in to Google, as for Gmail (google/account-sign-in.ts),
 * insisting on the calendar scopes. The one sign-in asks for both, so an account signed in for
 * one already allowed the other.
 */
import { ApiError } from '@shared/api/errors.js';
import { googleAccountSignIn } from '../google/account-sign-in.js';
import { CALENDAR_EVENTS_SCOPE, CALENDAR_LIST_SCOPE } from '../google/scopes.js';

/** What signs a Google Calendar account in (again), for messages. */
export const GCAL_SIGN_IN_COMMAND = 'steward accounts add gcal';

export const gcalSignIn = googleAccountSignIn<'gcal'>({
  requiredScopes: [CALENDAR_EVENTS_SCOPE, CALENDAR_LIST_SCOPE],
  settings: (_input, grant) => ({ clientId: grant.clientId, scopes: grant.scopes }),
});

export function gcalSignInRequired(): ApiError {
  return new ApiError(
    'invalid_input',
    `Google Calendar accounts are added by signing in to Google, not with a password: \`${GCAL_SIGN_IN_COMMAND}\`, or Settings → Accounts → Google Calendar → Sign in with Google.`,
  );
}
