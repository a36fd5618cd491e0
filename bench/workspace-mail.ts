/** The AgentDojo workspace's mail as a mail connector hands it over: for benches that need no server. */
import type { NewMailItem } from '../electron/engine/items/mail/mail-item.js';
import type { WorkspaceEmail } from '../test/datasets/agentdojo.js';

export function asMail(email: WorkspaceEmail, mailbox: 'INBOX' | 'Sent', uid: number, at: Date): NewMailItem {
  const [name, address] = /^(.*?)\s*<([^>]+)>$/.exec(email.sender)?.slice(1) ?? ['', email.sender];
  return {
    stream: mailbox,
    externalId: `${mailbox === 'INBOX' ? 1 : 2}:${uid + 1}`,
    messageKey: `<agentdojo-${email.id}@bench.example>`,
    messageId: `<agentdojo-${email.id}@bench.example>`,
    from: { name: name ?? '', address: address ?? email.sender },
    to: email.recipients.map((recipient) => ({ name: '', address: recipient })),
    cc: email.cc.map((recipient) => ({ name: '', address: recipient })),
    subject: email.subject,
    sentAt: at.toISOString(),
    receivedAt: at.toISOString(),
    flags: email.read ? ['\\Seen'] : [],
    folders: [mailbox],
    roles: [mailbox === 'INBOX' ? 'inbox' : 'sent'],
    headers: { listUnsubscribe: null, listId: null, precedence: null, autoSubmitted: null },
    inReplyTo: null,
    references: [],
    bodyText: email.body,
    size: email.body.length,
    parseError: null,
  };
}
