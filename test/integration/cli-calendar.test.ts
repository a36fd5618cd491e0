/**
 * Calendars with nothing but the `steward` command, as the README types it: `steward events`
 * says how to connect a calendar when there is none, `steward accounts add caldav` adds a real
 * Radicale account (the password from standard input), and `steward events` lists its events.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarEventView } from '../../shared/domain/calendar.js';
import type { Account } from '../../shared/domain/types.js';
import { tempDataDir } from '../engine-fixture.js';
import { createCalDavUser, type CalDavUser } from '../fixtures.js';
import { makeCalendar, putIcs } from '../servers/radicale.js';
import { waitUntil } from '../wait-until.js';

const bin = fileURLToPath(new URL('../../bin/steward.js', import.meta.url));
const built = fileURLToPath(new URL('../../out/main/cli.js', import.meta.url));

interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function steward(dataDir: string, args: readonly string[], stdin = ''): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, '--data-dir', dataDir, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

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
    if (!existsSync(built)) throw new Error('The CLI is not built: run `npm run build` first (npm test does).');
    dataDir = tempDataDir();
    user = await createCalDavUser();
    const calendarUrl = await makeCalendar(user, 'work', 'Work');
    await putIcs(user, calendarUrl, 'soon.ics', soonIcs());
    host = spawn(process.execPath, [bin, '--data-dir', dataDir, 'host'], { stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      host?.stdout?.on('data', (d: Buffer) => {
        if (d.toString().includes('Steward is running at')) resolve();
      });
      host?.on('exit', (code) => reject(new Error(`steward host exited with ${code}`)));
    });
  });

  afterAll(async () => {
    if (host && host.exitCode === null) {
      host.kill('SIGTERM');
      await new Promise((resolve) => host?.once('exit', resolve));
    }
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
