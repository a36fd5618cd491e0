import { describe, expect, it } from 'vitest';
import type { GmailMessage } from './gmail-message.js';
import { applyScope } from './sync-batch.js';
import { gmailCursorSchema } from './sync-cursor.js';

const message = (gmailId: string, labelIds: string[]) => ({ gmailId, labelIds }) as unknown as GmailMessage;

describe('applyScope', () => {
  const fetched = {
    added: [message('new-inbox', ['INBOX']), message('new-spam', ['SPAM'])],
    labelsChanged: [
      { gmailId: 'held-archived', labelIds: [] },
      { gmailId: 'held-trashed', labelIds: ['TRASH'] },
    ],
    gone: ['deleted'],
  };

  it('leaves out Trash and Spam: new mail there is skipped, held mail moved there is gone', () => {
    const scoped = applyScope(fetched, false);
    expect(scoped.added.map((m) => m.gmailId)).toEqual(['new-inbox']);
    expect(scoped.labelsChanged.map((s) => s.gmailId)).toEqual(['held-archived']);
    expect(scoped.gone).toEqual(['deleted', 'held-trashed']);
  });

  it('keeps everything when Trash and Spam are synced too', () => {
    expect(applyScope(fetched, true)).toBe(fetched);
  });
});

describe('gmailCursorSchema', () => {
  it.each([
    { cursor: { phase: 'history', historyId: '123' }, ok: true },
    { cursor: { phase: 'full', startHistoryId: '5', pageToken: null, doneInPage: 0, done: 0 }, ok: true },
    { cursor: { phase: 'history', historyId: '12e3' }, ok: false },
    { cursor: { phase: 'full', startHistoryId: '5', pageToken: null, doneInPage: -1, done: 0 }, ok: false },
    { cursor: { uidValidity: '1', lastUid: 4 }, ok: false },
  ])('$cursor → $ok', ({ cursor, ok }) => {
    expect(gmailCursorSchema.safeParse(cursor).success).toBe(ok);
  });
});
