/**
 * The only code that sends mail over SMTP. It takes the gate's ticket and checks it, against
 * the capability and the account, immediately before the message is handed to the server; and
 * it tells the caller the moment it hands it over (so that the step's journal says so durably
 * before anything can have left).
 */
import type { ApiError } from '@shared/api/errors.js';
import type { CapabilityId } from '@shared/domain/capabilities.js';
import { assertTicket, type BoundTicket } from '../../gate/gate.js';
import type { SmtpEndpoint } from './smtp-endpoint.js';
import { describeSmtpError, sendFailureCertainty } from './smtp-errors.js';
import { openSmtpSession } from './smtp-session.js';

export interface OutgoingMessage {
  /** MAIL FROM. */
  readonly from: string;
  /** RCPT TO: every recipient (To, Cc and Bcc). */
  readonly recipients: readonly string[];
  /** The message as it is sent (RFC 5322). */
  readonly raw: Buffer;
}

export type SendResult =
  /** The server took it (250 after DATA). */
  | { readonly kind: 'accepted'; readonly response: string; readonly accepted: readonly string[]; readonly rejected: readonly string[] }
  /** It certainly did not reach the server: refused, or it failed before the message was handed over. */
  | { readonly kind: 'not-sent'; readonly error: ApiError }
  /** The connection was lost while the message was on its way: the server may or may not have it. */
  | { readonly kind: 'unknown'; readonly error: ApiError };

export interface SendTarget {
  readonly endpoint: SmtpEndpoint;
  /** The account the message is sent for. */
  readonly accountId: string;
}

/**
 * Sends one message. A pause (the ticket's signal) stops it up to the moment it is handed over;
 * after that it is left to finish, because a cut in the middle could only make it unknown
 * whether the message left. `handingOver` is called right before, and must record it durably.
 */
export async function sendMessage(
  ticket: BoundTicket,
  capability: CapabilityId,
  { endpoint, accountId }: SendTarget,
  message: OutgoingMessage,
  handingOver: () => void,
): Promise<SendResult> {
  let session;
  try {
    session = await openSmtpSession(endpoint, ticket.signal);
  } catch (error) {
    if ((error as ApiError).code === 'paused') throw error;
    return { kind: 'not-sent', error: describeSmtpError(error, endpoint) };
  }
  try {
    assertTicket(ticket, capability, accountId);
    handingOver();
    return await new Promise<SendResult>((resolve) => {
      session.connection.send({ from: message.from, to: [...message.recipients] }, message.raw, (error, info) => {
        if (error || !info) {
          const certainty = sendFailureCertainty(error, true);
          resolve({ kind: certainty, error: describeSmtpError(error ?? new Error('no answer'), endpoint) });
          return;
        }
        resolve({
          kind: 'accepted',
          response: info.response,
          accepted: info.accepted.map(String),
          rejected: info.rejected.map(String),
        });
      });
    });
  } finally {
    session.close();
  }
}
