/**
 * Calendars with nothing but the `steward` command, as the README types it: `steward events`
 * says how to connect a calendar when there is none, `steward accounts add caldav` adds a real
 * Radicale account (the password from standard input), and `steward events` lists its events.
 */
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarEventView } from '../../shared/domain/calendar.js';
import type { Account } from '../../shared/domain/types.js';
import { requireBuiltCli, startHost, steward, stopHost } from '../cli-runner.js';
import { tempDataDir } from '../engine-fixture.js';
import { createCalDavUser, type CalDavUser } from '../fixtures.js';
import { makeCalendar, putIcs } from '../servers/radicale.js';
import { waitUntil } from '../wait-until.js';

/** An event two hours from now, so that it is among the coming ones whatever the day. */
function soonIcs(): string {
  const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const start = Date.now() + 2 * 3_600_000;
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', 'BEGIN:VEVENT', 'UID:soon-1@example.test', `DTSTAMP:${stamp(Date.now())}`, `DTSTART:${stamp(start)}`, `DTEND:${stamp(start + 3_600_000)}`, 'SUMMARY:Design review', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
}

describe('steward accounts add caldav, steward events', () => {
  let dataDir = '';
  let host: ChildProcess | null = null;
  let user: CalDavUser;

  beforeAll(async () => {
    requireBuiltCli();
    dataDir = tempDataDir();
    user = await createCalDavUser();
    const calendarUrl = await makeCalendar(user, 'work', 'Work');
    await putIcs(user, calendarUrl, 'soon.ics', soonIcs());
    ({ host } = await startHost(dataDir));
  });

  afterAll(async () => {
    await stopHost(host);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('says how to connect a calendar, adds one from the password on stdin, and lists its events', async () => {
    const none = await steward(dataDir, ['events']);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('No calendar is connected. Add one with:');
    expect(none.stdout).toContain('steward accounts add caldav --url');

    const wrong = await steward(dataDir, ['accounts', 'add', 'caldav', '--url', user.url, '--user', user.user, '--password-stdin'], 'not-the-password');
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/password/i);

    const added = await steward(dataDir, ['accounts', 'add', 'caldav', '--url', user.url, '--user', user.user, '--password-stdin'], user.password);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toContain(`Added ${user.email}`);

    const accounts = JSON.parse((await steward(dataDir, ['accounts', 'list', '--json'])).stdout) as Account[];
    expect(accounts).toMatchObject([{ kind: 'caldav', email: user.email }]);

    const events = await waitUntil(
      'the event through `steward events --json`',
      async () => {
        const listed = JSON.parse((await steward(dataDir, ['events', '--days', '2', '--json'])).stdout) as CalendarEventView[];
        return listed.length > 0 ? listed : undefined;
      },
      30_000,
    );
    expect(events).toMatchObject([{ title: 'Design review', calendar: 'work', allDay: false }]);
    const human = await steward(dataDir, ['events', '--days', '2']);
    expect(human.stdout).toMatch(/\d\d:\d\d–\d\d:\d\d {2}Design review {2}\(work\)/);
  });
});
