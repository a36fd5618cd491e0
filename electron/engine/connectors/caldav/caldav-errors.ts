/**
 * CalDAV and network failures in words a user can act on. Nothing here includes the password.
 *
 * Codes: auth_failed (wrong user or password: ask the user), invalid_input (the URL is not a
 * CalDAV server: ask the user), connection_failed (down, unreachable, timed out: retry later).
 */
import { ApiError } from '@shared/api/errors.js';
import { CalDavAuthError, CalDavHttpError, CalDavNetworkError, type CalDavEndpoint } from './caldav-session.js';

/** Thrown by discovery when the server answers but is not (or not at this URL) a CalDAV server. */
export class NotCalDavError extends Error {
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'NotCalDavError';
  }
}

export function describeCalDavError(error: unknown, endpoint: Pick<CalDavEndpoint, 'serverUrl' | 'username'>): ApiError {
  if (error instanceof ApiError) return error;
  const where = hostOf(endpoint.serverUrl);
  if (error instanceof CalDavAuthError) {
    return new ApiError(
      'auth_failed',
      `CalDAV login failed for ${endpoint.username} at ${where}: the server answered ${error.status} Unauthorized. ` +
        'Check the user name and the password (iCloud, Fastmail and others want an app-specific password here).',
    );
  }
  if (error instanceof NotCalDavError) {
    return new ApiError(
      'invalid_input',
      `${endpoint.serverUrl} does not look like a CalDAV server: ${error.detail}. Check the address ` +
        '(for example https://caldav.fastmail.com, https://caldav.icloud.com, or https://your-nextcloud/remote.php/dav).',
    );
  }
  if (error instanceof CalDavNetworkError) {
    switch (error.code) {
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return new ApiError('connection_failed', `Could not find the calendar server ${where}. Check the address and your network.`);
      case 'ECONNREFUSED':
        return new ApiError('connection_failed', `Nothing answered at ${where}: the calendar server is down or the address is wrong. Steward will retry.`);
      case 'ECONNRESET':
      case 'EPIPE':
      case 'UND_ERR_SOCKET':
      case 'UND_ERR_CLOSED':
        return new ApiError('connection_failed', `The connection to ${where} was cut. Steward will retry.`);
      case 'ETIMEDOUT':
      case 'UND_ERR_CONNECT_TIMEOUT':
      case 'UND_ERR_HEADERS_TIMEOUT':
        return new ApiError('connection_failed', `The calendar server at ${where} did not answer in time. Steward will retry.`);
      case 'ABORTED':
        return new ApiError('connection_failed', `The request to ${where} was stopped.`);
    }
    if (/certificate|SSL|TLS|self.signed/i.test(`${error.code} ${error.message}`)) {
      return new ApiError('connection_failed', `Could not set up a secure (HTTPS) connection to ${where}: ${error.message}.`);
    }
    return new ApiError('connection_failed', `Could not reach the calendar server at ${where}: ${error.message}.`);
  }
  if (error instanceof CalDavHttpError) {
    if (error.status === 403) return new ApiError('denied', `The calendar server at ${where} refused ${error.method} on ${pathOf(error.url)} (403 Forbidden): this account may not change that calendar.`);
    if (error.status === 404) return new ApiError('not_found', `${pathOf(error.url)} is not on the calendar server at ${where} (any more).`);
    if (error.status >= 500) return new ApiError('connection_failed', `The calendar server at ${where} failed (${error.status}) on ${error.method} ${pathOf(error.url)}. Steward will retry.`);
    return new ApiError('connection_failed', `The calendar server at ${where} answered ${error.status} to ${error.method} ${pathOf(error.url)}.`);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError('connection_failed', `The calendar server at ${where} failed: ${message}.`);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function pathOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname);
  } catch {
    return url;
  }
}
