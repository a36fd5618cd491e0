import { describe, expect, it } from 'vitest';
import type { StoredAccount } from '../../accounts/account-store.js';
import type { MailItem } from '../../items/mail/index.js';
import { planGmail } from './planner.js';

const account: StoredAccount<'gmail'> = {
  id: 'acc-1',
  kind: 'gmail',
  email: 'emma@example.test',
  displayName: 'Emma',
  settings: { clientId: 'c', scopes: [], includedLabels: null },
  createdAt: '2026-11-25T09:00:00Z',
};

function mail(id: string, receivedAt: string, more: Partial<MailItem> = {}): MailItem {
  return {
    id: `item-${id}`,
    accountId: account.id,
    present: true,
    stream: 'mailbox',
    externalId: id,
    messageKey: `<${id}@x>`,
    messageId: `<${id}@x>`,
    from: { name: `Sender ${id}`, address: `${id}@example.test` },
    to: [],
    cc: [],
    subject: `Subject ${id}`,
    sentAt: null,
    receivedAt,
    headers: { listUnsubscribe: null, listId: null, precedence: null, autoSubmitted: null },
    inReplyTo: null,
    references: [],
    bodyText: '',
    parseError: null,
    attachments: [],
    threadKey: "thread",
    flags: [],
    folders: ['Inbox'],
    roles: ['inbox'],
    size: 1,
    ...more,
  };
}

describe('planGmail', () => {
  it('archives by taking the messages out of the Inbox, newest first, in one step', () => {
    const steps = planGmail({ type: 'mail.archive', messages: [mail('a', '2026-11-01T00:00:00Z'), mail('b', '2026-11-02T00:00:00Z')] }, account);
    expect(steps).toEqual([
      {
        capability: 'email.archive',
        app: 'gmail',
        accountId: 'acc-1',
        title: 'Archive 2 messages (out of the Inbox, kept in All Mail)',
        args: { messages: [{ gmailId: 'b', messageKey: '<b@x>' }, { gmailId: 'a', messageKey: '<a@x>' }] },
        preview: { kind: 'move', fromMailbox: 'Inbox', toMailbox: 'All Mail', messages: [expect.objectContaining({ subject: 'Subject b' }), expect.objectContaining({ subject: 'Subject a' })] },
      },
    ]);
  });

  it('will not plan for messages of another account', () => {
    expect(planGmail({ type: 'mail.archive', messages: [mail('a', '2026-11-01T00:00:00Z', { accountId: 'acc-2' })] }, account)).toBeNull();
  });

  it('saves a draft reply in the thread of the message it answers', () => {
    const question = mail('q', '2026-11-01T00:00:00Z');
    const draft = { to: [question.from], subject: 'Re: Subject q', body: 'Hi', inReplyTo: '<q@x>', references: ['<q@x>'] };
    const [step] = planGmail({ type: 'mail.draft', draft, replyTo: question }, account) ?? [];
    expect(step).toMatchObject({
      capability: 'email.draft',
      app: 'gmail',
      title: 'Save a draft reply to Sender q in Drafts',
      args: { ...draft, replyToGmailId: 'q' },
      preview: { kind: 'draft', mailbox: 'Drafts', to: 'Sender q <q@example.test>', subject: 'Re: Subject q', body: 'Hi' },
    });
  });

  it('saves new mail as a draft without a thread', () => {
    const draft = { to: [{ name: '', address: 'carol@example.test' }], subject: 'Agenda', body: '', inReplyTo: null, references: [] };
    expect(planGmail({ type: 'mail.draft', draft, replyTo: null }, account)?.[0]).toMatchObject({ title: 'Save a draft to carol@example.test in Drafts', args: { replyToGmailId: null } });
  });

  it('stars for a flag, takes UNREAD off for read, and trashes remembering the Inbox', () => {
    const a = mail('a', '2026-11-01T00:00:00Z');
    const archived = mail('b', '2026-11-02T00:00:00Z', { roles: [] });
    expect(planGmail({ type: 'mail.mark', messages: [a], add: [{ kind: 'flagged' }], remove: [] }, account)).toMatchObject([
      { capability: 'email.label', title: 'Star 1 message', args: { add: [{ id: 'STARRED' }], remove: [] }, preview: { kind: 'flags', add: ['starred'] } },
    ]);
    expect(planGmail({ type: 'mail.markRead', messages: [a], read: true }, account)).toMatchObject([
      { capability: 'email.markRead', title: 'Mark 1 message read', args: { read: true } },
    ]);
    expect(planGmail({ type: 'mail.trash', messages: [a, archived] }, account)).toMatchObject([
      { capability: 'email.trash', args: { messages: [{ gmailId: 'a', inInbox: true }, { gmailId: 'b', inInbox: false }] } },
    ]);
  });

  it('sends in the thread of the message answered', () => {
    const asked = mail('q', '2026-11-01T00:00:00Z');
    const message = { to: [{ name: 'Sender q', address: 'q@example.test' }], subject: 'Re: Subject q', body: 'Yes.', inReplyTo: '<q@x>', references: ['<q@x>'] };
    expect(planGmail({ type: 'mail.send', message, replyTo: asked }, account)).toMatchObject([
      { capability: 'email.send', app: 'gmail', title: 'Send the reply to Sender q', args: { replyToGmailId: 'q', body: 'Yes.' } },
    ]);
  });

  it('does not plan a user keyword or a move by folder name, which need label ids it does not have', () => {
    const a = mail('a', '2026-11-01T00:00:00Z');
    expect(planGmail({ type: 'mail.mark', messages: [a], add: [{ kind: 'keyword', name: 'Waiting' }], remove: [] }, account)).toBeNull();
    expect(planGmail({ type: 'mail.move', messages: [a], toFolder: 'Projects' }, account)).toBeNull();
  });
});
