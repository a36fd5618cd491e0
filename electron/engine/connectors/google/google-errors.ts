/**
 * Turns what googleapis and google-auth-library throw (GaxiosError, network errors) into an
 * ApiError whose words say what happened and what the user can do. One place for Gmail and
 * Calendar alike.
 */
import { ApiError } from '@shared/api/errors.js';
import { isGaxiosError, type GaxiosError } from './google-libraries.js';

export interface GoogleErrorContext {
  /** What Steward was doing, as the end of "Steward could not …": "list your Gmail messages". */
  readonly doing: string;
  /** The Google account, for the message. */
  readonly account: string;
  /** The command that signs this kind of account in again; Gmail's unless said. */
  readonly signInCommand?: string;
}

/** Network failures that mean "Google could not be reached", not "Google said no". */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'ERR_NETWORK']);

export function explainGoogleError(error: unknown, context: GoogleErrorContext): ApiError {
  if (error instanceof ApiError) return error;
  const what = `Steward could not ${context.doing} for ${context.account}`;
  if (!isGaxiosError(error)) {
    return new ApiError('internal', `${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const status = error.status ?? error.response?.status;
  const { reason, oauthError, message } = readBody(error.response?.data);
  if (status === undefined) {
    const code = networkCode(error);
    if (code && NETWORK_CODES.has(code)) {
      return new ApiError('connection_failed', `${what}: Google could not be reached (${code}). Check the internet connection; Steward tries again by itself.`);
    }
    return new ApiError('connection_failed', `${what}: ${error.message}. Steward tries again by itself.`);
  }
  if (oauthError === 'invalid_grant' || status === 401) {
    return new ApiError('auth_failed', `${what}: Google no longer accepts Steward's sign-in (it was revoked, expired or the password changed). Sign in to Google again: Settings → Accounts → Sign in again, or \`${context.signInCommand ?? 'steward accounts add gmail'}\`.`);
  }
  if (oauthError === 'invalid_client' || oauthError === 'unauthorized_client') {
    return new ApiError('auth_failed', `${what}: Google does not accept Steward's OAuth client (${oauthError}). Check the client ID and secret (Google Cloud console → Credentials), then sign in again.`);
  }
  if (status === 429 || (status === 403 && reason !== undefined && /rateLimitExceeded|userRateLimitExceeded|quotaExceeded/.test(reason))) {
    return new ApiError('unavailable', `${what}: Google is limiting how fast Steward may ask (${reason ?? 'HTTP 429'}). Steward waits and tries again by itself.`);
  }
  if (status === 403) {
    return new ApiError('denied', `${what}: Google refused (${reason ?? message ?? 'HTTP 403'}). If you unticked a permission when signing in, sign in again and allow it.`);
  }
  if (status === 404) return new ApiError('not_found', `${what}: Google says it does not exist (any more).`);
  if (status >= 500) return new ApiError('unavailable', `${what}: Google had a problem (HTTP ${status}). Steward tries again by itself.`);
  return new ApiError('internal', `${what}: Google answered HTTP ${status}${message ? ` (${message})` : ''}.`);
}

/** Google's two error shapes: the APIs' `{error: {message, errors: [{reason}]}}` and OAuth's `{error, error_description}`. */
function readBody(data: unknown): { reason?: string; oauthError?: string; message?: string } {
  if (typeof data !== 'object' || data === null) return {};
  const body = data as { error?: unknown; error_description?: unknown };
  if (typeof body.error === 'string') {
    return { oauthError: body.error, message: typeof body.error_description === 'string' ? body.error_description : undefined };
  }
  if (typeof body.error === 'object' && body.error !== null) {
    const api = body.error as { message?: unknown; errors?: { reason?: unknown }[]; status?: unknown };
    const reason = api.errors?.[0]?.reason;
    return { reason: typeof reason === 'string' ? reason : typeof api.status === 'string' ? api.status : undefined, message: typeof api.message === 'string' ? api.message : undefined };
  }
  return {};
}

function networkCode(error: GaxiosError): string | undefined {
  if (typeof error.code === 'string') return error.code;
  // fetch puts the socket's error code on the cause.
  const cause = (error.cause as { code?: unknown; cause?: { code?: unknown } } | undefined) ?? undefined;
  const code = cause?.code ?? cause?.cause?.code;
  return typeof code === 'string' ? code : undefined;
}

/** How long Google asked to be left alone (its Retry-After header on a 429 or 503), in ms; null when it did not say. */
export function retryAfterMs(error: unknown, now: number = Date.now()): number | null {
  if (!isGaxiosError(error)) return null;
  const header = error.response?.headers.get('retry-after');
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Google said the credentials are not (or no longer) good: HTTP 401. */
export function isUnauthorized(error: unknown): boolean {
  return isGaxiosError(error) && (error.status ?? error.response?.status) === 401;
}

/** Gmail's 404, e.g. for a history id too old to list from. */
export function isNotFound(error: unknown): boolean {
  return isGaxiosError(error) && (error.status ?? error.response?.status) === 404;
}
