/**
 * SMTP and network failures in words a user can act on, and whether a failed send may still
 * have reached the server. Nothing here includes the password.
 */
import { ApiError } from '@shared/api/errors.js';
import type { SmtpEndpoint } from './smtp-endpoint.js';

interface SmtpErrorLike {
  readonly code?: string;
  readonly message?: string;
  readonly response?: string;
  readonly responseCode?: number;
  readonly command?: string;
}

function asErrorLike(error: unknown): SmtpErrorLike {
  if (typeof error === 'object' && error !== null) return error;
  return { message: String(error) };
}

export function describeSmtpError(error: unknown, server: Pick<SmtpEndpoint, 'host' | 'port' | 'security' | 'username'>): ApiError {
  if (error instanceof ApiError) return error;
  const e = asErrorLike(error);
  const where = `${server.host}:${server.port}`;
  const said = (e.response ?? e.message ?? 'no reason given').trim();
  switch (e.code) {
    case 'EAUTH':
    case 'ENOAUTH':
      return new ApiError(
        'auth_failed',
        `SMTP login failed for ${server.username} at ${where}: the server said ${said}. Check the SMTP user name and password (many providers want an app password here).`,
      );
    case 'EENVELOPE':
      return new ApiError('invalid_input', `The outgoing server ${where} refused the sender or the recipients: ${said}. Check the addresses; nothing was sent.`);
    case 'EMESSAGE':
      return new ApiError('invalid_input', `The outgoing server ${where} refused the message: ${said}. Nothing was sent.`);
    case 'ETLS':
      return new ApiError(
        'connection_failed',
        `Could not set up a secure connection to ${where}: ${said}. ` +
          (server.security === 'starttls'
            ? 'The server did not offer a working STARTTLS; if it speaks TLS from the start, use port 465 with TLS.'
            : 'If the server does not use TLS on this port, use STARTTLS (usually port 587).'),
      );
    case 'EDNS':
      return new ApiError('connection_failed', `Could not find the outgoing server ${server.host}. Check the server name and your network.`);
    case 'ETIMEDOUT':
      return new ApiError('connection_failed', `The outgoing server at ${where} did not answer in time. Check the server name and port${server.security === 'tls' ? ' (and whether it expects TLS from the start on this port)' : ''}.`);
  }
  if (/ECONNREFUSED/.test(e.message ?? '') || e.code === 'ECONNREFUSED') {
    return new ApiError('connection_failed', `Nothing answered at ${where}. Check the SMTP port (usually 587 with STARTTLS, 465 with TLS) and that the server is running.`);
  }
  if (/wrong version number|packet length too long/i.test(e.message ?? '')) {
    return new ApiError(
      'connection_failed',
      `Could not set up a secure connection to ${where}: the server does not speak TLS from the start on this port. Use STARTTLS (usually port 587), or port 465 for TLS.`,
    );
  }
  if (/SSL|certificate|self[- ]signed/i.test(e.message ?? '')) {
    return new ApiError('connection_failed', `Could not set up a secure connection to ${where}: ${e.message ?? ''}. Check the security setting: 465 usually speaks TLS from the start, 587 STARTTLS.`);
  }
  return new ApiError('connection_failed', `The outgoing server at ${where} failed: ${said}.`);
}

/**
 * After a send failed: did the message certainly not reach the server ('not-sent'), or may it
 * have ('unknown')? Only a refusal in words from the server, or a failure before the message
 * was handed over, proves it was not sent; a connection lost while the message was on its way
 * may have been lost after the server took it.
 */
export function sendFailureCertainty(error: unknown, handedOver: boolean): 'not-sent' | 'unknown' {
  if (!handedOver) return 'not-sent';
  const e = asErrorLike(error);
  if (e.code === 'EENVELOPE') return 'not-sent';
  if (typeof e.responseCode === 'number' && e.responseCode >= 400) return 'not-sent';
  return 'unknown';
}
