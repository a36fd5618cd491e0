import { toApiError, type ApiErrorCode } from '@shared/api/errors';

/** Said when an error arrives without words of its own (it should not, but a user deserves a sentence). */
const FALLBACK: Readonly<Record<ApiErrorCode, string>> = {
  invalid_input: 'Steward could not accept that input.',
  not_found: 'That item no longer exists. It may have been handled elsewhere.',
  conflict: 'That changed in the meantime. Look it over again and retry.',
  paused: 'Steward is paused. Resume it to let it act.',
  denied: 'Your permissions do not allow this. Change them in Settings → Permissions.',
  unauthorized: 'This page is not signed in to Steward. Open the link that `steward host` printed.',
  connection_failed: 'Steward could not reach the server.',
  auth_failed: 'The server refused the sign-in. Check the user name and password.',
  keychain_unavailable: 'The system keychain is not available, so Steward cannot store the password.',
  unavailable: 'Steward is not available right now. Try again in a moment.',
  internal: 'Something went wrong inside Steward. Try again; if it keeps failing, check the ledger.',
};

/** The message to show for anything an API call threw. */
export function errorMessage(error: unknown): string {
  const apiError = toApiError(error);
  const message = apiError.message.trim();
  if (!message || message === '[object Object]') return FALLBACK[apiError.code];
  return message;
}
