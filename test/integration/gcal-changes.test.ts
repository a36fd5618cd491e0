// Google Calendar's calendar.update, calendar.cancel and the answer to one occurrence of a series,
// as the action runner uses them (looked up by kind and capability, given the gate's tickets),
// against the Calendar stand-in: the Google emulator has no events.patch, events.update or
// events.instances, and no etags (test/servers/gcal-standin.ts speaks Google's wire behaviour
// for them, If-Match → 412 included). The events are in the account's event table as the
// watcher stores them.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredAccount } from '../../electron/engine/accounts/account-store.js';
import { SqliteStepJournal } from '../../electron/engine/actions/step-journal.js';
import { systemClock } from '../../electron/engine/clock.js';
import { GcalEventTable } from '../../electron/engine/connectors/gcal/event-table.js';
import { executorFor } from '../../electron/engine/connectors/registry.js';
import type { ExecutionContext, Executor } from '../../electron/engine/connectors/types.js';
import { actors } from '../../electron/engine/gate/facts.js';
import type { CapabilityId } from '../../shared/domain/capabilities.js';
import { memoryParts, type MemoryParts } from '../../electron/engine/testing/memory-engine-parts.js';
import { GcalStandin, type StandinEvent } from '../servers/gcal-standin.js';

const ME = 'emma.johnson@bluesparrowtech.com';
const ZONE = 'America/New_York';
const CALENDAR = 'work@group.calendar.google.com';

const dentist = { id: 'dentist', status: 'confirmed', summary: 'Dentist', organizer: { email: ME, self: true }, start: { dateTime: '2024-05-16T16:00:00Z' }, end: { dateTime: '2024-05-16T17:00:00Z' } };
const planning = {
  id: 'planning',
  status: 'confirmed',
  summary: 'Planning',
  organizer: { email: ME, self: true },
  start: { dateTime: '2024-05-17T14:00:00Z' },
  end: { dateTime: '2024-05-17T15:00:00Z' },
  attendees: [
    { email: ME, self: true, organizer: true, responseStatus: 'accepted' },
    { email: 'bob.wilson@example.org', responseStatus: 'accepted' },
  ],
};
const weekly = {
  id: 'weekly',
  iCalUID: 'weekly@google.com',
  status: 'confirmed',
  summary: 'Weekly review',
  start: { dateTime: '2024-05-14T10:00:00-04:00', timeZone: ZONE },
  end: { dateTime: '2024-05-14T11:00:00-04:00', timeZone: ZONE },
  recurrence: ['RRULE:FREQ=WEEKLY;COUNT=6'],
  organizer: { email: 'ana.lopez@example.org', displayName: 'Ana Lopez' },
  attendees: [
    { email: 'ana.lopez@example.org', organizer: true, responseStatus: 'accepted' },
    { email: ME, self: true, responseStatus: 'needsAction' },
  ],
};

let parts: MemoryParts;
let standin: GcalStandin;
let context: ExecutionContext<'gcal'>;
let previousOrigin: string | undefined;

beforeEach(async () => {
  parts = memoryParts();
  standin = new GcalStandin(CALENDAR);
  previousOrigin = process.env.STEWARD_GOOGLE_ORIGIN;
  process.env.STEWARD_GOOGLE_ORIGIN = await standin.start();
  const account: StoredAccount<'gcal'> = parts.accounts.insert<'gcal'>({ kind: 'gcal', email: ME, displayName: '', settings: { clientId: 'steward-test', scopes: [] } });
  // What the watcher stores: the events as Google sent them, with their etags.
  new GcalEventTable(parts.db, account.id).put(CALENDAR, [dentist, planning, weekly].map((event) => standin.put(event)));
  context = {
    account,
    credentials: { password: () => Promise.reject(new Error('no password')), secret: () => Promise.reject(new Error('no secret')), accessToken: () => Promise.resolve('stand-in-token') },
    journal: new SqliteStepJournal(parts.db, systemClock),
    db: parts.db,
  };
});

afterEach(async () => {
  if (previousOrigin === undefined) delete process.env.STEWARD_GOOGLE_ORIGIN;
  else process.env.STEWARD_GOOGLE_ORIGIN = previousOrigin;
  await standin.stop();
});

function executor(capability: CapabilityId): Executor {
  const found = executorFor('gcal', capability);
  if (!found) throw new Error(`no ${capability} executor for gcal`);
  return found;
}

