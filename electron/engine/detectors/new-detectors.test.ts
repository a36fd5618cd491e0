/**
 * The detectors that need no model beyond the first two: a deadline in a message, an
 * invitation, and a question the user sent that got no answer. Pure: table-driven.
 */
import { describe, expect, it } from 'vitest';
import { planImap } from '../connectors/imap/planner.js';
import type { MailItem } from '../items/mail/mail-item.js';
import { planProposal } from '../suggestions/planner.js';
import { awaitingReplyDetector, followUpAt, sentQuestion, threadAncestors } from './awaiting-reply.js';
import { deadlineDetector, deadlineIn, whenDue } from './deadline.js';
import { eventTitle, INVITATION_FLAGS, invitationDetector } from './invitation.js';
import { calendarMethodOf } from './mail-parts.js';
import { needsReply } from './needs-reply.js';
import { account, contextAt, mailItem } from './testing/mail-item.js';

const now = new Date('2026-11-25T10:00:00Z');

describe('deadline detector', () => {
  const invoice = mailItem({ subject: 'Invoice 2231', bodyText: 'Hi Alice,\n\nThe invoice is due on Friday 27 November.\n\nCarol' });

  it('proposes flagging a message that names a day something is due', () => {
    const [proposal] = deadlineDetector.detect([invoice], contextAt(now, { 'user.timeZone': 'UTC' }));
    expect(proposal).toMatchObject({
      kind: 'deadline',
      title: 'Flag Invoice 2231: due Fri 27 Nov',
      why: 'Bob wrote: “The invoice is due on Friday 27 November.”',
      urgency: 'normal',
      dedupeKey: 'deadline:acc-1:<m1@example.test>',
    });
    const steps = planProposal(proposal!, account)?.steps;
    expect(steps).toEqual([
      expect.objectContaining({
        capability: 'email.label',
        title: 'Flag 1 message in INBOX',
        args: { mailbox: 'INBOX', add: ['\\Flagged'], remove: [], messages: [{ uid: 1, uidValidity: '1', messageKey: '<m1@example.test>' }] },
      }),
    ]);
  });

  it.each([
    ['a question (the reply suggestion covers it)', { bodyText: 'Can you send the contract by Friday?' }],
    ['a deadline already past', { bodyText: 'The form was due on 2 November.' }],
    ['mail already flagged', { flags: ['\\Flagged'] }],
    ['bulk mail', { headers: { listUnsubscribe: '<x>', listId: null, precedence: null, autoSubmitted: null } }],
    ['mail not to me', { to: [{ name: '', address: 'team@example.test' }] }],
    ['my own mail', { from: { name: 'Alice', address: 'alice@example.test' } }],
    ['old mail', { receivedAt: '2026-10-01T00:00:00Z' }],
    ['a message in Sent', { roles: ['sent'] }],
  ])('ignores %s', (_name, over) => {
    expect(deadlineIn({ ...invoice, ...(over as Partial<MailItem>) }, account, now, 'UTC')).toBeNull();
  });

  it('is urgent when due today or tomorrow, and says so', () => {
    const soon = mailItem({ bodyText: 'The payment is due tomorrow.' });
    const [proposal] = deadlineDetector.detect([soon], contextAt(now, { 'user.timeZone': 'UTC' }));
    expect(proposal?.urgency).toBe('high');
    expect(proposal?.title).toBe('Flag Q3 contract: due tomorrow');
    expect(whenDue({ due: '2026-11-25', inDays: 0 })).toBe('today');
  });

  it('counts days in the user’s time zone', () => {
    // Sent late on Wednesday in Los Angeles: already Thursday in UTC.
    const late = mailItem({ sentAt: '2026-11-26T06:30:00Z', receivedAt: '2026-11-26T06:30:05Z', bodyText: 'Due tomorrow, please.' });
    expect(deadlineIn(late, account, new Date('2026-11-26T07:00:00Z'), 'America/Los_Angeles')?.due).toBe('2026-11-26');
    expect(deadlineIn(late, account, new Date('2026-11-26T07:00:00Z'), 'UTC')?.due).toBe('2026-11-27');
  });
});

