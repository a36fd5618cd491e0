/**
 * An IMAP account: what the user enters to add one, and what is stored (everything but the
 * password, which goes to the OS keychain).
 */
import { z } from 'zod';
import { displayName, email, hostname, password, port } from './fields.js';

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
});
export type ImapAccountInput = z.infer<typeof imapAccountInput>;

export interface ImapSettings {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  readonly username: string;
  /** The folder archived mail goes to; null means the server's \Archive folder. */
  readonly archiveMailbox: string | null;
}

export const imapSettings = z.object({
  host: z.string(),
  port: z.number().int(),
  tls: z.boolean(),
  username: z.string(),
  archiveMailbox: z.string().nullable(),
}) satisfies z.ZodType<ImapSettings>;

/** "imap.example.com:993, TLS" (plus the user when it is not the address). */
export function describeImapSettings(settings: ImapSettings): string {
  return `${settings.host}:${settings.port}${settings.tls ? ', TLS' : ', no TLS'}`;
}
