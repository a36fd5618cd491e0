/**
 * Google Calendar as a connector, the whole path inside a real engine against the Google emulator
 * with the AgentDojo workspace calendar loaded and the real keychain: signed in through the API
 * (the browser's part scripted on the emulator's consent page) → the calendars synced → the coming
 * events listed → the dataset's double booking pointed out → an event added by Steward and
 * deleted again on undo, seen through the Calendar API as another client sees it.
 *
 * The emulator (@emulators/google 0.4.1) gives no sync token, so this exercises the watcher's
 * windowed full listing; the sync-token path is in gcal-watcher.test.ts against a stand-in.
 */
import type { calendar_v3 } from '@googleapis/calendar';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineApi } from '../../shared/api/contract.js';
import type { Account, Suggestion } from '../../shared/domain/types.js';
import { ManualClock } from '../../electron/engine/testing/memory-engine-parts.js';
import { loadWorkspace } from '../datasets/agentdojo.js';
import { WORKSPACE_ZONE } from '../datasets/agentdojo-calendar.js';
import { startTestEngine, type EngineHarness } from '../engine-fixture.js';
import { createGmailUser } from '../fixtures.js';
import { signInGmail, testClientId } from '../gmail-fixture.js';
import { loadWorkspaceCalendar, peerCalendar } from '../servers/gcal-peer.js';
import { consentAs } from '../servers/google-consent.js';
import type { GmailTestUser } from '../servers/gmail-peer.js';
import { waitUntil } from '../wait-until.js';

const workspace = loadWorkspace();
/** 09:00 in New York on the dataset's current day (2024-05-15). */
const DATASET_NOW = new Date('2024-05-15T13:00:00Z');

let harness: EngineHarness | null = null;
afterEach(async () => {
  await harness?.dispose();
  harness = null;
});

interface Setup {
  readonly api: EngineApi;
  readonly user: GmailTestUser;
  readonly peer: calendar_v3.Calendar;
  readonly account: Account;
}

async function signedInWithCalendar(): Promise<Setup> {
  const user = await createGmailUser({ name: workspace.userName });
  const peer = peerCalendar(user);
  await loadWorkspaceCalendar(peer, workspace, WORKSPACE_ZONE);
  harness = startTestEngine({ clock: new ManualClock(DATASET_NOW) });
  const api = harness.engine.apiFor('ui');
  await api.setConfig({ key: 'user.timeZone', value: WORKSPACE_ZONE });
  const start = await api.beginSignIn({ kind: 'gcal', email: user.email, clientId: testClientId() });
  const [added] = await Promise.all([api.completeSignIn({ signInId: start.signInId }), consentAs(start.url, user.email)]);
  expect(added).toMatchObject({ kind: 'gcal', email: user.email });
  const account = await waitUntil(
    'the first calendar sync',
    async () => {
      const [found] = await api.listAccounts();
      return found?.connection.state === 'connected' && found.connection.lastSyncAt ? found : undefined;
    },
    60_000,
  );
  return { api, user, peer, account };
}

async function suggestionWhere(api: EngineApi, what: string, predicate: (s: Suggestion) => boolean): Promise<Suggestion> {
  return waitUntil(what, async () => (await api.listSuggestions()).find(predicate), 20_000);
}

describe('a Google Calendar in the engine', () => {
  it('syncs the workspace calendar and lists the coming events, soonest first', async () => {
    const { api, account } = await signedInWithCalendar();
    expect(account.connection.lastError).toBeNull();
    const titles = (await api.listEvents({ days: 7 })).map((event) => event.title);
    expect(titles.slice(0, 3)).toEqual(['Team Sync', 'Lunch with Sarah', 'Introductory meeting']);
    expect(titles).toContain('Client Presentation');
    expect(titles).not.toContain('Board Meeting'); // 23 May: beyond 7 days
    const status = await api.getStatus();
    expect(status.day?.next).toEqual({ title: 'Team Sync', start: '2024-05-15T14:00:00.000Z' });
  });

  it('points out the double booking in the dataset, naming both events', async () => {
    const { api } = await signedInWithCalendar();
    const conflict = await suggestionWhere(api, 'the double booking', (s) => s.kind === 'conflict');
    // Both start at 14:00; which is named first follows the event ids, which Google chose.
    expect(conflict.title).toMatch(/^Double-booked Fri 14:00: (Client Presentation and Moved: Clientcorp Presentation|Moved: Clientcorp Presentation and Client Presentation)$/);
    expect(conflict.why).toContain('overlaps');
  });

  it('proposes answering an invitation, as a calendar.respond step on the Google account', async () => {
    const { api, peer, account } = await signedInWithCalendar();
    await peer.events.insert({
      calendarId: 'primary',
      requestBody: {
        summary: 'Design review',
        start: { dateTime: '2024-05-16T14:00:00Z' },
        end: { dateTime: '2024-05-16T15:00:00Z' },
        attendees: [
          { email: 'ana.lopez@example.org', displayName: 'Ana Lopez', organizer: true, responseStatus: 'accepted' },
          { email: account.email, self: true, responseStatus: 'needsAction' },
        ],
      },
    });
    await api.reportPresence({ state: 'resumed' });
    const rsvp = await suggestionWhere(api, 'the RSVP suggestion', (s) => s.kind === 'rsvp');
    expect(rsvp.title).toBe('Accept Design review, Thu 10:00?');
    expect(rsvp.actions[0]).toMatchObject({ capability: 'calendar.respond', app: 'gcal' });
  });

  it('removing the Google Calendar account leaves the shared Google sign-in to the Gmail account of the same address', async () => {
    const { api, user, account } = await signedInWithCalendar();
    const { account: gmail } = await signInGmail(api, user, { clientId: account.kind === 'gcal' ? account.settings.clientId : '' });
    const removed = await api.removeAccount({ id: account.id });
    expect(removed.warning).toBeUndefined();
    const [entry] = (await api.listLedger()).filter((e) => e.kind === 'account.removed');
    expect(entry?.summary).toBe(`Removed ${user.email}; its sign-in stays allowed, since the Gmail account of the same address signs in with it`);
    expect((await api.listAccounts()).map((a) => a.id)).toEqual([gmail.id]);
  });

  it('notices an event another client added, and one it deleted, at the next check', async () => {
    const { api, peer } = await signedInWithCalendar();
    const added = await peer.events.insert({
      calendarId: 'primary',
      requestBody: { summary: 'Dentist', start: { dateTime: '2024-05-16T20:00:00Z' }, end: { dateTime: '2024-05-16T21:00:00Z' } },
    });
    await api.reportPresence({ state: 'resumed' });
    await waitUntil('the new event', async () => (await api.listEvents({ days: 7 })).some((event) => event.title === 'Dentist'), 20_000);
    await peer.events.delete({ calendarId: 'primary', eventId: added.data.id ?? '' });
    await api.reportPresence({ state: 'resumed' });
    await waitUntil('the event gone', async () => !(await api.listEvents({ days: 7 })).some((event) => event.title === 'Dentist'), 20_000);
  });
});
