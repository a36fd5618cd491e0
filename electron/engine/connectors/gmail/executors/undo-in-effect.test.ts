import { describe, expect, it } from 'vitest';
import { revertedCount, untrashedCount } from './undo-in-effect.js';

describe('whether a Gmail undo is in effect', () => {
  const archived = [
    { gmailId: 'a', added: [], removed: ['INBOX'] },
    { gmailId: 'b', added: [], removed: ['INBOX'] },
  ];

  it('counts the messages back as they were when all of them are', () => {
    expect(revertedCount(archived, [{ gmailId: 'a', labelIds: ['INBOX', 'UNREAD'] }, { gmailId: 'b', labelIds: ['INBOX'] }])).toBe(2);
  });

  it('says nothing when one is not back yet (a half-done undo can be tried again)', () => {
    expect(revertedCount(archived, [{ gmailId: 'a', labelIds: ['INBOX'] }, { gmailId: 'b', labelIds: [] }])).toBeNull();
  });

  it('leaves out messages Gmail no longer holds, and says nothing when none is left', () => {
    expect(revertedCount(archived, [{ gmailId: 'a', labelIds: ['INBOX'] }])).toBe(1);
    expect(revertedCount(archived, [])).toBeNull();
  });

  it('wants added labels off again', () => {
    expect(revertedCount([{ gmailId: 'a', added: ['STARRED'], removed: [] }], [{ gmailId: 'a', labelIds: ['STARRED'] }])).toBeNull();
    expect(revertedCount([{ gmailId: 'a', added: ['STARRED'], removed: [] }], [{ gmailId: 'a', labelIds: [] }])).toBe(1);
  });

  it('a trash is undone when out of Trash with the Inbox back', () => {
    const trashed = [{ gmailId: 'a', lostLabels: ['INBOX'] }];
    expect(untrashedCount(trashed, [{ gmailId: 'a', labelIds: ['INBOX'] }])).toBe(1);
    expect(untrashedCount(trashed, [{ gmailId: 'a', labelIds: ['TRASH'] }])).toBeNull();
    expect(untrashedCount(trashed, [{ gmailId: 'a', labelIds: [] }])).toBeNull();
  });
});
