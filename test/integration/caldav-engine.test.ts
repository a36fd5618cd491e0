/**
 * CalDAV as a connector, the whole path inside a real engine against the run's real Radicale
 * with the AgentDojo workspace calendar loaded, the real keychain and the run's SMTP sink: the
 * account added and tested through the API → the calendar synced → events listed and the next
 * one in the status → an invitation becomes "Accept …? It conflicts with nothing" → approving
 * it changes the answer on the server and mails a REPLY to the organiser → undo answers again →
 * the dataset's double booking is pointed out → broken calendar data is reported in words and
 * loses nothing. Then the faults: a wrong password, a server that is down.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineApi } from '../../shared/api/contract.js';
import type { ApiError } from '../../shared/api/errors.js';
import type { CaldavAccountInput } from '../../shared/connectors/index.js';
import type { Account, Suggestion } from '../../shared/domain/types.js';
import { ManualClock } from '../../electron/engine/testing/memory-engine-parts.js';
import { loadWorkspace } from '../datasets/agentdojo.js';
import { WORKSPACE_ZONE, workspaceCalendarObjects } from '../datasets/agentdojo-calendar.js';
import { leaveUndoAsCutShort, startTestEngine, type EngineHarness } from '../engine-fixture.js';
import { createCalDavUser, smtpServer, waitForSmtpMail, type CalDavUser } from '../fixtures.js';
import { getIcs, makeCalendar, putIcs, seedIcsFiles } from '../servers/radicale.js';
import { waitUntil } from '../wait-until.js';
import { inject } from 'vitest';

const workspace = loadWorkspace();
/** 09:00 in New York on the dataset's current day (2024-05-15). */
const DATASET_NOW = new Date('2024-05-15T13:00:00Z');
const ORGANISER = 'ana.lopez@example.org';

let harness: EngineHarness | null = null;
afterEach(async () => {
  await harness?.dispose();
  harness = null;
});

function invitationIcs(owner: string): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Other calendar app//EN',
    'BEGIN:VEVENT',
    'UID:design-review-42@example.org',
    'DTSTAMP:20240514T120000Z',
    `DTSTART;TZID=${WORKSPACE_ZONE}:20240516T100000`,
    `DTEND;TZID=${WORKSPACE_ZONE}:20240516T110000`,
    'SUMMARY:Design review',
    'SEQUENCE:0',
    `ORGANIZER;CN=Ana Lopez:mailto:${ORGANISER}`,
    `ATTENDEE;CN=Ana Lopez;PARTSTAT=ACCEPTED;ROLE=CHAIR:mailto:${ORGANISER}`,
    `ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${owner}`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

interface Setup {
  readonly api: EngineApi;
  readonly user: CalDavUser;
  readonly calendarUrl: string;
  readonly invitationUrl: string;
  readonly account: Account;
}

function input(user: CalDavUser, more: Partial<CaldavAccountInput> = {}): CaldavAccountInput {
  const { host, port } = smtpServer();
  return {
    kind: 'caldav',
    url: user.url,
    username: user.user,
    password: user.password,
    email: workspace.accountEmail,
    smtp: { host, port, security: 'none' },
    ...more,
  };
}

/** A Radicale user with the workspace calendar and one invitation, added to a fresh engine, synced. */
async function connected(now = DATASET_NOW): Promise<Setup> {
  const user = await createCalDavUser();
  const calendarUrl = await makeCalendar(user, 'work', 'Work');
  for (const object of workspaceCalendarObjects(workspace)) await putIcs(user, calendarUrl, object.name, object.ics);
  const { url: invitationUrl } = await putIcs(user, calendarUrl, 'design-review.ics', invitationIcs(workspace.accountEmail));
  harness = startTestEngine({ clock: new ManualClock(now) });
  const api = harness.engine.apiFor('ui');
  await api.setConfig({ key: 'user.timeZone', value: WORKSPACE_ZONE });

  const test = await api.testAccount(input(user));
  expect(test.ok).toBe(true);
  expect(test.message).toContain('Work');

  await api.addAccount(input(user));
  const account = await waitUntil(
    'the first calendar sync',
    async () => {
      const [found] = await api.listAccounts();
      return found?.connection.state === 'connected' && found.connection.lastSyncAt ? found : undefined;
    },
    60_000,
  );
  return { api, user, calendarUrl, invitationUrl, account };
}

