// The Google Calendar watcher's incremental sync (sync tokens, and the full resync a 410 Gone
// asks for) and the respond executor, against a stand-in that speaks the Calendar API's wire
// format for exactly those parts, because the Google emulator has none of them (see
// test/servers/gcal-standin.ts). Stored into a real (in-memory) engine database through the
// ItemSink, and read back from the event store as the detectors see it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountConnection, PresenceState } from '../../shared/domain/types.js';
import type { StoredAccount } from '../../electron/engine/accounts/account-store.js';
import { createGcalWatcher } from '../../electron/engine/connectors/gcal/index.js';
import { endpointsAt } from '../../electron/engine/connectors/google/endpoints.js';
import { executorFor } from '../../electron/engine/connectors/registry.js';
import type { ExecutionContext, PresenceView, Watcher } from '../../electron/engine/connectors/types.js';
import { SqliteStepJournal } from '../../electron/engine/actions/step-journal.js';
import { systemClock } from '../../electron/engine/clock.js';
import { actors } from '../../electron/engine/gate/facts.js';
import type { EventKindStore, NewEventResource } from '../../electron/engine/items/event/index.js';
import { createItemSink } from '../../electron/engine/sync/ingest.js';
import { memoryParts, type MemoryParts } from '../../electron/engine/testing/memory-engine-parts.js';
import { GcalStandin } from '../servers/gcal-standin.js';
import { waitUntil } from '../wait-until.js';

const ME = 'emma.johnson@bluesparrowtech.com';
const ZONE = 'America/New_York';

