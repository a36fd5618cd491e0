/**
 * An IMAP account: what the user enters to add one, and what is stored (everything but the
 * password, which goes to the OS keychain).
 */
import { z } from 'zod';
import { displayName, email, hostname, password, port } from './fields.js';
import { describeSmtpSettings, smtpInput, smtpSettings, type SmtpSettings } from './smtp.js';

export const imapAccountInput = z.object({
  kind: z.literal('imap'),
  email,
  displayName,
  host: hostname,
  port,
  tls: z.boolean(),
  username: z.string().min(1, 'the user name is required').max(320),
  password,
  archiveMailbox: z.string().trim().min(1).max(500).optional(),
  /** Where mail is sent from; without it the account can read and draft but not send. */
  smtp: smtpInput.optional(),
});
export type ImapAccountInput = z.infer<typeof imapAccountInput>;

export interface ImapSettings {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  readonly username: string;
  /** The folder archived mail goes to; null means the server's \Archive folder. */
  readonly archiveMailbox: string | null;
  /** The outgoing server; absent on accounts added before sending existed, null when none was given. */
  readonly smtp?: SmtpSettings | null;
}

export const imapSettings = z.object({
  host: z.string(),
  port: z.number().int(),
  tls: z.boolean(),
  username: z.string(),
  archiveMailbox: z.string().nullable(),
  smtp: smtpSettings.nullable().optional(),
}) satisfies z.ZodType<ImapSettings>;

/** "imap.example.com:993, TLS" (plus the user when it is not the address). */
export function describeImapSettings(settings: ImapSettings): string {
  const imap = `${settings.host}:${settings.port}${settings.tls ? ', TLS' : ', no TLS'}`;
  return settings.smtp ? `${imap}; sends through ${describeSmtpSettings(settings.smtp)}` : imap;
}