/** Runs a step as the action runner does: a ticket for it, then undo with an undo ticket. */
function stepOf(capability: CapabilityId, args: unknown) {
  const step = { actionId: randomUUID(), suggestionId: 's-1', capability, app: 'gcal' as const, accountId: context.account.id, title: capability, args };
  return {
    execute: () => executor(capability).execute(parts.gate.authorize(step, actors.user('ui'), actors.user('ui')), args, context),
    undo: (undo: unknown) => executor(capability).undo(parts.gate.authorizeUndo(step, actors.user('ui')), args, undo, context),
    reconcile: () => executor(capability).reconcile(step.actionId, args, context),
  };
}

function event(id: string): StandinEvent {
  const found = standin.get(id);
  if (!found) throw new Error(`${id} is not on the stand-in`);
  return found;
}

function myAnswer(id: string): unknown {
  return (event(id).attendees as { email: string; responseStatus: string }[]).find((attendee) => attendee.email === ME)?.responseStatus;
}

describe('Google Calendar: change an event (stand-in)', () => {
  it('changes only the fields given, conditionally on the etag; undo puts the earlier version back', async () => {
    const seen = event('dentist').etag as string;
    const step = stepOf('calendar.update', { eventId: 'dentist', expectedEtag: seen, changes: { summary: 'Dentist (Dr Lee)', start: { kind: 'utc', iso: '2024-05-16T18:00:00Z' }, end: { kind: 'utc', iso: '2024-05-16T19:00:00Z' } } });

    const outcome = await step.execute();
    expect(outcome.summary).toBe('Changed "Dentist (Dr Lee)"');
    expect(standin.requests.at(-1)).toBe('PATCH /calendar/v3/calendars/work%40group.calendar.google.com/events/dentist?sendUpdates=none');
    expect(event('dentist')).toMatchObject({ summary: 'Dentist (Dr Lee)', start: { dateTime: '2024-05-16T18:00:00Z' } });
    expect(event('dentist').etag).not.toBe(seen);
    expect(await step.reconcile()).toMatchObject({ undo: null });

    const undone = await step.undo(outcome.undo);
    expect(undone.summary).toBe('Put back "Dentist" as it was');
    expect(standin.requests.at(-1)).toMatch(/^PUT .*\/events\/dentist\?sendUpdates=none$/);
    expect(event('dentist')).toMatchObject({ summary: 'Dentist', start: { dateTime: '2024-05-16T16:00:00Z' }, end: { dateTime: '2024-05-16T17:00:00Z' }, status: 'confirmed' });
  });

  it('finds its own change on a retry (the step was cut short after Google wrote it), and writes nothing twice', async () => {
    const seen = event('dentist').etag as string;
    const step = stepOf('calendar.update', { eventId: 'dentist', expectedEtag: seen, changes: { summary: 'Dentist (Dr Lee)' } });
    await step.execute();
    const written = event('dentist').etag;
    const retry = await step.execute();
    expect(retry).toEqual({ summary: '"Dentist (Dr Lee)" was already changed', undo: null });
    expect(event('dentist').etag).toBe(written);
  });

  it('writes nothing when the event changed since the user saw it', async () => {
    const seen = event('dentist').etag as string;
    standin.put({ ...event('dentist'), location: 'Main St 4' });
    const step = stepOf('calendar.update', { eventId: 'dentist', expectedEtag: seen, changes: { summary: 'Dentist (Dr Lee)' } });
    await expect(step.execute()).rejects.toThrow('"Dentist" was changed in Google Calendar since Steward looked at it, so nothing was written. Look at it again.');
    expect(event('dentist')).toMatchObject({ summary: 'Dentist', location: 'Main St 4' });
  });

  it('refuses undo when someone changed the event after Steward did, and keeps their change', async () => {
    const step = stepOf('calendar.update', { eventId: 'dentist', expectedEtag: null, changes: { summary: 'Dentist (Dr Lee)' } });
    const outcome = await step.execute();
    // The user's phone moves it to another room after Steward's change.
    standin.put({ ...event('dentist'), location: 'Room 2' });

    await expect(step.undo(outcome.undo)).rejects.toThrow(
      `"Dentist" was changed after Steward's change (by someone else or in another app), so undo left it as it is rather than overwrite that.`,
    );
    expect(event('dentist')).toMatchObject({ summary: 'Dentist (Dr Lee)', location: 'Room 2' });
  });

  it('refuses to change an event with other guests, since they would have to be told', async () => {
    const step = stepOf('calendar.update', { eventId: 'planning', expectedEtag: null, changes: { location: 'Room 9' } });
    await expect(step.execute()).rejects.toThrow('"Planning" has other guests (bob.wilson@example.org); changing it would mean telling them, which this change does not do. Nothing was changed.');
    expect(event('planning').location).toBeUndefined();
  });
});

