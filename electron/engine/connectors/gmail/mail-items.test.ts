import { describe, expect, it } from 'vitest';
import type { GmailMessage } from './gmail-message.js';
import { folderNamesOf, GMAIL_STREAM, inLabelScope, mailFlagsOf, mailRolesOf, resolveLabelScope, toMailItem, type LabelInfo } from './mail-items.js';

describe('mailRolesOf', () => {
  it.each<{ labels: string[]; roles: string[] }>([
    { labels: ['INBOX', 'UNREAD', 'CATEGORY_UPDATES'], roles: ['inbox'] },
    { labels: ['INBOX', 'SENT'], roles: ['inbox', 'sent'] },
    { labels: ['SENT'], roles: ['sent'] },
    { labels: ['DRAFT'], roles: ['drafts'] },
    { labels: ['TRASH', 'Label_1'], roles: ['trash'] },
    { labels: ['SPAM', 'UNREAD'], roles: ['junk'] },
    { labels: ['Label_1', 'STARRED'], roles: ['archive'] },
    { labels: [], roles: ['archive'] },
  ])('$labels → $roles', ({ labels, roles }) => {
    expect(mailRolesOf(labels)).toEqual(roles);
  });
});

describe('mailFlagsOf', () => {
  it.each<{ labels: string[]; flags: string[] }>([
    { labels: ['INBOX'], flags: ['\\Seen'] },
    { labels: ['INBOX', 'UNREAD'], flags: [] },
    { labels: ['STARRED', 'UNREAD'], flags: ['\\Flagged'] },
    { labels: ['DRAFT'], flags: ['\\Seen', '\\Draft'] },
  ])('$labels → $flags', ({ labels, flags }) => {
    expect(mailFlagsOf(labels)).toEqual(flags);
  });
});

describe('folderNamesOf', () => {
  const names = new Map([
    ['Label_2', 'Work/Clients'],
    ['Label_1', 'Receipts'],
  ]);
  it.each<{ labels: string[]; folders: string[] }>([
    { labels: ['UNREAD', 'INBOX', 'IMPORTANT', 'CATEGORY_PERSONAL'], folders: ['Inbox'] },
    { labels: ['Label_2', 'SENT', 'INBOX', 'Label_1'], folders: ['Inbox', 'Sent', 'Receipts', 'Work/Clients'] },
    { labels: ['Label_9'], folders: ['Label_9'] },
    { labels: ['TRASH', 'SPAM', 'DRAFT'], folders: ['Drafts', 'Spam', 'Trash'] },
  ])('$labels → $folders', ({ labels, folders }) => {
    expect(folderNamesOf(labels, names)).toEqual(folders);
  });
});

describe('label scope', () => {
  const labels: LabelInfo[] = [
    { id: 'INBOX', name: 'INBOX', type: 'system' },
    { id: 'Label_1', name: 'Receipts', type: 'user' },
    { id: 'Label_2', name: 'Work/Clients', type: 'user' },
  ];
  it.each<{ chosen: string[] | null; ids: string[] | null; unknown: string[] }>([
    { chosen: null, ids: null, unknown: [] },
    { chosen: ['INBOX'], ids: ['INBOX'], unknown: [] },
    { chosen: ['Inbox', 'receipts'], ids: ['INBOX', 'Label_1'], unknown: [] },
    { chosen: ['Sent'], ids: ['SENT'], unknown: [] },
    { chosen: ['work/clients', 'Nope'], ids: ['Label_2'], unknown: ['Nope'] },
  ])('$chosen', ({ chosen, ids, unknown }) => {
    const scope = resolveLabelScope(chosen, labels);
    expect(scope.ids === null ? null : [...scope.ids]).toEqual(ids);
    expect(scope.unknown).toEqual(unknown);
  });

  it('takes in mail under any chosen label, or everything when none were chosen', () => {
    expect(inLabelScope(['Label_1'], { ids: null, unknown: [] })).toBe(true);
    expect(inLabelScope(['INBOX', 'Label_1'], { ids: new Set(['Label_1']), unknown: [] })).toBe(true);
    expect(inLabelScope(['INBOX'], { ids: new Set(['Label_1']), unknown: [] })).toBe(false);
  });
});

describe('toMailItem', () => {
  it('keeps the content, and makes the labels folders, roles and flags of one stream keyed by the Gmail id', () => {
    const message: GmailMessage = {
      gmailId: '18f0a',
      threadId: 't1',
      labelIds: ['INBOX', 'UNREAD', 'Label_1'],
      historyId: '99',
      receivedAt: '2026-11-25T09:00:00.000Z',
      sizeEstimate: 1234,
      messageKey: '<a@b>',
      messageId: '<a@b>',
      from: { name: 'Bob', address: 'bob@example.test' },
      to: [],
      cc: [],
      subject: 'Hello',
      sentAt: null,
      headers: { listUnsubscribe: null, listId: null, precedence: null, autoSubmitted: null },
      inReplyTo: null,
      references: [],
      bodyText: 'Hi',
      parseError: null,
      attachments: [],
    };
    const item = toMailItem(message, new Map([['Label_1', 'Receipts']]));
    expect(item).toMatchObject({ stream: GMAIL_STREAM, externalId: '18f0a', messageKey: '<a@b>', roles: ['inbox'], flags: [], folders: ['Inbox', 'Receipts'], size: 1234, subject: 'Hello' });
    expect(item).not.toHaveProperty('labelIds');
    expect(item).not.toHaveProperty('gmailId');
  });
});
