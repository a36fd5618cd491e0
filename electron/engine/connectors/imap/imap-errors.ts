/**
 * IMAP and network failures in words a user can act on. Nothing here includes the password.
 */
import { ApiError } from '@shared/api/errors.js';

export interface ServerRef {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  readonly username: string;
}

interface ErrorLike {
  code?: string;
  message?: string;
  authenticationFailed?: boolean;
  serverResponseCode?: string;
  responseText?: string;
  tlsFailed?: boolean;
}

/** RFC 5530 response codes that say "not now" rather than "wrong credentials". */
const TRANSIENT_LOGIN_CODES = new Set(['UNAVAILABLE', 'INUSE', 'LIMIT', 'SERVERBUG']);

export interface ErrorHistory {
  /** Whether this server answered before: then a refused connection means it is down, not misconfigured. */
  readonly answeredBefore?: boolean;
}

export function describeImapError(error: unknown, server: ServerRef, history: ErrorHistory = {}): ApiError {
  if (error instanceof ApiError) return error;
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as ErrorLike;
  const where = `${server.host}:${server.port}`;
  // A login refused for a passing reason (the server's auth backend is down, too many
  // connections) is not a wrong password: retry it instead of waiting for the user.
  const responseCode = (e.serverResponseCode ?? '').toUpperCase();
  if (e.authenticationFailed && responseCode === 'LIMIT') {
    // The server throttles: the user can act on this one (another mail app holding connections).
    return new ApiError(
      'connection_failed',
      `The mail server at ${where} refused the connection: too many connections to it are open for ${server.username} (${e.responseText ?? 'LIMIT'}). ` +
        'Close other mail apps that use this account, or wait; Steward will retry and slows down while the server refuses.',
    );
  }
  if (e.authenticationFailed && TRANSIENT_LOGIN_CODES.has(responseCode)) {
    return new ApiError(
      'connection_failed',
      `The mail server at ${where} could not log you in just now (${e.serverResponseCode}: ${e.responseText ?? 'try again later'}). Steward will retry.`,
    );
  }
  if (e.authenticationFailed) {
    const said = e.serverResponseCode ?? e.responseText ?? 'the login was rejected';
    return new ApiError(
      'auth_failed',
      `IMAP login failed for ${server.username} at ${where}: the server said ${said}. ` +
        'Check the user name and the password (many providers want an app password here).',
    );
  }
  switch (e.code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ApiError('connection_failed', `Could not find the mail server ${server.host}. Check the server name and your network.`);
    case 'ECONNREFUSED':
      if (history.answeredBefore) {
        return new ApiError(
          'connection_failed',
          `The mail server at ${where} stopped answering (connection refused): it is down or restarting. Steward will retry, waiting longer between tries while it stays down.`,
        );
      }
      return new ApiError(
        'connection_failed',
        `Nothing answered at ${where}. Check the port (usually 993 with TLS, 143 without) and that the server is running.`,
      );
    case 'ECONNRESET':
    case 'EPIPE':
    case 'EConnectionClosed':
    case 'NoConnection':
    case 'ClosedAfterConnectText':
    case 'ClosedAfterConnectTLS':
      return new ApiError(
        'connection_failed',
        `The connection to ${where} was closed by the server${server.tls ? '' : ' (if it expects TLS, turn TLS on)'}. Steward will retry.`,
      );
    case 'ETIMEDOUT':
    case 'ETIMEOUT':
    case 'CONNECT_TIMEOUT':
    case 'GREETING_TIMEOUT':
    case 'UPGRADE_TIMEOUT':
      return new ApiError(
        'connection_failed',
        `The mail server at ${where} did not answer in time. Check the server name and port${server.tls ? ' (and whether it expects TLS on this port)' : ''}.`,
      );
  }
  const message = e.message ?? 'unknown error';
  if (e.tlsFailed || /SSL|TLS|certificate|wrong version number/i.test(message)) {
    return new ApiError(
      'connection_failed',
      `Could not set up a secure (TLS) connection to ${where}: ${message}. If the server does not use TLS on this port, turn TLS off or use port 993.`,
    );
  }
  return new ApiError('connection_failed', `The mail server at ${where} failed: ${message}.`);
}
