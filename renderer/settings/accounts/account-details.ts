import { describeSmtpSettings } from '@shared/connectors/index';
import { describeFoldersSettings } from '@shared/connectors/folders';
import type { Account } from '@shared/domain/types';

type DetailsByKind = { readonly [K in Account['kind']]: (account: Extract<Account, { kind: K }>) => string };

/** One line under an account's address in Settings, per kind of account. */
const DETAILS: DetailsByKind = {
  /** "imap.example.com:993 · TLS · archives to Archive · sends through smtp.example.com:587, STARTTLS", with the user name only when it is not the address. */
  imap: ({ email, settings }) =>
    [
      `${settings.host}:${settings.port}`,
      settings.tls ? 'TLS' : 'no TLS',
      settings.username !== email ? `user ${settings.username}` : null,
      `archives to ${settings.archiveMailbox ?? 'the server’s Archive folder'}`,
      ...Object.entries(settings.folders ?? {}).map(([role, path]) => `${role} folder ${path}`),
      settings.historyDays ? `history of ${settings.historyDays} days` : null,
      settings.smtp ? `sends through ${describeSmtpSettings(settings.smtp)}` : 'cannot send (no SMTP server)',
    ]
      .filter(Boolean)
      .join(' · '),
  /** "Signed in with Google · all mail but Spam and Trash". */
  gmail: ({ settings }) =>
    ['Signed in with Google', settings.includedLabels ? `labels ${settings.includedLabels.join(', ')}` : 'all mail but Spam and Trash'].join(' · '),
  /** "Signed in with Google · every calendar in your calendar list". */
  gcal: () => ['Signed in with Google', 'every calendar in your calendar list'].join(' · '),
  /** "caldav.example.com · user alice · answers mailed through smtp.example.com:587, STARTTLS". */
  caldav: ({ settings }) =>
    [
      settings.url,
      `user ${settings.username}`,
      settings.serverSchedules ? 'the server delivers answers to invitations' : settings.smtp ? `answers mailed through ${describeSmtpSettings(settings.smtp)}` : 'answers reach the calendar only (no SMTP server)',
    ].join(' · '),
  /** "2 folders: Downloads, Projects" (granted and listed in Settings → Folders). */
  folders: ({ settings }) => describeFoldersSettings(settings),
};

export function accountDetails(account: Account): string {
  // Each kind's function takes that kind's accounts; TypeScript cannot pair them through the lookup.
  return (DETAILS[account.kind] as (account: Account) => string)(account);
}