describe('invitation detector', () => {
  const invite = mailItem({
    from: { name: 'Ana Lima', address: 'ana@partner.test' },
    subject: 'Invitation: Weekly sync @ Tue 1 Dec 2026 10:00 - 10:30 (UTC)',
    bodyText: 'Would you like to attend?',
    attachments: [{ filename: 'invite.ics', contentType: 'text/calendar; charset=utf-8; method=REQUEST', size: 900 }],
  });

  it.each([
    [[{ contentType: 'text/calendar; method=REQUEST' }], 'REQUEST'],
    [[{ contentType: 'text/calendar; method="CANCEL"' }], 'CANCEL'],
    [[{ type: 'text/calendar', method: 'request' }], 'REQUEST'],
    [[{ filename: 'event.ics', contentType: 'application/octet-stream; method=REQUEST' }], 'REQUEST'],
    [[{ contentType: 'text/calendar; method=REPLY' }], null],
    [[{ contentType: 'application/pdf' }], null],
    [undefined, null],
  ])('reads the calendar method of %j: %s', (attachments, method) => {
    expect(calendarMethodOf(mailItem({ attachments }))).toBe(method);
  });

  it('offers a draft reply to the organiser, saying plainly that the calendar is not touched', () => {
    const [proposal] = invitationDetector.detect([invite], contextAt(now));
    expect(proposal).toMatchObject({
      kind: 'invitation',
      title: "Answer Ana Lima's invitation: Weekly sync",
      flags: [INVITATION_FLAGS.REQUEST],
    });
    expect(planProposal(proposal!, account)?.steps[0]).toMatchObject({ capability: 'email.draft', title: 'Save a draft reply to Ana Lima in Drafts' });
    // The question in it is not a second card: the reply detector leaves invitations alone.
    expect(needsReply(invite, account, now)).toBeNull();
  });

  it('offers to mark a cancellation read, and nothing once it is read', () => {
    const cancel = { ...invite, subject: 'Cancelled event: Weekly sync @ Tue 1 Dec 2026', attachments: [{ name: 'invite.ics', size: 900, type: 'text/calendar', method: 'CANCEL' }] };
    const [proposal] = invitationDetector.detect([cancel], contextAt(now));
    expect(proposal?.title).toBe('Ana Lima cancelled Weekly sync');
    expect(planProposal(proposal!, account)?.steps[0]).toMatchObject({ capability: 'email.markRead', args: { add: ['\\Seen'], remove: [] } });
    expect(invitationDetector.detect([{ ...cancel, flags: ['\\Seen'] }], contextAt(now))).toEqual([]);
  });

  it.each([
    ['Invitation: Weekly sync @ Tue 1 Dec', 'Weekly sync'],
    ['Updated invitation: Budget review @ Mon', 'Budget review'],
    ['Re: Invitation: Offsite', 'Offsite'],
    ['Lunch?', 'Lunch?'],
  ])('names the event of "%s": %s', (subject, title) => {
    expect(eventTitle(subject)).toBe(title);
  });
});

describe('awaiting-reply detector', () => {
  const asked = mailItem({
    id: 'sent-1',
    stream: 'Sent',
    roles: ['sent'],
    messageKey: '<s1@example.test>',
    messageId: '<s1@example.test>',
    from: { name: 'Alice Martin', address: 'alice@example.test' },
    to: [{ name: 'Bob Chen', address: 'bob@partner.test' }],
    subject: 'Venue for the offsite',
    bodyText: 'Hi Bob,\n\nCould you confirm the venue by Thursday?\n\nAlice',
    sentAt: '2026-11-20T09:00:00Z',
    receivedAt: '2026-11-20T09:00:01Z',
  });
  const answer = mailItem({ id: 'in-2', messageKey: '<a2@partner.test>', messageId: '<a2@partner.test>', inReplyTo: '<s1@example.test>', references: ['<s1@example.test>'] });

  it('asks to look at a sent question again N days after it was sent', () => {
    const watch = awaitingReplyDetector.watch?.([asked], contextAt(now, { 'mail.followUpDays': 3 }));
    expect(watch).toEqual({ revisit: [{ itemId: 'sent-1', key: '<s1@example.test>', at: '2026-11-23T09:00:00.000Z' }], settle: [] });
  });

  it('settles it with any message that answers or continues the thread', () => {
    expect(awaitingReplyDetector.watch?.([answer], contextAt(now)).settle).toEqual(['<s1@example.test>']);
    expect(threadAncestors({ inReplyTo: 's1@example.test', references: ['<s0@x.test> (comment)', '<s1@example.test>'] })).toEqual(['<s1@example.test>', '<s0@x.test>']);
  });

  it.each([
    ['a statement', { bodyText: 'Here are the slides.' }],
    ['a message only to myself', { to: [{ name: 'Alice', address: 'alice@example.test' }] }],
    ['a message to a no-reply address', { to: [{ name: '', address: 'noreply@shop.test' }] }],
    ['a draft', { roles: ['drafts'], flags: ['\\Draft'] }],
    ['someone else’s message', { roles: ['inbox'], from: { name: 'Bob', address: 'bob@partner.test' } }],
  ])('does not follow up on %s', (_name, over) => {
    expect(sentQuestion({ ...asked, ...(over as Partial<MailItem>) }, account)).toBeNull();
  });

  it('leaves questions from long ago alone (history found on a first sync)', () => {
    expect(followUpAt({ ...asked, sentAt: '2026-10-01T09:00:00Z' }, 3, now)).toBeNull();
    expect(followUpAt(asked, 3, now)).toBe('2026-11-23T09:00:00.000Z');
  });

  it('proposes a follow-up draft in the same thread when the day comes', () => {
    const [proposal] = awaitingReplyDetector.revisit?.([asked], contextAt(now)) ?? [];
    expect(proposal).toMatchObject({
      kind: 'follow-up',
      title: 'Follow up with Bob Chen about Venue for the offsite',
      why: 'No answer in 5 days to your question: “Could you confirm the venue by Thursday?”',
      dedupeKey: 'follow-up:acc-1:<s1@example.test>',
    });
    const step = planImap(proposal!.intents[0]!, account)?.[0];
    expect(step).toMatchObject({ capability: 'email.draft', title: 'Save a draft reply to Bob Chen in Drafts' });
    const draft = step?.args as { to: { address: string }[]; subject: string; body: string; inReplyTo: string; references: string[] };
    expect(draft.to.map((a) => a.address)).toEqual(['bob@partner.test']);
    expect(draft.subject).toBe('Re: Venue for the offsite');
    expect(draft.inReplyTo).toBe('<s1@example.test>');
    expect(draft.references).toEqual(['<s1@example.test>']);
    expect(draft.body).toMatch(/^Hi Bob,\n\nJust following up on my question: “Could you confirm the venue by Thursday\?”/);
    // Not again once a suggestion of its kind covered it (dismissed, say).
    expect(awaitingReplyDetector.revisit?.([asked], contextAt(now, {}, new Set(['<s1@example.test>'])))).toEqual([]);
  });
});
