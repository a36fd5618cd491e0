/**
 * Adding a Gmail account is signing in to Google (google/account-sign-in.ts), insisting on
 * Gmail's scope and storing which labels to take in.
 */
import { ApiError } from '@shared/api/errors.js';
import type { GmailAccountInput } from '@shared/connectors/index.js';
import type { ConnectionTestResult } from '@shared/domain/types.js';
import { googleAccountSignIn, testGoogleSignInInput } from '../google/account-sign-in.js';
import { GMAIL_MODIFY_SCOPE } from '../google/scopes.js';

export const gmailSignIn = googleAccountSignIn<'gmail'>({
  requiredScopes: [GMAIL_MODIFY_SCOPE],
  settings: (input, grant) => ({ clientId: grant.clientId, scopes: grant.scopes, includedLabels: input.labels ?? null }),
});

/** Gmail accounts have no password to add them with. */
export function signInRequired(): ApiError {
  return new ApiError(
    'invalid_input',
    'Gmail accounts are added by signing in to Google, not with a password: `steward accounts add gmail`, or Settings → Accounts → Sign in with Google.',
  );
}

export function testGmailInput(input: GmailAccountInput): Promise<ConnectionTestResult> {
  return testGoogleSignInInput(input);
}
