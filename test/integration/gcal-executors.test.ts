// Google Calendar's calendar.create as the action runner uses it (looked up by kind and
// capability, given the gate's tickets), against the Google emulator: the event seen through the
// Calendar API as another client sees it (tentative, nobody invited), and undo deleting exactly
// that event and nothing else. (calendar.respond needs events.patch, which the emulator lacks: it
// is tested against the stand-in in gcal-watcher.test.ts.)
import { randomUUID } from 'node:crypto';
import type { calendar_v3 } from '@googleapis/calendar';
import { beforeEach, describe, expect, it } from 'vitest';
import type { StoredAccount } from '../../electron/engine/accounts/account-store.js';
import { SqliteStepJournal } from '../../electron/engine/actions/step-journal.js';
import { systemClock } from '../../electron/engine/clock.js';
import { executorFor } from '../../electron/engine/connectors/registry.js';
import type { ExecutionContext, Executor } from '../../electron/engine/connectors/types.js';
import { actors } from '../../electron/engine/gate/facts.js';
import { memoryParts } from '../../electron/engine/testing/memory-engine-parts.js';
import { createGmailUser } from '../fixtures.js';
import { peerCalendar } from '../servers/gcal-peer.js';

const parts = memoryParts();
let peer: calendar_v3.Calendar;
let context: ExecutionContext<'gcal'>;

beforeEach(async () => {
  const user = await createGmailUser();
  peer = peerCalendar(user);
  const account: StoredAccount<'gcal'> = { id: `acc-${randomUUID()}`, kind: 'gcal', email: user.email, displayName: '', settings: { clientId: 'steward-test', scopes: [] }, createdAt: new Date().toISOString() };
  context = {
    account,
    credentials: { password: () => Promise.reject(new Error('no password')), secret: () => Promise.reject(new Error('no secret')), accessToken: () => Promise.resolve(user.accessToken) },
    journal: new SqliteStepJournal(parts.db, systemClock),
    db: parts.db,
  };
});

function createExecutor(): Executor {
  const found = executorFor('gcal', 'calendar.create');
  if (!found) throw new Error('no calendar.create executor for gcal');
  return found;
}

async function summaries(): Promise<string[]> {
  const listed = await peer.events.list({ calendarId: 'primary', maxResults: 250 });
  return (listed.data.items ?? []).map((event) => `${event.summary ?? ''} (${event.status ?? ''})`);
}

describe('Google Calendar executors (emulator)', () => {
  it('adds a tentative event, and undo deletes exactly that event', async () => {
    await peer.events.insert({ calendarId: 'primary', requestBody: { summary: 'Theirs', start: { dateTime: '2024-05-16T14:00:00Z' }, end: { dateTime: '2024-05-16T15:00:00Z' } } });
    const args = { calendarId: 'primary', event: { summary: 'Focus: quarterly report', start: { kind: 'zoned', local: '2024-05-16T09:00:00', tzid: 'America/New_York' }, end: { kind: 'zoned', local: '2024-05-16T11:00:00', tzid: 'America/New_York' }, status: 'tentative' } };
    const step = { actionId: randomUUID(), suggestionId: 's-1', capability: 'calendar.create' as const, app: 'gcal' as const, accountId: context.account.id, title: 'Add', args };

    const outcome = await createExecutor().execute(parts.gate.authorize(step, actors.user('ui'), actors.user('ui')), args, context);
    expect(outcome.summary).toBe('Added "Focus: quarterly report" as tentative');
    expect(await summaries()).toEqual(expect.arrayContaining(['Theirs (confirmed)', 'Focus: quarterly report (tentative)']));
    const listed = await peer.events.list({ calendarId: 'primary', q: 'Focus' });
    expect(listed.data.items?.[0]?.start?.dateTime).toBe('2024-05-16T13:00:00Z');

    const undone = await createExecutor().undo(parts.gate.authorizeUndo(step, actors.user('ui')), args, outcome.undo, context);
    expect(undone.summary).toBe('Removed "Focus: quarterly report" again');
    expect(await summaries()).toEqual(['Theirs (confirmed)']);
  });

  it('refuses an event that mixes a date and a time, in words, and adds nothing', async () => {
    const args = { calendarId: 'primary', event: { summary: 'Odd', start: { kind: 'date', date: '2024-05-16' }, end: { kind: 'utc', iso: '2024-05-16T10:00:00Z' } } };
    const step = { actionId: randomUUID(), suggestionId: 's-1', capability: 'calendar.create' as const, app: 'gcal' as const, accountId: context.account.id, title: 'Add', args };
    await expect(createExecutor().execute(parts.gate.authorize(step, actors.user('ui'), actors.user('ui')), args, context)).rejects.toThrow(/same kind of time/);
    expect(await summaries()).toEqual([]);
  });
});
