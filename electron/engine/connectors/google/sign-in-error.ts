import { ApiError, type ApiErrorCode } from '@shared/api/errors.js';

/** Why a Google sign-in did not finish; the message says what the user can do about it. */
export type SignInFailure =
  | 'denied'
  | 'state_mismatch'
  | 'timeout'
  | 'cancelled'
  | 'token_exchange'
  | 'unreachable'
  | 'no_refresh_token'
  | 'missing_scopes'
  | 'wrong_account';

export class GoogleSignInError extends ApiError {
  constructor(
    readonly reason: SignInFailure,
    message: string,
    code: ApiErrorCode = 'auth_failed',
  ) {
    super(code, message);
    this.name = 'GoogleSignInError';
  }
}
