import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { selfAddresses, type EventItem } from './event-item.js';
import { composeImip, invitationKey, invitationsInMail, invitationState, parseInvitation, replyMessage, type Invitation } from './imip.js';
import { parseIcs } from './ics-parse.js';

const self = selfAddresses(['emma.johnson@bluesparrowtech.com']);

function invite(method: string, extra: readonly string[] = [], { withMethod = true } = {}): string {
  return [
    'BEGIN:VCALENDAR',
    'PRODID:-//Google Inc//Google Calendar 70.9054//EN',
    'VERSION:2.0',
    ...(withMethod ? [`METHOD:${method}`] : []),
    'BEGIN:VEVENT',
    'DTSTART;TZID=Europe/London:20240521T100000',
    'DTEND;TZID=Europe/London:20240521T110000',
    'DTSTAMP:20240514T090000Z',
    'ORGANIZER;CN=Ana Lopez:mailto:ana@example.org',
    'UID:design-review-42@example.org',
    'ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Ana Lopez:mailto:ana@example.org',
    'ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=Emma Johnson:mailto:Emma.Johnson@bluesparrowtech.com',
    'ATTENDEE;CUTYPE=ROOM;PARTSTAT=ACCEPTED;CN=Room 4:mailto:room4@example.org',
    'SUMMARY:Design review',
    'DESCRIPTION:Agenda: the new onboarding flow.',
    ...extra,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

describe('parseInvitation', () => {
  it('reads what a REQUEST concerns: uid, sequence, organiser, attendees with their answers, times', () => {
    const { invitations, problems } = parseInvitation(invite('REQUEST', ['SEQUENCE:2']));
    expect(problems).toEqual([]);
    expect(invitations).toHaveLength(1);
    const [invitation] = invitations as [Invitation];
    expect(invitation).toMatchObject({
      method: 'REQUEST',
      uid: 'design-review-42@example.org',
      recurrenceId: null,
      sequence: 2,
      summary: 'Design review',
      organizer: { email: 'ana@example.org', name: 'Ana Lopez' },
      start: { kind: 'zoned', local: '2024-05-21T10:00:00', tzid: 'Europe/London' },
      end: { kind: 'zoned', local: '2024-05-21T11:00:00', tzid: 'Europe/London' },
    });
    expect(invitation.attendees.map((a) => [a.email, a.partstat, a.isResource])).toEqual([
      ['ana@example.org', 'accepted', false],
      ['emma.johnson@bluesparrowtech.com', 'needs-action', false],
      ['room4@example.org', 'accepted', true],
    ]);
    expect(invitation.event?.description).toBe('Agenda: the new onboarding flow.');
    expect(invitation.object?.uid).toBe('design-review-42@example.org');
  });

  it('takes the method from the Content-Type when the calendar has none', () => {
    const { invitations } = parseInvitation(Buffer.from(invite('CANCEL', ['STATUS:CANCELLED'], { withMethod: false })), 'text/calendar; charset="utf-8"; method=CANCEL');
    expect(invitations.map((i) => i.method)).toEqual(['CANCEL']);
  });

  it('reads a REPLY that carries no start time', () => {
    const reply = ['BEGIN:VCALENDAR', 'METHOD:REPLY', 'BEGIN:VEVENT', 'UID:standup@x', 'DTSTAMP:20240514T090000Z', 'SEQUENCE:0', 'ORGANIZER:mailto:emma.johnson@bluesparrowtech.com', 'ATTENDEE;PARTSTAT=DECLINED;CN=Bob:mailto:bob@example.org', 'END:VEVENT', 'END:VCALENDAR'].join('\r\n');
    const { invitations } = parseInvitation(reply);
    expect(invitations).toMatchObject([{ method: 'REPLY', uid: 'standup@x', start: null, event: null, attendees: [{ email: 'bob@example.org', partstat: 'declined' }] }]);
  });

  it('links an invitation for one occurrence by its recurrence id', () => {
    const { invitations } = parseInvitation(invite('REQUEST', ['RECURRENCE-ID;TZID=Europe/London:20240521T100000']));
    expect(invitations[0]?.recurrenceId).toEqual({ kind: 'zoned', local: '2024-05-21T10:00:00', tzid: 'Europe/London' });
    expect(invitationKey(invitations[0] as Invitation)).toBe('design-review-42@example.org|{"kind":"zoned","local":"2024-05-21T10:00:00","tzid":"Europe/London"}');
  });

  it.each([
    { name: 'no METHOD anywhere', content: invite('REQUEST', [], { withMethod: false }), reason: /no METHOD/ },
    { name: 'garbage', content: 'hello', reason: /not a calendar file|no METHOD/ },
    { name: 'a huge part', content: invite('REQUEST', [`DESCRIPTION:${'x'.repeat(1_100_000)}`]), reason: /too large/ },
  ])('says why $name is not an invitation', ({ content, reason }) => {
    const { invitations, problems } = parseInvitation(content);
    expect(invitations).toEqual([]);
    expect(problems.join('\n')).toMatch(reason);
  });
});

describe('invitationState', () => {
  const request = (sequence: number, partstat = 'NEEDS-ACTION') =>
    parseInvitation(invite('REQUEST', [`SEQUENCE:${sequence}`]).replace('PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=Emma', `PARTSTAT=${partstat};RSVP=TRUE;CN=Emma`)).invitations[0] as Invitation;
  const inCalendar = (sequence: number, partstat: string) => parseIcs(invite('REQUEST', [`SEQUENCE:${sequence}`]).replace('PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=Emma', `PARTSTAT=${partstat};RSVP=TRUE;CN=Emma`), { calendarId: 'c', href: 'h', etag: null }).objects[0]?.master as EventItem;

  it.each([
    { name: 'a new invitation needs an answer', invitation: request(0), existing: null, state: { kind: 'needs-answer', isUpdate: false } },
    { name: 'the same version already accepted is answered', invitation: request(0), existing: inCalendar(0, 'ACCEPTED'), state: { kind: 'answered', partstat: 'accepted' } },
    { name: 'a changed version (higher SEQUENCE) needs an answer again', invitation: request(3), existing: inCalendar(2, 'ACCEPTED'), state: { kind: 'needs-answer', isUpdate: true } },
    { name: 'an older version is outdated', invitation: request(1), existing: inCalendar(2, 'ACCEPTED'), state: { kind: 'outdated' } },
    { name: 'a cancel of an event in the calendar', invitation: parseInvitation(invite('CANCEL', ['SEQUENCE:3'])).invitations[0] as Invitation, existing: inCalendar(2, 'ACCEPTED'), state: { kind: 'cancelled', inCalendar: true } },
  ])('$name', ({ invitation, existing, state }) => {
    expect(invitationState(invitation, existing, self)).toEqual(state);
  });

  it('is not for the user when the user is not among the attendees', () => {
    expect(invitationState(request(0), null, selfAddresses(['someone@else.org']))).toEqual({ kind: 'not-for-user' });
  });
});

describe('iMIP reply', () => {
  const invitation = parseInvitation(invite('REQUEST', ['SEQUENCE:2'])).invitations[0] as Invitation;
  const me = { email: 'emma.johnson@bluesparrowtech.com', name: 'Emma Johnson' };

  it('builds a REPLY that the organiser’s calendar can read: the same UID and SEQUENCE, only the user, with the answer', () => {
    const message = replyMessage({ event: invitation, attendee: me, answer: 'tentative', now: new Date('2024-05-15T08:00:00Z') }, 'act-1');
    expect(message.subject).toBe('Tentative: Design review');
    expect(message.to).toEqual([{ email: 'ana@example.org', name: 'Ana Lopez' }]);
    const [reply] = parseInvitation(message.ics).invitations;
    expect(reply).toMatchObject({ method: 'REPLY', uid: invitation.uid, sequence: 2, organizer: { email: 'ana@example.org' }, start: invitation.start });
    expect(reply?.attendees.map((a) => [a.email, a.partstat])).toEqual([[me.email, 'tentative']]);
    expect(message.ics).toContain('DTSTAMP:20240515T080000Z');
  });

  it('goes out as text/calendar; method=REPLY (RFC 6047) with the Message-ID of the action', async () => {
    const message = replyMessage({ event: invitation, attendee: me, answer: 'accepted', now: new Date('2024-05-15T08:00:00Z') }, 'act-7');
    const raw = await composeImip(message);
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe('Accepted: Design review');
    expect(parsed.messageId).toBe('<steward-act-7@steward.invalid>');
    expect(raw.toString()).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REPLY/i);
    const calendarPart = parsed.attachments.find((a) => a.contentType === 'text/calendar' || a.contentType === 'application/ics');
    expect(calendarPart?.content.toString()).toContain('PARTSTAT=ACCEPTED');
  });

  it('refuses to answer an event without an organiser, in words', () => {
    expect(() => replyMessage({ event: { ...invitation, organizer: null }, attendee: me, answer: 'accepted', now: new Date() }, 'a')).toThrow(/names no organiser/);
  });
});

describe('invitationsInMail', () => {
  it('finds the invitation in a mail as mailparser gives it, once although it is attached twice', async () => {
    const invitation = parseInvitation(invite('REQUEST')).invitations[0] as Invitation;
    const raw = await composeImip({ ...replyMessage({ event: invitation, attendee: { email: 'x@y.z', name: '' }, answer: 'accepted', now: new Date() }, 'a1'), method: 'REQUEST', ics: invite('REQUEST') });
    const mail = await simpleParser(raw);
    const found = invitationsInMail(mail.attachments.map((a) => ({ contentType: a.contentType, content: a.content })));
    expect(found.problems).toEqual([]);
    expect(found.invitations.map((i) => [i.method, i.uid])).toEqual([['REQUEST', 'design-review-42@example.org']]);
  });

  it('ignores parts that are not calendars', () => {
    expect(invitationsInMail([{ contentType: 'application/pdf', content: Buffer.from('%PDF') }])).toEqual({ invitations: [], problems: [] });
  });
});