class FakePresence implements PresenceView {
  current: PresenceState = 'active';
  private readonly listeners = new Set<(state: PresenceState) => void>();
  onChange(listener: (state: PresenceState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  set(state: PresenceState): void {
    this.current = state;
    for (const listener of this.listeners) listener(state);
  }
}

const series = {
  id: 'weekly',
  iCalUID: 'weekly@google.com',
  status: 'confirmed',
  summary: 'Weekly review',
  start: { dateTime: '2024-05-14T10:00:00-04:00', timeZone: ZONE },
  end: { dateTime: '2024-05-14T11:00:00-04:00', timeZone: ZONE },
  recurrence: ['RRULE:FREQ=WEEKLY;COUNT=6'],
  organizer: { email: 'ana.lopez@example.org' },
  attendees: [
    { email: 'ana.lopez@example.org', organizer: true, responseStatus: 'accepted' },
    { email: ME, self: true, responseStatus: 'needsAction' },
  ],
};
const single = { id: 'dentist', status: 'confirmed', summary: 'Dentist', start: { dateTime: '2024-05-16T16:00:00Z' }, end: { dateTime: '2024-05-16T17:00:00Z' } };

let parts: MemoryParts;
let standin: GcalStandin;
let watcher: Watcher | null = null;
let account: StoredAccount<'gcal'>;
let reports: AccountConnection[];

beforeEach(async () => {
  parts = memoryParts();
  standin = new GcalStandin('work@group.calendar.google.com');
  await standin.start();
  standin.put(series);
  standin.put(single);
  account = parts.accounts.insert<'gcal'>({ kind: 'gcal', email: ME, displayName: '', settings: { clientId: 'steward-test', scopes: [] } });
  reports = [];
});

afterEach(async () => {
  await watcher?.stop();
  watcher = null;
  await standin?.stop();
});

const credentials = { password: () => Promise.reject(new Error('no password')), secret: () => Promise.reject(new Error('no secret')), accessToken: () => Promise.resolve('stand-in-token') };

function watch(presence: PresenceView = new FakePresence()): void {
  const store = parts.stores.event as EventKindStore;
  watcher = createGcalWatcher(
    {
      account,
      credentials,
      sink: createItemSink<NewEventResource, ReturnType<EventKindStore['getMany']>[number]>(parts.ingest, account.id, store),
      report: (connection) => reports.push({ ...(reports.at(-1) ?? {}), ...connection } as AccountConnection),
      now: () => new Date('2024-05-15T13:00:00Z'),
      db: parts.db,
      presence,
    },
    { endpoints: () => endpointsAt(standin.origin) },
  );
  watcher.start();
}

function stored(href: string) {
  return (parts.stores.event as EventKindStore).events.objectsAt(account.id, href)[0];
}

/** Asks for a poll now and waits until its result is stored. */
async function polled(what: string, done: () => boolean): Promise<void> {
  watcher?.syncNow();
  await waitUntil(what, done, 10_000);
}

describe('Google Calendar watcher with sync tokens (stand-in)', () => {
  it('lists in full once, then only changes from its token; a changed and a cancelled instance become an override and an EXDATE', async () => {
    watch();
    await waitUntil('connected', () => reports.at(-1)?.state === 'connected' && stored('dentist') !== undefined, 10_000);
    expect(stored('weekly')?.master?.recurrence?.rules).toEqual(['FREQ=WEEKLY;COUNT=6']);
    expect(standin.requests.find((r) => r.includes('/events'))).toMatch(/timeMin=.*showDeleted=true/);

    standin.put({ id: 'weekly_20240521T140000Z', recurringEventId: 'weekly', iCalUID: 'weekly@google.com', status: 'confirmed', summary: 'Weekly review (moved)', originalStartTime: { dateTime: '2024-05-21T10:00:00-04:00', timeZone: ZONE }, start: { dateTime: '2024-05-21T15:00:00-04:00', timeZone: ZONE }, end: { dateTime: '2024-05-21T16:00:00-04:00', timeZone: ZONE } });
    standin.put({ id: 'weekly_20240528T140000Z', recurringEventId: 'weekly', status: 'cancelled', originalStartTime: { dateTime: '2024-05-28T10:00:00-04:00', timeZone: ZONE } });
    await polled('the override', () => stored('weekly')?.overrides.length === 1);
    expect(standin.requests.filter((r) => r.includes('/events')).at(-1)).toMatch(/syncToken=t2/);
    const weekly = stored('weekly');
    expect(weekly?.overrides.map((o) => o.summary)).toEqual(['Weekly review (moved)']);
    expect(weekly?.master?.recurrence?.exdates).toEqual([{ kind: 'zoned', local: '2024-05-28T10:00:00', tzid: ZONE }]);

    standin.put({ id: 'dentist', status: 'cancelled' });
    await polled('the dentist gone', () => stored('dentist') === undefined);
    expect(stored('dentist')).toBeUndefined();
    expect(parts.db.prepare("SELECT present FROM items WHERE account_id = ? AND external_id = 'dentist'").get(account.id)).toEqual({ present: 0 });
  });

  it('lists everything again when Google answers 410 Gone, and drops what is no longer there', async () => {
    watch();
    await waitUntil('connected', () => reports.at(-1)?.state === 'connected' && stored('dentist') !== undefined, 10_000);
    standin.forget('dentist');
    standin.expireTokens();
    await polled('the dentist gone', () => stored('dentist') === undefined);
    const lastTwo = standin.requests.filter((r) => r.includes('/events')).slice(-2);
    expect(lastTwo[0]).toMatch(/syncToken=/);
    expect(lastTwo[1]).toMatch(/timeMin=/);
    expect(stored('dentist')).toBeUndefined();
    expect(stored('weekly')).toBeDefined();
    expect(reports.at(-1)).toMatchObject({ state: 'connected', lastError: null });
  });

  it('answers an invitation with events.patch on the user’s attendee entry, and undo sets the previous answer again', async () => {
    watch();
    await waitUntil('connected', () => reports.at(-1)?.state === 'connected' && stored('weekly') !== undefined, 10_000);
    const respond = executorFor('gcal', 'calendar.respond');
    if (!respond) throw new Error('no respond executor');
    const context: ExecutionContext<'gcal'> = { account, credentials, journal: new SqliteStepJournal(parts.db, systemClock), db: parts.db };
    const args = { eventId: 'weekly', answer: 'accepted', recurrenceId: null };
    const step = { actionId: 'act-respond', suggestionId: 's-1', capability: 'calendar.respond' as const, app: 'gcal' as const, accountId: account.id, title: 'Accept', args };
    const previousOrigin = process.env.STEWARD_GOOGLE_ORIGIN;
    process.env.STEWARD_GOOGLE_ORIGIN = standin.origin;
    try {
      const outcome = await respond.execute(parts.gate.authorize(step, actors.user('ui'), actors.user('ui')), args, context);
      expect(outcome.summary).toBe('Answered "Weekly review": accepted');
      expect(standin.requests.at(-1)).toMatch(/^PATCH .*\/events\/weekly\?sendUpdates=all$/);
      const mine = () => (standin.get('weekly')?.attendees as { email: string; responseStatus: string }[]).find((a) => a.email === ME)?.responseStatus;
      expect(mine()).toBe('accepted');
      expect(await respond.reconcile('act-respond', args, context)).toMatchObject({ undo: null });

      await respond.undo(parts.gate.authorizeUndo(step, actors.user('ui')), args, outcome.undo, context);
      expect(mine()).toBe('needsAction');
    } finally {
      if (previousOrigin === undefined) delete process.env.STEWARD_GOOGLE_ORIGIN;
      else process.env.STEWARD_GOOGLE_ORIGIN = previousOrigin;
    }
  });
});

describe('Google Calendar watcher, pace and calendar list (stand-in)', () => {
  it('checks at once when the user comes back to the keyboard', async () => {
    const presence = new FakePresence();
    presence.current = 'idle';
    watch(presence);
    await waitUntil('connected', () => stored('dentist') !== undefined, 10_000);
    standin.put({ ...single, summary: 'Dentist (moved)' });
    // Idle checks once a minute; coming back asks now.
    presence.set('active');
    await waitUntil('the change', () => stored('dentist')?.master?.summary === 'Dentist (moved)', 10_000);
  });

  it('drops a calendar the user took off their calendar list, with its events', async () => {
    watch();
    await waitUntil('connected', () => stored('dentist') !== undefined, 10_000);
    standin.listed = false;
    watcher?.syncNow();
    await waitUntil('the calendar gone', () => stored('dentist') === undefined && stored('weekly') === undefined, 10_000);
    expect(parts.db.prepare('SELECT COUNT(*) AS n FROM gcal_events WHERE account_id = ?').get(account.id)).toEqual({ n: 0 });
    await waitUntil('the removal in the status', () => reports.at(-1)?.state === 'connected' && reports.at(-1)?.lastError !== null, 10_000);
    expect(reports.at(-1)?.lastError).toBe('The calendar "work@group.calendar.google.com" (2 events) is no longer in your Google calendar list, so Steward removed its events too.');
  });

  it('says in words when Google no longer accepts the sign-in, and how to sign in again, then waits', async () => {
    standin.refuseSignIn = true;
    watch();
    await waitUntil('the refusal', () => reports.at(-1)?.state === 'auth_failed', 10_000);
    expect(reports.at(-1)?.lastError).toBe(
      `Steward could not sync your Google Calendar for ${ME}: Google no longer accepts Steward's sign-in (it was revoked, expired or the password changed). Sign in to Google again: Settings → Accounts → Sign in again, or \`steward accounts add gcal\`.`,
    );
    // Tried again once with a renewed token, then no more requests on a timer.
    expect(standin.requests).toHaveLength(2);
    const requests = standin.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(standin.requests.length).toBe(requests);
  });
});
