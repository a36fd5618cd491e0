// The CalDAV watcher against real Radicale servers: it sees another client's change on its next
// poll, says "wrong password" and waits for the user instead of retrying, backs off while the
// server is down, and stops when told.
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountConnection } from '@shared/domain/types.js';
import { CalDavWatcher } from '../../electron/engine/connectors/caldav/caldav-watcher.js';
import type { AccountCursor, CalendarSyncResult } from '../../electron/engine/connectors/caldav/caldav-sync.js';
import type { CalendarObject } from '../../electron/engine/items/event/event-item.js';
import { createCalDavUser, type CalDavUser } from '../fixtures.js';
import { makeCalendar, putIcs, startRadicale } from '../servers/radicale.js';
import { waitUntil } from '../wait-until.js';

const event = (uid: string, summary: string) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Other client//EN', 'BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20240515T080000Z', 'DTSTART:20240516T100000Z', 'DURATION:PT1H', `SUMMARY:${summary}`, 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');

/** What the engine would store: objects per URL and the cursor, written together in commit. */
class Store {
  objects = new Map<string, readonly CalendarObject[]>();
  cursor: AccountCursor | null = null;
  commits = 0;
  statuses: AccountConnection[] = [];

  commit = (result: CalendarSyncResult, cursor: AccountCursor) => {
    for (const resource of result.changed) this.objects.set(resource.url, resource.objects);
    for (const url of result.removed) this.objects.delete(url);
    this.cursor = cursor;
    this.commits++;
  };

  summaries(): string[] {
    return [...this.objects.values()].flat().map((o) => o.master?.summary ?? '').sort();
  }

  get status(): AccountConnection | undefined {
    return this.statuses.at(-1);
  }
}

const watchers: CalDavWatcher[] = [];
afterEach(async () => {
  await Promise.all(watchers.splice(0).map((w) => w.stop()));
});

function watch(user: CalDavUser, store: Store, password: () => string = () => user.password, pollIntervalMs = 200): CalDavWatcher {
  const watcher = new CalDavWatcher({
    endpoint: () => ({ serverUrl: user.url, username: user.user, password: password() }),
    loadCursor: () => store.cursor,
    commit: store.commit,
    onStatus: (status) => store.statuses.push(status),
    pollIntervalMs,
  });
  watchers.push(watcher);
  watcher.start();
  return watcher;
}

describe('CalDavWatcher', () => {
  it('syncs at start and sees another client’s new event on a later poll', async () => {
    const user = await createCalDavUser();
    const calendar = await makeCalendar(user, 'work');
    await putIcs(user, calendar, 'a.ics', event('a', 'Standup'));
    const store = new Store();
    watch(user, store);
    await waitUntil('the first sync', () => store.status?.state === 'connected');
    expect(store.summaries()).toEqual(['Standup']);
    expect(store.status?.lastSyncAt).toBeTruthy();

    await putIcs(user, calendar, 'b.ics', event('b', 'Design review'));
    await waitUntil('the change to be observed', () => store.summaries().includes('Design review'));
    expect(store.summaries()).toEqual(['Design review', 'Standup']);
  });

  it('says the password is wrong and waits for the user instead of retrying; reconnect() after the fix syncs', async () => {
    const user = await createCalDavUser();
    await makeCalendar(user, 'work');
    const store = new Store();
    let password = 'wrong';
    const watcher = watch(user, store, () => password);
    await waitUntil('the login to fail', () => store.status?.state === 'auth_failed');
    expect(store.status?.lastError).toMatch(/CalDAV login failed for .* 401 Unauthorized\. Check the user name and the password/);
    expect(store.status?.nextRetryAt).toBeNull();
    const attempts = store.statuses.filter((s) => s.state === 'syncing').length;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(store.statuses.filter((s) => s.state === 'syncing')).toHaveLength(attempts);

    password = user.password;
    watcher.reconnect();
    await waitUntil('the sync after the fix', () => store.status?.state === 'connected');
    expect(store.status?.lastError).toBeNull();
  });

  it('backs off in words while the server is down, keeping what it had', async () => {
    const radicale = await startRadicale();
    try {
      await radicale.addUser('erin', 'pw');
      const login = { url: radicale.url, user: 'erin', password: 'pw' };
      const calendar = await makeCalendar(login, 'cal');
      await putIcs(login, calendar, 'a.ics', event('a', 'Kept'));
      const store = new Store();
      watch({ ...login, email: 'erin@example.test' }, store, undefined, 100);
      await waitUntil('the first sync', () => store.status?.state === 'connected');
      await radicale.stop();
      await waitUntil('the watcher to notice', () => store.status?.state === 'reconnecting');
      expect(store.status?.lastError).toMatch(/Nothing answered at 127\.0\.0\.1:\d+: the calendar server is down/);
      expect(Date.parse(store.status?.nextRetryAt ?? '')).toBeGreaterThan(Date.now() - 1_000);
      expect(store.summaries()).toEqual(['Kept']);
    } finally {
      await radicale.stop();
    }
  });

  it('stops: no more syncs, and says so', async () => {
    const user = await createCalDavUser();
    const calendar = await makeCalendar(user, 'work');
    const store = new Store();
    const watcher = watch(user, store, undefined, 100);
    await waitUntil('the first sync', () => store.status?.state === 'connected');
    await watcher.stop();
    const commits = store.commits;
    await putIcs(user, calendar, 'late.ics', event('late', 'Too late'));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(store.commits).toBe(commits);
    expect(store.status?.state).toBe('stopped');
  });
});
