// Mail as the sync would have stored it, read from a real mailbox: enough for the IMAP planner
// (where each message is, who it is), for tests that plan steps without running a sync.
import type { MailItem } from '../electron/engine/items/mail/mail-item.js';
import type { ImapUser } from './fixtures.js';
import { listMessages, withPeer } from './servers/imap-peer.js';

export async function itemsIn(user: ImapUser, mailbox: string, over: { readonly accountId?: string; readonly roles?: MailItem['roles'] } = {}): Promise<MailItem[]> {
  const uidValidity = await withPeer(user.server, user, async (client) => (await client.mailboxOpen(mailbox, { readOnly: true })).uidValidity.toString());
  return (await listMessages(user.server, user, mailbox)).map((m, index) => ({
    id: `item-${mailbox}-${m.uid}`,
    accountId: over.accountId ?? 'acc',
    stream: mailbox,
    externalId: `${uidValidity}:${m.uid}`,
    folders: [mailbox],
    roles: over.roles ?? [],
    messageKey: m.messageId ?? `no-message-id:${index}`,
    messageId: m.messageId ?? null,
    from: { name: 'Bob Chen', address: 'bob@partner.example' },
    to: [],
    cc: [],
    subject: m.subject ?? '',
    sentAt: null,
    receivedAt: new Date(Date.now() - index * 1000).toISOString(),
    flags: m.flags,
    headers: { listUnsubscribe: null, listId: null, precedence: null, autoSubmitted: null },
    inReplyTo: null,
    references: [],
    bodyText: '',
    size: 0,
    parseError: null,
    present: true,
  }));
}
