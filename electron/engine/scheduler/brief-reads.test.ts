/**
 * The scheduler reads fresh items briefly (no bodies) and again in full only those whose text a
 * detector reads (Detector.readsText): a first sync's years of history are not read back whole.
 * Through the real scheduler, detectors, proposer and database (in memory).
 */
import { describe, expect, it, vi } from 'vitest';
import type { MailItem, NewMailItem } from '../items/mail/mail-item.js';
import { mailItem } from '../detectors/testing/mail-item.js';
import { aliceMailbox, memoryParts } from '../testing/memory-engine-parts.js';

function message(n: number, receivedAt: string, over: Partial<NewMailItem> = {}): NewMailItem {
  const { id: _id, accountId: _a, present: _p, threadKey: _t, ...item } = mailItem({
    externalId: `1:${n}`,
    messageKey: `<m-${n}@partner.test>`,
    messageId: `<m-${n}@partner.test>`,
    subject: `Budget ${n}`,
    sentAt: receivedAt,
    receivedAt,
    bodyText: `Hi Alice,\n\nCan you confirm the budget for item ${n}?\n\nBob`,
    ...over,
  });
  return item;
}

describe('fresh items are read in full only where a detector reads their text', () => {
  it('reads back the body of the recent question and not of last year’s mail or the newsletter', () => {
    const parts = memoryParts();
    const { sink } = aliceMailbox(parts);
    const store = parts.stores.mail;
    if (!store) throw new Error('no mail store');
    const fullReads = vi.spyOn(store, 'getMany');
    const recent = message(1, '2026-11-25T08:00:00Z');
    const old = message(2, '2025-10-01T08:00:00Z');
    const newsletter = message(3, '2026-11-25T08:30:00Z', {
      from: { name: 'Weekly', address: 'news@weekly.test' },
      headers: { listUnsubscribe: '<https://weekly.test/u>', listId: null, precedence: 'bulk', autoSubmitted: null },
    });
    sink.commit({ stream: 'INBOX', cursor: { uidValidity: '1', lastUid: 3 }, items: [recent, old, newsletter] });
    parts.scheduler.processPending();

    const readIds: string[] = fullReads.mock.calls.flatMap(([ids]) => [...ids]);
    const keys = (store.getMany(readIds) as MailItem[]).map((item) => item.messageKey);
    expect(keys).toEqual([recent.messageKey]);
    // The question was read from the body the scheduler read in full.
    const titles = parts.suggestions.list('open').map((s) => s.title);
    expect(titles).toContain('Reply to Bob Chen about Budget 1');
    expect(titles).toContain('Archive 1 newsletter');
    expect(titles.some((title) => title.includes('Budget 2'))).toBe(false);
  });
});

describe('a growing card’s copies last for a burst only', () => {
  const newsletter = (n: number) =>
    message(n, `2026-11-25T08:${String(n).padStart(2, '0')}:00Z`, {
      from: { name: 'Weekly', address: 'news@weekly.test' },
      headers: { listUnsubscribe: '<https://weekly.test/u>', listId: null, precedence: 'bulk', autoSubmitted: null },
    });

  it('grows the card from its kept copies within a burst, and reads it again once the scheduler was idle a while', () => {
    vi.useFakeTimers();
    try {
      const parts = memoryParts();
      const { sink } = aliceMailbox(parts);
      const store = parts.stores.mail;
      if (!store?.getManyBrief) throw new Error('no brief mail read');
      const briefReads = vi.spyOn(store, 'getManyBrief');
      const readCount = () => briefReads.mock.calls.reduce((sum, [ids]) => sum + ids.length, 0);
      const arrive = (n: number) => {
        sink.commit({ stream: 'INBOX', cursor: { uidValidity: '1', lastUid: n }, items: [newsletter(n)] });
        parts.scheduler.processPending();
      };
      arrive(1);
      arrive(2);
      arrive(3);
      // Within the burst a growth reads what arrived and what the last growth added; the card's
      // older items are kept copies. Each run restarts the wait: 6 s after the first run but 3 s
      // after the last, they are still kept.
      vi.advanceTimersByTime(3_000);
      let before = readCount();
      arrive(4);
      expect(readCount() - before).toBe(2);
      vi.advanceTimersByTime(3_000);
      before = readCount();
      arrive(5);
      expect(readCount() - before).toBe(2);

      vi.advanceTimersByTime(5_000);
      before = readCount();
      arrive(6);
      // The burst was over: the new one, then the card's five from the database.
      expect(readCount() - before).toBe(6);
      expect(parts.suggestions.list('open').map((s) => s.title)).toContain('Archive 6 newsletters');
      parts.scheduler.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