async function suggestionWhere(api: EngineApi, what: string, predicate: (s: Suggestion) => boolean): Promise<Suggestion> {
  return waitUntil(what, async () => (await api.listSuggestions()).find(predicate), 20_000);
}

function myPartstat(ics: string, address: string): string | undefined {
  const unfolded = ics.replace(/\r?\n[ \t]/g, '');
  const line = unfolded.split(/\r?\n/).find((l) => l.startsWith('ATTENDEE') && l.toLowerCase().includes(address.toLowerCase()));
  return /PARTSTAT=([A-Z-]+)/.exec(line ?? '')?.[1];
}

describe('a CalDAV calendar in the engine', () => {
  it('syncs the workspace calendar, lists the coming events and knows the next one', async () => {
    const { api } = await connected();
    const events = await api.listEvents({ days: 7 });
    const titles = events.map((event) => event.title);
    // From 09:00 on 15 May to 22 May: the dataset's events of that week, soonest first, and the invitation.
    expect(titles.slice(0, 4)).toEqual(['Team Sync', 'Lunch with Sarah', 'Introductory meeting', 'Design review']);
    expect(titles).toContain('Client Presentation');
    expect(titles).not.toContain('Board Meeting'); // 23 May: beyond 7 days
    const review = events.find((event) => event.title === 'Design review');
    expect(review?.myAnswer).toBe('needs-action');
    expect(review?.start).toBe('2024-05-16T14:00:00.000Z');

    const status = await api.getStatus();
    expect(status.day?.next).toEqual({ title: 'Team Sync', start: '2024-05-15T14:00:00.000Z' });
    expect(status.day?.inMeetingUntil).toBeNull();
  });

  it('proposes answering the invitation, sends the answer on approval, and undo answers again', async () => {
    const { api, user, invitationUrl } = await connected();
    const rsvp = await suggestionWhere(api, 'the RSVP suggestion', (s) => s.kind === 'rsvp');
    expect(rsvp.title).toBe('Accept Design review, Thu 10:00?');
    expect(rsvp.why).toContain('It conflicts with nothing');
    expect(rsvp.actions[0]?.capability).toBe('calendar.respond');
    const preview = rsvp.actions[0]?.preview;
    expect(preview?.kind === 'event' ? [preview.title, preview.undoNote] : []).toEqual(['Design review', 'Undo sends your previous answer again: the organiser sees both answers.']);

    const done = await api.approveSuggestion({ id: rsvp.id });
    expect(done.status).toBe('done');
    const after = await getIcs(user, invitationUrl);
    expect(myPartstat(after?.ics ?? '', workspace.accountEmail)).toBe('ACCEPTED');
    const reply = await waitForSmtpMail((mail) => mail.envelope.to.includes(ORGANISER) && mail.raw.includes('METHOD:REPLY') && mail.raw.includes('design-review-42'));
    expect(reply.raw).toContain('PARTSTAT=ACCEPTED');

    const undone = await api.undo({ id: rsvp.id });
    expect(undone.every((action) => action.status === 'undone')).toBe(true);
    const restored = await getIcs(user, invitationUrl);
    expect(myPartstat(restored?.ics ?? '', workspace.accountEmail)).toBe('NEEDS-ACTION');
  });

  it('after a crash in the middle of an undo, asks the calendar at start-up and records the undo it finds done', async () => {
    const { api, user, calendarUrl, invitationUrl } = await connected();
    const rsvp = await suggestionWhere(api, 'the RSVP suggestion', (s) => s.kind === 'rsvp');
    const [answer] = (await api.approveSuggestion({ id: rsvp.id })).actions;
    const h = harness!;
    await h.engine.stop();

    // The undo had put the earlier answer back on the server when the process died.
    const accepted = (await getIcs(user, invitationUrl))?.ics ?? '';
    const mine = (line: string) => line.startsWith('ATTENDEE') && line.toLowerCase().includes(workspace.accountEmail.toLowerCase());
    const answeredBefore = accepted
      .replace(/\r?\n[ \t]/g, '')
      .split('\r\n')
      .map((line) => (mine(line) ? line.replace('PARTSTAT=ACCEPTED', 'PARTSTAT=NEEDS-ACTION') : line))
      .join('\r\n');
    await putIcs(user, calendarUrl, 'design-review.ics', answeredBefore);
    expect(myPartstat((await getIcs(user, invitationUrl))?.ics ?? '', workspace.accountEmail)).toBe('NEEDS-ACTION');
    leaveUndoAsCutShort(h.dataDir, answer!.id);

    const api2 = h.restart().apiFor('ui');
    const undone = await waitUntil('the undo found done in the calendar', async () => {
      const s = await api2.getSuggestion({ id: rsvp.id });
      return s.actions[0]?.status === 'undone' ? s : undefined;
    }, 30_000);
    expect(undone.actions[0]).toMatchObject({ status: 'undone', canUndo: false });
    // Steward mails the organiser itself for this account: whether that mail left is not claimed.
    const entry = (await api2.listLedger({ limit: 20 })).find((e) => e.kind === 'action.undone');
    expect(entry?.summary).toBe('Put your earlier answer (needs-action) back (confirmed after an interruption; the organiser may not have been sent the mail about it)');
  });

  it('holds notifications below high urgency while the user is in a meeting', async () => {
    // 10:30 in New York: Team Sync (10:00 to 11:00) is under way.
    const { api } = await connected(new Date('2024-05-15T14:30:00Z'));
    expect((await api.getStatus()).day).toEqual({ next: { title: 'Lunch with Sarah', start: '2024-05-15T16:30:00.000Z' }, inMeetingUntil: '2024-05-15T15:00:00.000Z' });
    const rsvp = await suggestionWhere(api, 'the RSVP suggestion', (s) => s.kind === 'rsvp');
    const [entry] = (await api.listInterruptions()).filter((e) => e.suggestionId === rsvp.id);
    expect(entry).toMatchObject({ decision: 'held', hold: 'meeting', reason: 'held: you are in a meeting' });
  });

  it('points out the double booking in the dataset, naming both events', async () => {
    const { api } = await connected();
    const conflict = await suggestionWhere(api, 'the double booking', (s) => s.kind === 'conflict');
    expect(conflict.title).toBe('Double-booked Fri 14:00: Client Presentation and Moved: Clientcorp Presentation');
    expect(conflict.why).toContain('overlaps');
    // Both are Emma's own: nothing of hers is changed unasked.
    expect(conflict.actions).toHaveLength(0);
  });

  it('reports broken calendar data in words and keeps the event it had', async () => {
    const { api, user } = await connected();
    const before = (await api.listEvents({ days: 7 })).length;
    const { dir } = inject('radicale');
    // Another app wrote the Team Sync object back broken (an unknown zone, a cut-off file).
    await seedIcsFiles(dir, user.user, 'work', [
      { name: 'agentdojo-6.ics', ics: 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:agentdojo-6@bluesparrowtech.com\r\nDTSTART;TZID=Mars/Olympus:2024XX15\r\nSUMMARY:Team Sync\r\n' },
    ]);
    await api.reportPresence({ state: 'resumed' });
    const account = await waitUntil(
      'the problem in the account status',
      async () => {
        const [found] = await api.listAccounts();
        return found?.connection.lastError ? found : undefined;
      },
      30_000,
    );
    expect(account.connection.lastError).toMatch(/[a-z]{3,} .*[a-z]{3,}/i);
    const events = await api.listEvents({ days: 7 });
    expect(events).toHaveLength(before);
    expect(events.map((event) => event.title)).toContain('Team Sync');
  });

  it('refuses a wrong password and a server that is down, in words, storing nothing', async () => {
    const user = await createCalDavUser();
    await makeCalendar(user, 'work', 'Work');
    harness = startTestEngine();
    const api = harness.engine.apiFor('ui');
    const wrong = await api.addAccount(input(user, { password: 'not-the-password' })).catch((error: unknown) => error as ApiError);
    expect((wrong as ApiError).code).toBe('auth_failed');
    expect((wrong as ApiError).message).toMatch(/password/i);
    const down = await api.testAccount(input(user, { url: 'http://127.0.0.1:9/' })).catch((error: unknown) => error as ApiError);
    expect((down as ApiError).message).toMatch(/127\.0\.0\.1/);
    const noAddress = await api.testAccount(input(user, { username: 'alice', email: undefined })).catch((error: unknown) => error as ApiError);
    expect((noAddress as ApiError).message).toContain('--email');
    expect(await api.listAccounts()).toHaveLength(0);
  });
});
