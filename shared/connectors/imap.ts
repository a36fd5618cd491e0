/**
 * An IMAP account: what the user enters to add one, and what is stored (everything but the
 * password, which goes to the OS keychain).
 */
import { z } from 'zod';
import { displayName, email, hostname, password, port } from './fields.js';
import { describeSmtpSettings, smtpInput, smtpSettings, type SmtpSettings } from './smtp.js';

/** Roles a folder can have besides INBOX and Archive (Archive has its own, older setting). */
export const FOLDER_ROLES = ['sent', 'drafts', 'trash', 'junk'] as const;
export type ChosenFolderRole = (typeof FOLDER_ROLES)[number];
export type FolderChoices = Partial<Record<ChosenFolderRole, string>>;

const folderName = z.string().trim().min(1, 'the folder name is empty').max(500);
export const folderChoices = z.object({ sent: folderName.optional(), drafts: folderName.optional(), trash: folderName.optional(), junk: folderName.optional() }).strict();

/** 0 means everything; the cap (a century) only keeps the date arithmetic sane. */
export const historyDays = z.number().int('the history is a whole number of days').min(0, 'the history cannot be negative (0 means everything)').max(36_500);

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
  /** Folders the user names for roles the server does not mark (no special-use flag). */
  folders: folderChoices.optional(),
  /** How far back the first sync reads: days, or 0 for everything (the default). */
  historyDays: historyDays.optional(),
  /** Where mail is sent from; without it the account can read and draft but not send. */
  smtp: smtpInput.optional(),
});
export type ImapAccountInput = z.infer<typeof imapAccountInput>;

/** A folder choice being changed: an empty name clears it (the server's flag decides again). */
const folderChange = z.string().trim().max(500).optional();

/** What the user may change on a stored IMAP account without adding it again. */
export const imapFolderSettingsInput = z.object({
  archiveMailbox: folderName.nullable().optional(),
  folders: z.object({ sent: folderChange, drafts: folderChange, trash: folderChange, junk: folderChange }).strict().optional(),
  historyDays: historyDays.optional(),
});
export type ImapFolderSettingsInput = z.infer<typeof imapFolderSettingsInput>;

export interface ImapSettings {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  readonly username: string;
  /** The folder archived mail goes to; null means the server's \Archive folder. */
  readonly archiveMailbox: string | null;
  /** Folders chosen for roles the server does not mark; absent on accounts added before. */
  readonly folders?: FolderChoices;
  /** How far back the first sync of each folder reads, in days; 0 or absent: everything. */
  readonly historyDays?: number;
  /** The outgoing server; absent on accounts added before sending existed, null when none was given. */
  readonly smtp?: SmtpSettings | null;
}

export const imapSettings = z.object({
  host: z.string(),
  port: z.number().int(),
  tls: z.boolean(),
  username: z.string(),
  archiveMailbox: z.string().nullable(),
  folders: folderChoices.optional(),
  historyDays: historyDays.optional(),
  smtp: smtpSettings.nullable().optional(),
}) satisfies z.ZodType<ImapSettings>;

/** "imap.example.com:993, TLS" (plus the user when it is not the address). */
export function describeImapSettings(settings: ImapSettings): string {
  const imap = `${settings.host}:${settings.port}${settings.tls ? ', TLS' : ', no TLS'}`;
  return settings.smtp ? `${imap}; sends through ${describeSmtpSettings(settings.smtp)}` : imap;
}