describe('Google Calendar: cancel an event (stand-in)', () => {
  it('refuses to cancel an event the user does not organise, with the reason, and changes nothing', async () => {
    const before = event('weekly').etag;
    const step = stepOf('calendar.cancel', { eventId: 'weekly', expectedEtag: null });
    await expect(step.execute()).rejects.toThrow('You do not organise "Weekly review" (Ana Lopez does), so Steward will not cancel it for everyone. Decline the invitation instead. Nothing was changed.');
    expect(event('weekly')).toMatchObject({ status: 'confirmed', etag: before });
  });

  it('cancels an event the user organises, telling the guests; undo brings it back and tells them again', async () => {
    const step = stepOf('calendar.cancel', { eventId: 'planning', expectedEtag: event('planning').etag });
    const outcome = await step.execute();
    expect(outcome.summary).toBe('Cancelled "Planning"; Google told 1 guest(s)');
    expect(standin.requests.at(-1)).toMatch(/^PATCH .*\/events\/planning\?sendUpdates=all$/);
    expect(event('planning').status).toBe('cancelled');
    expect(await step.reconcile()).toMatchObject({ summary: 'Cancelled the event (found done after an interruption; undo is not available for it)' });

    const undone = await step.undo(outcome.undo);
    expect(undone.summary).toBe('Put back "Planning" as it was; Google told the guests it is on again');
    expect(standin.requests.at(-1)).toMatch(/^PUT .*\/events\/planning\?sendUpdates=all$/);
    expect(event('planning')).toMatchObject({ status: 'confirmed', summary: 'Planning', attendees: planning.attendees });
  });

  it('says undo is not available when Google no longer keeps the cancelled event', async () => {
    const step = stepOf('calendar.cancel', { eventId: 'planning', expectedEtag: null });
    const outcome = await step.execute();
    standin.forget('planning');
    await expect(step.undo(outcome.undo)).rejects.toThrow('Google no longer keeps "Planning", so undo is not available for it. Add it again yourself if you still want it.');
  });
});

describe('Google Calendar: answer one occurrence of a series (stand-in)', () => {
  it('answers only that occurrence (its instance), and undo sets the previous answer on it again', async () => {
    const step = stepOf('calendar.respond', { eventId: 'weekly', answer: 'declined', recurrenceId: { kind: 'zoned', local: '2024-05-21T10:00:00', tzid: ZONE } });
    const outcome = await step.execute();
    expect(outcome.summary).toBe('Answered "Weekly review": declined');
    expect(standin.requests).toContain('GET /calendar/v3/calendars/work%40group.calendar.google.com/events/weekly/instances?originalStart=2024-05-21T14%3A00%3A00Z&maxResults=10');
    expect(standin.requests.at(-1)).toMatch(/^PATCH .*\/events\/weekly_20240521T140000Z\?sendUpdates=all$/);
    // The occurrence is an exception of the series now; the series and the other weeks keep no answer.
    expect(myAnswer('weekly_20240521T140000Z')).toBe('declined');
    expect(event('weekly_20240521T140000Z')).toMatchObject({ recurringEventId: 'weekly', originalStartTime: { dateTime: '2024-05-21T14:00:00Z' } });
    expect(myAnswer('weekly')).toBe('needsAction');
    expect(await step.reconcile()).toMatchObject({ undo: null });

    await step.undo(outcome.undo);
    expect(myAnswer('weekly_20240521T140000Z')).toBe('needsAction');
    expect(myAnswer('weekly')).toBe('needsAction');
  });

  it('says so when the series has no such occurrence, and answers nothing', async () => {
    const step = stepOf('calendar.respond', { eventId: 'weekly', answer: 'accepted', recurrenceId: { kind: 'zoned', local: '2024-05-22T10:00:00', tzid: ZONE } });
    await expect(step.execute()).rejects.toThrow('That occurrence is not in the series on Google Calendar any more (it was moved or cancelled). Nothing was changed.');
    expect(standin.requests.some((request) => request.startsWith('PATCH'))).toBe(false);
  });
});
