import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Db } from '../../db/database.js';
import { EVENT_STORE_SQL, EventStore } from './event-store.js';
import { parseIcs } from './ics-parse.js';
import { calendar, vevent } from './testing/ics-builder.js';

let db: Db;
let store: EventStore;
beforeEach(() => {
  db = openDatabase(':memory:');
  migrate(db, [{ version: 1_000, name: 'calendar objects', sql: EVENT_STORE_SQL }]);
  store = new EventStore(db, () => new Date('2024-05-15T08:00:00Z'));
});
afterEach(() => db.close());

const objects = (href: string, ...events: string[][]) => parseIcs(calendar(...events), { calendarId: 'cal', href, etag: `"${href}"` }).objects;
const may = { startMs: Date.parse('2024-05-01T00:00:00Z'), endMs: Date.parse('2024-06-01T00:00:00Z') };

describe('EventStore', () => {
  it('stores objects and says what is new, changed and gone', () => {
    expect(store.replaceResource('a1', 'cal', 'cal/x.ics', objects('cal/x.ics', vevent('UID:x', 'DTSTART:20240515T100000Z', 'SUMMARY:X')))).toEqual([{ kind: 'new', uid: 'x', calendarId: 'cal', href: 'cal/x.ics' }]);
    expect(store.replaceResource('a1', 'cal', 'cal/x.ics', objects('cal/x.ics', vevent('UID:x', 'DTSTART:20240515T100000Z', 'SUMMARY:X')))).toEqual([]);
    expect(store.replaceResource('a1', 'cal', 'cal/x.ics', objects('cal/x.ics', vevent('UID:x', 'DTSTART:20240515T100000Z', 'SUMMARY:X2')))).toEqual([{ kind: 'changed', uid: 'x', calendarId: 'cal', href: 'cal/x.ics' }]);
    expect(store.replaceResource('a1', 'cal', 'cal/x.ics', [])).toEqual([{ kind: 'gone', uid: 'x', calendarId: 'cal', href: 'cal/x.ics' }]);
  });

  it('keeps the raw text and finds objects by UID across accounts', () => {
    store.replaceResource('a1', 'cal', 'cal/x.ics', objects('cal/x.ics', vevent('UID:shared', 'DTSTART:20240515T100000Z', 'SUMMARY:X', 'X-KEEP:1')));
    store.replaceResource('a2', 'cal2', 'cal2/y.ics', objects('cal2/y.ics', vevent('UID:shared', 'DTSTART:20240515T100000Z', 'SUMMARY:Y')));
    const found = store.byUid('shared');
    expect(found.map((f) => [f.accountId, f.object.master?.summary])).toEqual([['a1', 'X'], ['a2', 'Y']]);
    expect(found[0]?.object.raw).toContain('X-KEEP:1');
  });

  it('answers a window with single events in it and every open series', () => {
    store.replaceResource('a1', 'cal', 'in.ics', objects('in.ics', vevent('UID:in', 'DTSTART:20240515T100000Z', 'SUMMARY:In')));
    store.replaceResource('a1', 'cal', 'out.ics', objects('out.ics', vevent('UID:out', 'DTSTART:20230515T100000Z', 'SUMMARY:Out')));
    store.replaceResource('a1', 'cal', 'series.ics', objects('series.ics', vevent('UID:series', 'DTSTART:20200106T090000Z', 'DURATION:PT30M', 'RRULE:FREQ=WEEKLY', 'SUMMARY:Weekly')));
    expect(store.objectsFor(may).map((o) => o.uid).sort()).toEqual(['in', 'series']);
    const { instances } = store.occurrences({ startMs: Date.parse('2024-05-13T00:00:00Z'), endMs: Date.parse('2024-05-16T00:00:00Z') }, { userZone: 'UTC' });
    expect(instances.map((i) => i.item.summary)).toEqual(['Weekly', 'In']);
  });

  it('removes a resource, a calendar or an account and names what went', () => {
    store.replaceResource('a1', 'cal', 'cal/a.ics', objects('cal/a.ics', vevent('UID:a', 'DTSTART:20240515T100000Z')));
    store.replaceResource('a1', 'cal', 'cal/b.ics', objects('cal/b.ics', vevent('UID:b', 'DTSTART:20240515T100000Z')));
    store.replaceResource('a1', 'other', 'other/c.ics', objects('other/c.ics', vevent('UID:c', 'DTSTART:20240515T100000Z')));
    expect(store.removeResource('a1', 'cal/a.ics').map((c) => c.uid)).toEqual(['a']);
    expect(store.removeCalendar('a1', 'cal').map((c) => c.uid)).toEqual(['b']);
    expect(store.removeAccount('a1').map((c) => c.uid)).toEqual(['c']);
    expect(store.objectsFor(may)).toEqual([]);
  });
});
