/**
 * Time triggers through the real scheduler and database (in memory): a question the user sent
 * is looked at again N days later and becomes a follow-up suggestion, unless an answer came,
 * in whichever order the sync brings the two in.
 */
import { describe, expect, it } from 'vitest';
import type { NewMailItem } from '../items/mail/mail-item.js';
import { aliceMailbox, memoryParts, type MemoryParts } from '../testing/memory-engine-parts.js';
import { mailItem } from './testing/mail-item.js';

const DAY = 86_400_000;

function setUp(): { parts: MemoryParts; deliver: (stream: string, item: NewMailItem) => void } {
  const parts = memoryParts();
  const { sink } = aliceMailbox(parts);
  let uid = 0;
  return {
    parts,
    deliver: (stream, item) => {
      uid += 1;
      sink.commit({ stream, cursor: { uidValidity: '1', lastUid: uid }, items: [{ ...item, stream, externalId: `1:${uid}` }] });
      parts.scheduler.processPending();
    },
  };
}

/** What the user sent on the clock's "now" (25 Nov 2026, 09:00 UTC). */
function sentQuestion(): NewMailItem {
  const { id: _id, accountId: _a, present: _p, ...item } = mailItem({
    roles: ['sent'],
    folders: ['Sent'],
    messageKey: '<s1@example.test>',
    messageId: '<s1@example.test>',
    from: { name: 'Alice Martin', address: 'alice@example.test' },
    to: [{ name: 'Bob Chen', address: 'bob@partner.test' }],
    subject: 'Venue for the offsite',
    bodyText: 'Could you confirm the venue?',
    sentAt: '2026-11-25T09:00:00Z',
    receivedAt: '2026-11-25T09:00:00Z',
  });
  return item;
}

function answerTo(messageId: string): NewMailItem {
  const { id: _id, accountId: _a, present: _p, ...item } = mailItem({
    messageKey: '<a1@partner.test>',
    messageId: '<a1@partner.test>',
    inReplyTo: messageId,
    references: [messageId],
    subject: 'Re: Venue for the offsite',
    bodyText: 'The venue is confirmed.',
    sentAt: '2026-11-26T09:00:00Z',
    receivedAt: '2026-11-26T09:00:00Z',
  });
  return item;
}

const followUps = (parts: MemoryParts) => parts.suggestions.list('open').filter((s) => s.kind === 'follow-up');

describe('follow-ups over time', () => {
  it('proposes a follow-up when the day comes and no answer did', () => {
    const { parts, deliver } = setUp();
    deliver('Sent', sentQuestion());
    expect(followUps(parts)).toEqual([]);

    parts.clock.advance(2 * DAY);
    parts.scheduler.revisitDue();
    expect(followUps(parts)).toEqual([]);

    parts.clock.advance(1 * DAY);
    parts.scheduler.revisitDue();
    const [followUp] = followUps(parts);
    expect(followUp?.title).toBe('Follow up with Bob Chen about Venue for the offsite');
    expect(followUp?.actions.map((a) => a.capability)).toEqual(['email.draft']);

    // Looked at once: later wake-ups propose nothing more.
    parts.clock.advance(DAY);
    parts.scheduler.revisitDue();
    expect(followUps(parts)).toHaveLength(1);
  });

  it('proposes nothing once an answer arrived', () => {
    const { parts, deliver } = setUp();
    deliver('Sent', sentQuestion());
    parts.clock.advance(DAY);
    deliver('INBOX', answerTo('<s1@example.test>'));
    parts.clock.advance(5 * DAY);
    parts.scheduler.revisitDue();
    expect(followUps(parts)).toEqual([]);
  });

  it('proposes nothing when the answer was synced before the question (another folder first)', () => {
    const { parts, deliver } = setUp();
    deliver('INBOX', answerTo('<s1@example.test>'));
    deliver('Sent', sentQuestion());
    parts.clock.advance(5 * DAY);
    parts.scheduler.revisitDue();
    expect(followUps(parts)).toEqual([]);
  });

  it('uses the number of days the user set', () => {
    const { parts, deliver } = setUp();
    parts.config.set('mail.followUpDays', 1);
    deliver('Sent', sentQuestion());
    parts.clock.advance(DAY);
    parts.scheduler.revisitDue();
    expect(followUps(parts)).toHaveLength(1);
  });
});
