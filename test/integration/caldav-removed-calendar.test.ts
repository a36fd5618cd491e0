/**
 * A calendar deleted on the CalDAV server (another client removed the collection), in a real
 * engine against the run's Radicale: on the next sync its events leave Steward's calendar (the
 * other calendar's stay), the suggestion about an invitation in it retires, and the account
 * status says what was removed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../electron/engine/testing/memory-engine-parts.js';
import { startTestEngine, type EngineHarness } from '../engine-fixture.js';
import { createCalDavUser } from '../fixtures.js';
import { deleteIcs, makeCalendar, putIcs } from '../servers/radicale.js';
import { waitUntil } from '../wait-until.js';

const ZONE = 'America/New_York';
const NOW = new Date('2024-05-15T13:00:00Z');
const ME = 'emma.johnson@bluesparrowtech.com';

let harness: EngineHarness | null = null;
afterEach(async () => {
  await harness?.dispose();
  harness = null;
});

function ics(uid: string, summary: string, day: string, extra: string[] = []): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Other calendar app//EN',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    'DTSTAMP:20240514T120000Z',
    `DTSTART;TZID=${ZONE}:${day}T100000`,
    `DTEND;TZID=${ZONE}:${day}T110000`,
    `SUMMARY:${summary}`,
    ...extra,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

describe('a CalDAV calendar removed on the server', () => {
  it('takes its events out of Steward on the next sync, retires suggestions about them, and says so in the status', async () => {
    const user = await createCalDavUser();
    const work = await makeCalendar(user, 'work', 'Work');
    const team = await makeCalendar(user, 'team', 'Team');
    await putIcs(user, work, 'dentist.ics', ics('dentist@example.org', 'Dentist', '20240516'));
    await putIcs(user, team, 'offsite.ics', ics('offsite@example.org', 'Team offsite planning', '20240517'));
    await putIcs(
      user,
      team,
      'retro.ics',
      ics('retro@example.org', 'Retro', '20240520', ['ORGANIZER;CN=Ana Lopez:mailto:ana.lopez@example.org', `ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${ME}`]),
    );
    harness = startTestEngine({ clock: new ManualClock(NOW) });
    const api = harness.engine.apiFor('ui');
    await api.setConfig({ key: 'user.timeZone', value: ZONE });
    await api.addAccount({ kind: 'caldav', url: user.url, username: user.user, password: user.password, email: ME });
    const titles = async () => (await api.listEvents({ days: 7 })).map((e) => e.title);
    await waitUntil('the first sync', async () => ((await titles()).length === 3 ? true : undefined), 60_000);
    expect(await titles()).toEqual(['Dentist', 'Team offsite planning', 'Retro']);
    const rsvp = await waitUntil('the RSVP suggestion', async () => (await api.listSuggestions()).find((s) => s.kind === 'rsvp' && s.status === 'pending'), 30_000);
    expect(rsvp.title).toBe('Accept Retro, Mon 10:00?');

    await deleteIcs(user, team);
    await api.reportPresence({ state: 'resumed' });
    const account = await waitUntil('the removal in the status', async () => {
      const [found] = await api.listAccounts();
      return found?.connection.lastError ? found : undefined;
    }, 30_000);

    expect(account.connection).toMatchObject({ state: 'connected', lastError: 'The calendar "team" (2 events) is no longer on the server, so Steward removed its events too.' });
    expect(await titles()).toEqual(['Dentist']);
    await waitUntil('the RSVP suggestion retired', async () => ((await api.getSuggestion({ id: rsvp.id })).status === 'expired' ? true : undefined), 30_000);
  });
});
