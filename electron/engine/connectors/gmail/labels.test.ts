import { describe, expect, it } from 'vitest';
import { findLabelId, foldersFromLabels } from './labels.js';

const labels = [
  { id: 'UNREAD', name: 'UNREAD', type: 'system' },
  { id: 'INBOX', name: 'INBOX', type: 'system', messagesTotal: 21, messagesUnread: 6 },
  { id: 'CATEGORY_UPDATES', name: 'CATEGORY_UPDATES', type: 'system' },
  { id: 'Label_2', name: 'Work/Clients', type: 'user' },
  { id: 'Label_1', name: 'Receipts', type: 'user', messagesTotal: 3 },
  { id: 'STARRED', name: 'STARRED', type: 'system' },
];

describe('foldersFromLabels', () => {
  it('lists the system folders in Gmail’s order, then All Mail, then user labels by name; flags and categories are not folders', () => {
    expect(foldersFromLabels(labels).map((folder) => [folder.labelId, folder.name, folder.role, folder.kind])).toEqual([
      ['INBOX', 'Inbox', 'inbox', 'system'],
      ['SENT', 'Sent', 'sent', 'system'],
      ['DRAFT', 'Drafts', 'drafts', 'system'],
      ['SPAM', 'Spam', 'spam', 'system'],
      ['TRASH', 'Trash', 'trash', 'system'],
      [null, 'All Mail', 'all', 'system'],
      ['Label_1', 'Receipts', null, 'user'],
      ['Label_2', 'Work/Clients', null, 'user'],
    ]);
  });

  it('carries the counts Gmail gave, and null where it gave none', () => {
    const folders = foldersFromLabels(labels);
    expect(folders.find((f) => f.labelId === 'INBOX')).toMatchObject({ messagesTotal: 21, messagesUnread: 6 });
    expect(folders.find((f) => f.labelId === 'SENT')).toMatchObject({ messagesTotal: null, messagesUnread: null });
  });
});

describe('findLabelId', () => {
  it.each([
    { name: 'receipts', expected: 'Label_1' },
    { name: ' Work/Clients ', expected: 'Label_2' },
    { name: 'INBOX', expected: null },
    { name: 'Nope', expected: null },
  ])('$name → $expected', ({ name, expected }) => {
    expect(findLabelId(labels, name)).toBe(expected);
  });
});
