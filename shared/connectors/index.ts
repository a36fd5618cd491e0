/**
 * The kinds of account Steward can connect, as the engine's clients see them: one input schema
 * (what adding one takes) and one settings type (what is stored) per kind. A new connector adds
 * one file beside this one and one line to each list below.
 */
import { z } from 'zod';
import type { AppId } from '../domain/capabilities.js';
import { caldavAccountInput, describeCaldavSettings, type CaldavSettings } from './caldav.js';
import { describeFoldersSettings, foldersAccountInput, type FoldersSettings } from './folders.js';
import { describeGcalSettings, gcalAccountInput, type GcalSettings } from './gcal.js';
import { describeGmailSettings, gmailAccountInput, type GmailSettings } from './gmail.js';
import { describeImapSettings, imapAccountInput, type ImapSettings } from './imap.js';

export { caldavAccountInput, caldavSettings, describeCaldavSettings, type CaldavAccountInput, type CaldavSettings } from './caldav.js';
export { FOLDERS_ACCOUNT_EMAIL, addFolderInput, foldersAccountInput, foldersSettings, removeFolderInput, type AddFolderInput, type FolderRootSettings, type FoldersSettings } from './folders.js';
export { gcalAccountInput, gcalSettings, type GcalAccountInput, type GcalSettings } from './gcal.js';
export { gmailAccountInput, type GmailAccountInput, type GmailSettings } from './gmail.js';
export { FOLDER_ROLES, folderChoices, imapAccountInput, imapFolderSettingsInput, type ChosenFolderRole, type FolderChoices, type ImapAccountInput, type ImapFolderSettingsInput, type ImapSettings } from './imap.js';
export { describeSmtpSettings, securityFor, SMTP_DEFAULT_PORT, smtpInput, type SmtpInput, type SmtpSecurity, type SmtpSettings } from './smtp.js';

/** What adding (or testing) an account takes, by kind. Secrets included: never stored as given. */
export const accountInput = z.discriminatedUnion('kind', [imapAccountInput, gmailAccountInput, gcalAccountInput, caldavAccountInput, foldersAccountInput]);
export type AccountInput = z.infer<typeof accountInput>;

/** What starting a sign-in takes, for the kinds whose accounts are added by signing in (OAuth). */
export const signInInput = z.discriminatedUnion('kind', [gmailAccountInput, gcalAccountInput]);
export type SignInInput = z.infer<typeof signInInput>;

/** What is stored per kind, besides the address and the display name. */
export interface AccountSettingsByKind {
  readonly imap: ImapSettings;
  readonly gmail: GmailSettings;
  readonly gcal: GcalSettings;
  readonly caldav: CaldavSettings;
  readonly folders: FoldersSettings;
}

interface AccountKindInfo<K extends AppId> {
  /** What the kind is called in lists: "IMAP", "Gmail", "CalDAV". */
  readonly label: string;
  /** How its accounts prove who they are: a password the user types, or a sign-in in the browser. */
  readonly credential: 'password' | 'oauth' | 'none';
  /** Where the account lives, in one line: "imap.example.com:993, TLS". */
  describe(settings: AccountSettingsByKind[K]): string;
}

export const ACCOUNT_KINDS: { readonly [K in AppId]: AccountKindInfo<K> } = {
  imap: { label: 'IMAP', credential: 'password', describe: describeImapSettings },
  gmail: { label: 'Gmail', credential: 'oauth', describe: describeGmailSettings },
  gcal: { label: 'Google Calendar', credential: 'oauth', describe: describeGcalSettings },
  caldav: { label: 'CalDAV', credential: 'password', describe: describeCaldavSettings },
  folders: { label: 'Folders', credential: 'none', describe: describeFoldersSettings },
};

/** "IMAP imap.example.com:993, TLS". */
export function describeAccount<K extends AppId>(account: { readonly kind: K; readonly settings: AccountSettingsByKind[K] }): string {
  const info = ACCOUNT_KINDS[account.kind] as AccountKindInfo<K>;
  return `${info.label} ${info.describe(account.settings)}`;
}

// Every app has settings, and nothing else does.
type SameKeys<A, B> = [Exclude<A, B>, Exclude<B, A>] extends [never, never] ? true : never;
export const settingsCoverApps: SameKeys<keyof AccountSettingsByKind, AppId> = true;
