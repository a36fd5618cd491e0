/**
 * `npm run bench`: what calendars cost. Printed, not asserted.
 *  - syncing 5,000 events across 10 calendars from a real Radicale (time and peak memory),
 *    first with the server's caches cold, then warm
 *  - a quiet poll (nothing changed) and the sync after one change
 *  - from a change on the server to the watcher observing it
 *  - parsing and expanding 5,000 events for a week
 */
import { it } from 'vitest';
import { createCaldavWatcher } from '../electron/engine/connectors/caldav/account-watcher.js';
import { CalDavWatcher } from '../electron/engine/connectors/caldav/caldav-watcher.js';
import type { EventKindStore } from '../electron/engine/items/event/event-kind.js';
import { createItemSink } from '../electron/engine/sync/ingest.js';
import { memoryParts } from '../electron/engine/testing/memory-engine-parts.js';
import { openSession } from '../electron/engine/connectors/caldav/caldav-session.js';
import { syncAccount, type AccountCursor } from '../electron/engine/connectors/caldav/caldav-sync.js';
import { discover } from '../electron/engine/connectors/caldav/discovery.js';
import type { CalendarObject } from '../electron/engine/items/event/event-item.js';
import { expandObjects } from '../electron/engine/items/event/expand.js';
import { parseIcs } from '../electron/engine/items/event/ics-parse.js';
import { makeCalendar, putIcs, seedIcsFiles, startRadicale } from '../test/servers/radicale.js';
import { measure, report, reportMemory } from './measure.js';
import { syntheticCalendar } from './synthetic-calendar.js';

const CALENDARS = 10;
const PER_CALENDAR = 500;

it('calendar benchmarks', async () => {
  report(`\nSteward calendar benchmarks (Node ${process.version}, ${process.platform}/${process.arch})\n`);
  const radicale = await startRadicale();
  try {
    await radicale.addUser('bench', 'bench');
    const login = { url: radicale.url, user: 'bench', password: 'bench' };
    const calendarUrls: string[] = [];
    const seedStart = performance.now();
    for (let c = 0; c < CALENDARS; c++) {
      calendarUrls.push(await makeCalendar(login, `cal${c}`, `Calendar ${c}`));
      await seedIcsFiles(radicale.dir, 'bench', `cal${c}`, syntheticCalendar(c, PER_CALENDAR));
    }
    report(`seeded ${CALENDARS * PER_CALENDAR} events in ${CALENDARS} calendars (files)`.padEnd(58) + ` ${(performance.now() - seedStart).toFixed(0)} ms`);

    // Radicale parses every item file once (vobject) before it can compute ETags and sync tokens;
    // events written through CalDAV are indexed as they arrive, files seeded directly are not.
    // That one-off server cost is timed apart from the sync.
    const indexStart = performance.now();
    for (const url of calendarUrls) await ctagOf(login, url);
    report(`Radicale indexes the seeded files (server-side, once)`.padEnd(58) + ` ${(performance.now() - indexStart).toFixed(0)} ms`);

    const session = openSession({ serverUrl: radicale.url, username: 'bench', password: 'bench' });
    const info = await discover(session);

    await timedSync('full sync, 5,000 events / 10 calendars (first)', () => syncAccount(session, info, null));
    const warm = await timedSync('full sync, 5,000 events / 10 calendars (again, fresh)', () => syncAccount(session, info, null));
    const objects = warm.result.results.flatMap((r) => r.changed.flatMap((c) => c.objects));
    report(`  objects read: ${objects.length}, problems: ${warm.result.results.reduce((n, r) => n + r.problems.length, 0)}, cursor JSON ${(JSON.stringify(warm.result.cursor).length / 1024).toFixed(0)} kB`);

    await timedSync('the engine: sync into the event store + detectors', () => engineSync(radicale.url));

    let cursor: AccountCursor = warm.result.cursor;
    await measure('quiet poll: incremental sync, nothing changed (10 cal.)', 10, async () => {
      cursor = (await syncAccount(session, info, cursor)).cursor;
    });
    let edits = 0;
    await measure('incremental sync after one changed event (10 cal.)', 10, async () => {
      const [object] = syntheticCalendar(3, 1);
      await putIcs(login, calendarUrls[3] ?? '', object?.name ?? '', (object?.ics ?? '').replace('SUMMARY:', `SUMMARY:Edit ${++edits} `));
      cursor = (await syncAccount(session, info, cursor)).cursor;
    });

    await observationLatency(login, calendarUrls[0] ?? '', cursor, 1_000);
    await observationLatency(login, calendarUrls[0] ?? '', cursor, 5_000);

    const texts = syntheticCalendar(0, 5_000);
    let parsed: CalendarObject[] = [];
    await measure('parse 5,000 events (ical.js)', 5, () => {
      parsed = texts.flatMap((t, i) => parseIcs(t.ics, { calendarId: 'c', href: `h${i}`, etag: null }).objects);
    }, { count: 5_000, noun: 'events' });
    const week = { startMs: Date.parse('2024-05-13T00:00:00Z'), endMs: Date.parse('2024-05-20T00:00:00Z') };
    let instances = 0;
    await measure('expand 5,000 events for one week', 5, () => {
      instances = expandObjects(parsed, week, { userZone: 'Europe/Berlin' }).instances.length;
    }, { count: 5_000, noun: 'events' });
    report(`  occurrences in the week: ${instances}`);
    reportMemory('memory after the calendar benchmarks');
  } finally {
    await radicale.stop();
  }
  // Radicale's one-off indexing of 5,000 seeded files alone takes minutes on a busy machine.
}, 30 * 60_000);

