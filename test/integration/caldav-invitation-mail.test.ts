/**
 * An invitation that arrives by mail before its event is in the calendar, in a real engine with
 * the run's Dovecot (the mail) and Radicale (the calendar): the mail makes its own suggestion
 * (a draft reply, flagged that the event is in no calendar Steward reads); when the event then
 * syncs and the RSVP detector proposes the answer, that suggestion is retired, so the user sees
 * one card about the invitation, not two.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineApi } from '../../shared/api/contract.js';
import type { Suggestion } from '../../shared/domain/types.js';
import { ManualClock } from '../../electron/engine/testing/memory-engine-parts.js';
import { accountInput, deliver, startTestEngine, type EngineHarness } from '../engine-fixture.js';
import { createCalDavUser, createImapUser } from '../fixtures.js';
import { makeCalendar, putIcs } from '../servers/radicale.js';
import { waitUntil } from '../wait-until.js';

const ZONE = 'America/New_York';
const NOW = new Date('2024-05-15T13:00:00Z');
const ORGANISER = 'ana.lopez@example.org';
const UID = `design-review-${Date.now()}@example.org`;

let harness: EngineHarness | null = null;
afterEach(async () => {
  await harness?.dispose();
  harness = null;
});

function eventIcs(attendee: string, method: 'REQUEST' | null): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Other calendar app//EN',
    ...(method ? [`METHOD:${method}`] : []),
    'BEGIN:VEVENT',
    `UID:${UID}`,
    'DTSTAMP:20240514T120000Z',
    `DTSTART;TZID=${ZONE}:20240516T100000`,
    `DTEND;TZID=${ZONE}:20240516T110000`,
    'SUMMARY:Design review',
    'SEQUENCE:0',
    `ORGANIZER;CN=Ana Lopez:mailto:${ORGANISER}`,
    `ATTENDEE;CN=Ana Lopez;PARTSTAT=ACCEPTED;ROLE=CHAIR:mailto:${ORGANISER}`,
    `ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${attendee}`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

async function pending(api: EngineApi): Promise<Suggestion[]> {
  return (await api.listSuggestions()).filter((s) => s.status === 'pending');
}

describe('an invitation in the mail before its event syncs', () => {
  it('is one card: the RSVP suggestion retires the mail suggestion for the same UID', async () => {
    const mailUser = await createImapUser();
    const calendarUser = await createCalDavUser();
    const calendarUrl = await makeCalendar(calendarUser, 'work', 'Work');
    harness = startTestEngine({ clock: new ManualClock(NOW) });
    const api = harness.engine.apiFor('ui');
    await api.setConfig({ key: 'user.timeZone', value: ZONE });
    await api.addAccount(accountInput(mailUser));
    await api.addAccount({ kind: 'caldav', url: calendarUser.url, username: calendarUser.user, password: calendarUser.password, email: mailUser.email });
    await waitUntil('both accounts synced', async () => (await api.listAccounts()).every((a) => a.connection.state === 'connected' && a.connection.lastSyncAt) || undefined, 60_000);

    // The invitation comes by mail; the calendar does not have the event yet.
    await deliver(mailUser, {
      from: `"Ana Lopez" <${ORGANISER}>`,
      subject: 'Invitation: Design review @ Thu 16 May 2024 10am - 11am (EDT)',
      text: 'Ana Lopez has invited you to Design review.',
      date: new Date('2024-05-15T12:30:00Z'),
      attachments: [{ filename: 'invite.ics', content: Buffer.from(eventIcs(mailUser.email, 'REQUEST')), contentType: 'text/calendar; charset=utf-8; method=REQUEST' }],
    });
    await api.reportPresence({ state: 'resumed' });
    const fromMail = await waitUntil('the mail suggestion', async () => (await pending(api)).find((s) => s.kind === 'invitation'), 30_000);
    expect(fromMail.title).toBe("Answer Ana Lopez's invitation: Design review");

    // Then the event reaches the calendar (the user's other client added it) and syncs.
    await putIcs(calendarUser, calendarUrl, 'design-review.ics', eventIcs(mailUser.email, null));
    await api.reportPresence({ state: 'resumed' });
    const rsvp = await waitUntil('the RSVP suggestion', async () => (await pending(api)).find((s) => s.kind === 'rsvp'), 30_000);
    expect(rsvp.title).toBe('Accept Design review, Thu 10:00?');

    const about = (await pending(api)).filter((s) => s.title.includes('Design review'));
    expect(about.map((s) => s.kind)).toEqual(['rsvp']);
    expect((await api.getSuggestion({ id: fromMail.id })).status).toBe('expired');
  });
});
