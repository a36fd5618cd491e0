/**
 * Errors that cross the API boundary. They travel as plain objects (they must survive JSON and
 * structured clone alike) and carry a message a user can act on.
 */
export type ApiErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'conflict'
  | 'paused'
  | 'denied'
  | 'unauthorized'
  | 'connection_failed'
  | 'auth_failed'
  | 'keychain_unavailable'
  | 'unavailable'
  | 'internal';

export interface ApiErrorPayload {
  readonly code: ApiErrorCode;
  readonly message: string;
}

export class ApiError extends Error {
  readonly code: ApiErrorCode;

  constructor(code: ApiErrorCode, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }

  toPayload(): ApiErrorPayload {
    return { code: this.code, message: this.message };
  }
}

export function isApiErrorPayload(value: unknown): value is ApiErrorPayload {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

/** Turns whatever came back over a transport into an ApiError. */
export function toApiError(value: unknown): ApiError {
  if (value instanceof ApiError) return value;
  if (isApiErrorPayload(value)) return new ApiError(value.code, value.message);
  if (value instanceof Error) return new ApiError('internal', value.message);
  return new ApiError('internal', String(value));
}

/** HTTP status for an error code, used by the host's /api/ routes. */
export function httpStatusFor(code: ApiErrorCode): number {
  switch (code) {
    case 'invalid_input':
      return 400;
    case 'unauthorized':
      return 401;
    case 'denied':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
    case 'paused':
      return 409;
    case 'connection_failed':
    case 'auth_failed':
    case 'keychain_unavailable':
      return 502;
    case 'unavailable':
      return 503;
    case 'internal':
      return 500;
  }
}
