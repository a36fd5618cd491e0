/**
 * Sends iMIP mail (invitation answers, cancellations) through the user's SMTP server, for
 * calendar servers that do not deliver them themselves. The ticket is checked immediately before
 * the mail goes out, like every other write.
 */
import { assertTicket, type BoundTicket } from '../../gate/gate.js';
import { capabilityId, type CalendarCapability } from '../../items/event/calendar-capabilities.js';
import { composeImip, type ImipMessage } from '../../items/event/imip.js';
import type { ImipSender } from './caldav-writer.js';

export interface SmtpEndpoint {
  readonly host: string;
  readonly port: number;
  /** TLS from the start (465); otherwise STARTTLS when the server offers it. */
  readonly secure: boolean;
  readonly username?: string;
  readonly password?: string;
}

export function smtpImipSender(endpoint: SmtpEndpoint, accountId: string): ImipSender {
  return {
    async send(ticket: BoundTicket, capability: CalendarCapability, message: ImipMessage): Promise<void> {
      if (message.to.length === 0) return;
      const raw = await composeImip(message);
      // Imported here, not at start-up: nodemailer is ~2.6 MB of live heap an idle host does not need.
      const { createTransport } = await import('nodemailer');
      const transport = createTransport({
        host: endpoint.host,
        port: endpoint.port,
        secure: endpoint.secure,
        ...(endpoint.username ? { auth: { user: endpoint.username, pass: endpoint.password ?? '' } } : {}),
      });
      try {
        assertTicket(ticket, capabilityId(capability), accountId);
        await transport.sendMail({ envelope: { from: message.from.email, to: message.to.map((person) => person.email) }, raw });
      } finally {
        transport.close();
      }
    },
  };
}
