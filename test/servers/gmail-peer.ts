// "Another Gmail client" for tests: a mailbox of its own on the Google emulator, and a plain
// googleapis client on it to put mail in and look at what is there, the way the user's phone or a
// sender would while the app is watching. Runs in test workers; the emulator's test controls are
// reached over HTTP (google-control.ts).
import { randomBytes } from 'node:crypto';
import { gmail, type gmail_v1 } from '@googleapis/gmail';
import { OAuth2Client } from 'google-auth-library';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Workspace, WorkspaceEmail } from '../datasets/agentdojo.js';
import type { GoogleFault } from './google-control.js';

export interface GmailTestUser {
  readonly origin: string;
  readonly email: string;
  /** Good for the Gmail API as this user until the emulator stops; never expires, never refreshes. */
  readonly accessToken: string;
}

/** A fresh user (and so a fresh, empty mailbox) no other test knows. */
export async function addGmailUser(origin: string, options: { email?: string; name?: string } = {}): Promise<GmailTestUser> {
  const email = options.email ?? `user-${randomBytes(6).toString('hex')}@example.test`;
  const { accessToken } = await control<{ accessToken: string }>(origin, 'users', { email, name: options.name });
  return { origin, email, accessToken };
}

/** A googleapis Gmail client signed in as the user. */
export function peerGmail(user: GmailTestUser): gmail_v1.Gmail {
  const auth = new OAuth2Client();
  auth.setCredentials({ access_token: user.accessToken, expiry_date: Date.now() + 24 * 3_600_000 });
  return gmail({ version: 'v1', auth, rootUrl: `${user.origin}/` });
}

/** Makes every history id the user has seen so far too old (history.list then answers 404). */
export async function expireGmailHistory(user: GmailTestUser): Promise<string> {
  return (await control<{ historyId: string }>(user.origin, 'gmail/expire-history', { email: user.email })).historyId;
}

/** The next matching request(s) to the emulator fail as told. */
export async function injectGoogleFault(origin: string, fault: GoogleFault): Promise<void> {
  await control(origin, 'faults', fault);
}

/** Puts an RFC 822 message into the mailbox as it is (IMAP APPEND's Gmail twin). Returns its id. */
export async function insertRawMessage(api: gmail_v1.Gmail, raw: string | Buffer, labelIds: readonly string[]): Promise<string> {
  const response = await api.users.messages.insert({
    userId: 'me',
    // Keep the message's own Date as its date in the mailbox, as an import of old mail would.
    internalDateSource: 'dateHeader',
    requestBody: { raw: Buffer.from(raw).toString('base64url'), labelIds: [...labelIds] },
  });
  if (!response.data.id) throw new Error('messages.insert answered without an id.');
  return response.data.id;
}

export interface SeededInbox {
  /** Gmail message id by the dataset's email id. */
  readonly gmailIds: ReadonlyMap<string, string>;
  readonly received: number;
  readonly sent: number;
  readonly unread: number;
}

/**
 * Loads the dataset's mail into the user's mailbox as raw RFC 822 messages (so every header
 * survives): received mail in INBOX, sent mail under SENT, unread where the dataset says so.
 * The dataset belongs to one person; their address is replaced by the test user's, so mail is to
 * and from the mailbox owner as it was in the dataset. Naive timestamps are taken as UTC.
 */
export async function loadWorkspaceInbox(api: gmail_v1.Gmail, user: GmailTestUser, workspace: Workspace): Promise<SeededInbox> {
  const gmailIds = new Map<string, string>();
  let received = 0;
  let sent = 0;
  let unread = 0;
  for (const email of workspace.emails) {
    const raw = await workspaceMessage(email, workspace, user.email);
    const labels = email.status === 'sent' ? ['SENT'] : ['INBOX', ...(email.read ? [] : ['UNREAD'])];
    gmailIds.set(email.id, await insertRawMessage(api, raw, labels));
    if (email.status === 'sent') sent += 1;
    else received += 1;
    if (email.status === 'received' && !email.read) unread += 1;
  }
  return { gmailIds, received, sent, unread };
}

/** The Message-ID the seeded copy of a dataset email carries. */
export function workspaceMessageId(email: Pick<WorkspaceEmail, 'id'>): string {
  return `<agentdojo-${email.id}@workspace.example.test>`;
}

/** A dataset email as the RFC 822 message its owner’s mailbox holds (shared by the Gmail and IMAP loaders). */
export async function workspaceMessage(email: WorkspaceEmail, workspace: Workspace, ownerEmail: string): Promise<Buffer> {
  const owner = (address: string) => (address.toLowerCase() === workspace.accountEmail.toLowerCase() ? { name: workspace.userName, address: ownerEmail } : address);
  const composer = new MailComposer({
    from: owner(email.sender),
    to: email.recipients.map(owner),
    cc: email.cc.map(owner),
    // Only the sender's copy keeps Bcc; a recipient never sees it.
    ...(email.status === 'sent' && email.bcc.length > 0 ? { bcc: email.bcc.map(owner) } : {}),
    subject: email.subject,
    text: email.body,
    date: new Date(`${email.timestamp}Z`),
    messageId: workspaceMessageId(email),
  });
  // keepBcc: MailComposer drops Bcc from the headers unless told; the sender's copy has it.
  const mail = composer.compile();
  mail.keepBcc = true;
  return mail.build();
}

async function control<T = unknown>(origin: string, action: string, body: unknown): Promise<T> {
  const response = await fetch(`${origin}/_steward/${action}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`The Google emulator's ${action} control failed (${response.status}): ${await response.text()}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}
