/**
 * A short-lived SMTP connection for one job (a test, a send), logged in and ready. Its failures
 * come back as errors in words (smtp-errors.ts), never as an unhandled 'error' event.
 */
import type SMTPConnection from 'nodemailer/lib/smtp-connection/index.js';
import { ApiError } from '@shared/api/errors.js';
import { smtpClientOptions, type SmtpEndpoint } from './smtp-endpoint.js';
import { describeSmtpError } from './smtp-errors.js';

export interface SmtpSession {
  readonly connection: SMTPConnection;
  /** Says goodbye (QUIT) and closes; safe to call twice. */
  close(): void;
}

export function pausedError(): ApiError {
  return new ApiError('paused', 'Stopped: Steward was paused before this message left.');
}

/** Connects and logs in; `signal` (Steward was paused) cuts it short. */
export async function openSmtpSession(endpoint: SmtpEndpoint, signal: AbortSignal): Promise<SmtpSession> {
  if (signal.aborted) throw pausedError();
  // Imported on the first send, not at start-up (items/mail/build-message.ts says why).
  const { default: SMTPConnection } = await import('nodemailer/lib/smtp-connection/index.js');
  if (signal.aborted) throw pausedError();
  const connection = new SMTPConnection(smtpClientOptions(endpoint));
  // Failures also reach the callbacks below; this listener keeps the emitter from throwing.
  connection.on('error', () => undefined);
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    try {
      connection.quit();
    } catch {
      connection.close();
    }
  };
  return new Promise<SmtpSession>((resolve, reject) => {
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      connection.close();
      reject(signal.aborted ? pausedError() : describeSmtpError(error, endpoint));
    };
    const onAbort = () => fail(pausedError());
    signal.addEventListener('abort', onAbort, { once: true });
    connection.once('error', fail);
    connection.once('end', () => fail(Object.assign(new Error('The server closed the connection.'), { code: 'ECONNECTION' })));
    connection.connect(() => {
      const ready = () => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        connection.removeListener('error', fail);
        resolve({ connection, close });
      };
      if (!endpoint.username) return ready();
      connection.login({ user: endpoint.username, pass: endpoint.password }, (error) => (error ? fail(error) : ready()));
    });
  });
}
