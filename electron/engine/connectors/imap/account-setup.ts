/**
 * Adding an IMAP account with its outgoing side: what is stored (the SMTP password only as a
 * keychain secret of its own, and only when it differs from the IMAP one), and the connection
 * test, which logs in to both servers before anything is stored.
 */
import type { ImapAccountInput } from '@shared/connectors/index.js';
import type { ConnectionTestResult } from '@shared/domain/types.js';
import type { StoredAccount } from '../../accounts/account-store.js';
import type { PreparedAccount } from '../types.js';
import { verifySmtp } from '../smtp/smtp-verify.js';
import { testImapConnection } from './test-connection.js';

export function prepareImapAccount(input: ImapAccountInput): PreparedAccount<'imap'> {
  const smtp = input.smtp;
  const ownPassword = smtp?.password !== undefined && smtp.password !== input.password;
  return {
    email: input.email.toLowerCase(),
    displayName: input.displayName?.trim() ?? '',
    settings: {
      host: input.host,
      port: input.port,
      tls: input.tls,
      username: input.username,
      archiveMailbox: input.archiveMailbox ?? null,
      ...(input.folders && Object.keys(input.folders).length > 0 ? { folders: input.folders } : {}),
      ...(input.historyDays !== undefined ? { historyDays: input.historyDays } : {}),
      smtp: smtp ? { host: smtp.host, port: smtp.port, security: smtp.security, username: smtp.username ?? input.username, ownPassword } : null,
    },
    password: input.password,
    ...(ownPassword && smtp?.password !== undefined ? { secrets: { 'smtp-password': smtp.password } } : {}),
  };
}

/** Logs in to IMAP, then (when given) to SMTP; throws in words when either fails. */
export async function testImapAccount(input: ImapAccountInput): Promise<ConnectionTestResult> {
  const imap = await testImapConnection(input, input.archiveMailbox ?? null);
  if (!input.smtp) return { ok: imap.ok, message: `${imap.message} No outgoing server was given, so Steward can save drafts but not send.` };
  const smtp = await verifySmtp({
    host: input.smtp.host,
    port: input.smtp.port,
    security: input.smtp.security,
    username: input.smtp.username ?? input.username,
    password: input.smtp.password ?? input.password,
  });
  return { ok: imap.ok, message: `${imap.message.replace(/\.$/, '')}; ${smtp}.` };
}

/** A new password for a stored account: IMAP, and SMTP too when it shares the password. */
export async function testImapPassword(account: StoredAccount<'imap'>, password: string): Promise<ConnectionTestResult> {
  const imap = await testImapConnection({ ...account.settings, password }, account.settings.archiveMailbox);
  const smtp = account.settings.smtp;
  if (!smtp || smtp.ownPassword) return imap;
  const verified = await verifySmtp({ ...smtp, password });
  return { ok: imap.ok, message: `${imap.message.replace(/\.$/, '')}; ${verified}.` };
}
