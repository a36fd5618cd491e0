/**
 * A Gmail account in a real engine, added the way a user adds one: through the API's sign-in,
 * with the browser's part played by the scripted consent on the run's Google emulator. Plus what
 * tests look at: the engine's items (read from its database), and mail to put in the mailbox.
 */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { gmail_v1 } from '@googleapis/gmail';
import type { EngineApi } from '../shared/api/contract.js';
import type { Account } from '../shared/domain/types.js';
import { consentAs, type ConsentResult } from './servers/google-consent.js';
import { insertRawMessage, type GmailTestUser } from './servers/gmail-peer.js';
import { buildMail, type MailSpec } from './servers/imap-peer.js';

/** A client id of its own per test, so faults injected for it reach only that test. */
export function testClientId(): string {
  return `steward-test-${randomBytes(6).toString('hex')}.apps.googleusercontent.com`;
}

export interface SignedIn {
  readonly account: Account;
  readonly visit: ConsentResult;
  readonly clientId: string;
}

/** beginSignIn → the browser consents as `user` → completeSignIn. */
export async function signInGmail(api: EngineApi, user: GmailTestUser, more: { clientId?: string; displayName?: string; labels?: string[] } = {}): Promise<SignedIn> {
  const clientId = more.clientId ?? testClientId();
  const start = await api.beginSignIn({
    kind: 'gmail',
    email: user.email,
    clientId,
    ...(more.displayName ? { displayName: more.displayName } : {}),
    ...(more.labels ? { labels: more.labels } : {}),
  });
  const visiting = consentAs(start.url, user.email);
  const [account, visit] = await Promise.all([api.completeSignIn({ signInId: start.signInId }), visiting]);
  return { account, visit, clientId };
}

export interface StoredMail {
  readonly itemId: string;
  readonly gmailId: string;
  readonly messageKey: string;
  readonly subject: string;
  readonly present: boolean;
  readonly roles: string[];
  readonly folders: string[];
  readonly flags: string[];
}

/** The engine's mail items of an account, read from its database (WAL: reading beside the engine is safe). */
export function storedMail(dataDir: string, accountId: string): StoredMail[] {
  const db = new Database(join(dataDir, 'steward.db'), { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare(
        `SELECT i.id, i.external_id, i.item_key, i.present, m.subject, m.roles_json, m.folders_json, m.flags_json
           FROM items i JOIN mail_messages m ON m.item_id = i.id WHERE i.account_id = ? ORDER BY i.created_at`,
      )
      .all(accountId) as { id: string; external_id: string; item_key: string; present: number; subject: string; roles_json: string; folders_json: string; flags_json: string }[];
    return rows.map((row) => ({
      itemId: row.id,
      gmailId: row.external_id,
      messageKey: row.item_key,
      subject: row.subject,
      present: row.present === 1,
      roles: JSON.parse(row.roles_json) as string[],
      folders: JSON.parse(row.folders_json) as string[],
      flags: JSON.parse(row.flags_json) as string[],
    }));
  } finally {
    db.close();
  }
}

/** A message arriving in the inbox now (unread), as Gmail's delivery would put it. Returns its Gmail id. */
export async function arrive(peer: gmail_v1.Gmail, user: GmailTestUser, spec: Omit<MailSpec, 'to'>): Promise<string> {
  return insertRawMessage(peer, await buildMail({ to: user.email, date: new Date(), ...spec }), ['INBOX', 'UNREAD']);
}

export function gmailNewsletter(n: number): Omit<MailSpec, 'to'> {
  return {
    from: `"The Weekly ${n}" <news@weekly${n}.example>`,
    subject: `This week in tools, issue ${n}`,
    text: 'Ten tools you should try. Unsubscribe at any time.',
    headers: { 'List-Unsubscribe': `<https://weekly${n}.example/unsubscribe>`, Precedence: 'bulk' },
    messageId: `<weekly-${n}-${randomBytes(4).toString('hex')}@weekly.example>`,
  };
}

export function gmailQuestion(extra: Partial<MailSpec> = {}): Omit<MailSpec, 'to'> {
  return {
    from: '"Bob Chen" <bob@partner.example>',
    subject: 'Q3 contract',
    text: 'Hi Emma,\n\nCan you send me the signed contract by Friday?\n\nThanks,\nBob',
    messageId: `<q-${randomBytes(4).toString('hex')}@partner.example>`,
    ...extra,
  };
}

/** The labels of a message as another Gmail client sees them now. */
export async function labelsOf(peer: gmail_v1.Gmail, gmailId: string): Promise<string[]> {
  return (await peer.users.messages.get({ userId: 'me', id: gmailId, format: 'minimal' })).data.labelIds ?? [];
}