/**
 * The whole engine path: the CalDAV account's watcher commits every calendar into the event item
 * store through the item sink, and the scheduler runs the calendar detectors over 5,000 events.
 */
async function engineSync(serverUrl: string): Promise<void> {
  const parts = memoryParts();
  const account = parts.accounts.insert({
    kind: 'caldav',
    email: 'bench@example.test',
    displayName: 'Bench',
    settings: { url: serverUrl, username: 'bench', homeUrl: null, serverSchedules: false, addresses: ['bench@example.test'], smtp: null },
  });
  let connected: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (connected = resolve));
  const watcher = createCaldavWatcher(
    {
      account,
      credentials: { password: async () => 'bench', secret: async () => '', accessToken: async () => '' },
      sink: createItemSink(parts.ingest, account.id, parts.stores.event as EventKindStore),
      db: parts.db,
      report: (change) => {
        if (change.state === 'connected') connected();
      },
      now: () => new Date(),
      presence: { current: 'active', onChange: () => () => undefined },
    },
    3_600_000,
  );
  watcher.start();
  await done;
  await watcher.stop();
  const start = performance.now();
  parts.scheduler.processPending();
  while ((parts.db.prepare('SELECT COUNT(*) AS n FROM observations WHERE processed_at IS NULL').get() as { n: number }).n > 0) parts.scheduler.processPending();
  report(`  detectors over what was left queued: ${(performance.now() - start).toFixed(0)} ms, ${parts.suggestions.countPending()} suggestions; events stored: ${(parts.db.prepare('SELECT COUNT(*) AS n FROM calendar_objects').get() as { n: number }).n}`);
  parts.scheduler.stop();
  parts.db.close();
}

async function timedSync<T>(name: string, run: () => Promise<T>): Promise<{ result: T }> {
  const baseline = process.memoryUsage();
  let peakHeap = baseline.heapUsed;
  let peakRss = baseline.rss;
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peakHeap = Math.max(peakHeap, now.heapUsed);
    peakRss = Math.max(peakRss, now.rss);
  }, 10);
  const start = performance.now();
  try {
    const result = await run();
    const ms = performance.now() - start;
    report(`${name.padEnd(58)} ${ms.toFixed(0).padStart(6)} ms  peak heap ${mb(peakHeap)} (+${mb(peakHeap - baseline.heapUsed)})  peak rss ${mb(peakRss)} (+${mb(peakRss - baseline.rss)})`);
    return { result };
  } finally {
    clearInterval(sampler);
  }
}

/** From a PUT by another client to the watcher's commit of it, with the watcher polling every `pollMs`. */
async function observationLatency(login: { url: string; user: string; password: string }, calendarUrl: string, cursor: AccountCursor, pollMs: number): Promise<void> {
  let current = cursor;
  let seen: ((summary: string) => void) | undefined;
  const watcher = new CalDavWatcher({
    endpoint: () => ({ serverUrl: login.url, username: login.user, password: login.password }),
    loadCursor: () => current,
    commit: (result, next) => {
      current = next;
      for (const resource of result.changed) for (const object of resource.objects) seen?.(object.master?.summary ?? '');
    },
    onStatus: () => undefined,
    pollIntervalMs: pollMs,
  });
  watcher.start();
  const times: number[] = [];
  try {
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (let i = 0; i < 8; i++) {
      const summary = `Latency probe ${pollMs}-${i}`;
      const observed = new Promise<void>((resolve) => {
        seen = (s) => s === summary && resolve();
      });
      // Changes land at random moments relative to the poll, as in life.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * pollMs));
      const start = performance.now();
      await putIcs(login, calendarUrl, `probe-${pollMs}-${i}.ics`, probe(`probe-${pollMs}-${i}`, summary));
      await observed;
      times.push(performance.now() - start);
    }
  } finally {
    await watcher.stop();
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((s, t) => s + t, 0) / times.length;
  report(`${`change on server → observed (poll every ${pollMs / 1000} s)`.padEnd(58)} mean ${mean.toFixed(0)} ms  p50 ${times[Math.floor(times.length / 2)]?.toFixed(0)} ms  max ${times.at(-1)?.toFixed(0)} ms`);
}

async function ctagOf(login: { user: string; password: string }, url: string): Promise<void> {
  const response = await fetch(url, {
    method: 'PROPFIND',
    headers: { Authorization: `Basic ${Buffer.from(`${login.user}:${login.password}`).toString('base64')}`, Depth: '0', 'Content-Type': 'application/xml' },
    body: '<?xml version="1.0"?><D:propfind xmlns:D="DAV:" xmlns:CS="http://calendarserver.org/ns/"><D:prop><CS:getctag/></D:prop></D:propfind>',
    signal: AbortSignal.timeout(600_000),
  });
  await response.text();
}

function probe(uid: string, summary: string): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//bench//EN', 'BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20240101T000000Z', 'DTSTART:20240516T100000Z', 'DURATION:PT1H', `SUMMARY:${summary}`, 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
