// Helpers for test files, run inside Vitest workers: they reach the servers that
// test/global-setup.ts started through the values it provided.
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { addDovecotUser } from './servers/dovecot.js';
import { addGmailUser, type GmailTestUser } from './servers/gmail-peer.js';
import { addRadicaleUser } from './servers/radicale.js';
import type { CalDavLogin } from './servers/radicale.js';
import type { ImapCredentials, ImapEndpoint } from './servers/imap-peer.js';
import { waitForSpooledMail } from './servers/smtp-sink.js';
import type { MailPredicate, ReceivedMail } from './servers/smtp-sink.js';

/** A fresh mailbox on the run's Dovecot. The login name is the address. */
export interface ImapUser extends ImapCredentials {
  readonly email: string;
  readonly server: ImapEndpoint;
}

/**
 * Creates a user no other test knows, with the special-use folders (Sent, Drafts, Archive,
 * Trash) created on first login. Takes up to a second: see addDovecotUser for why.
 */
export async function createImapUser(): Promise<ImapUser> {
  const { host, port, dir } = inject('dovecot');
  const email = `user-${randomBytes(6).toString('hex')}@example.test`;
  const password = randomBytes(12).toString('hex');
  await addDovecotUser(dir, email, password);
  return { email, user: email, password, server: { host, port } };
}

/** Where to point the app's outgoing mail: the run's SMTP sink (any user and password work). */
export function smtpServer(): { readonly host: string; readonly port: number } {
  const { host, port } = inject('smtp');
  return { host, port };
}

/**
 * Resolves with the first message the run's SMTP sink received that matches. The sink is shared
 * by every test file, so match on something only your test sends (a createImapUser address, a
 * unique subject).
 */
export function waitForSmtpMail(predicate: MailPredicate, timeoutMs?: number): Promise<ReceivedMail> {
  return waitForSpooledMail(inject('smtp').spoolDir, predicate, timeoutMs);
}

/** A fresh, empty Gmail mailbox on the run's Google emulator, with an access token for it. */
export function createGmailUser(options: { name?: string } = {}): Promise<GmailTestUser> {
  return addGmailUser(inject('google').origin, options);
}

/** A fresh user on the run's Radicale, with no calendars yet. The login name is the address. */
export interface CalDavUser extends CalDavLogin {
  readonly email: string;
}

/** Creates a CalDAV user no other test knows; usable at once. */
export async function createCalDavUser(): Promise<CalDavUser> {
  const { url, dir } = inject('radicale');
  const email = `cal-${randomBytes(6).toString('hex')}@example.test`;
  const password = randomBytes(12).toString('hex');
  await addRadicaleUser(dir, email, password);
  return { url, user: email, password, email };
}
