// The agent's calendar write tools through the ToolBroker: calendar_update, calendar_cancel,
// calendar_respond and calendar_create become steps the user approves, planned by the event's own
// connector (CalDAV or Google Calendar), with arguments its executors accept; what those would
// refuse is refused at once, in words the model can act on. Nothing is executed here.
import { describe, expect, it } from 'vitest';
import { EngineToolBroker, type PlannedProposal } from '../../electron/engine/agent/broker/engine-broker.js';
import { createReadToolProviders } from '../../electron/engine/agent/broker/read-tools.js';
import { createWritePlanners } from '../../electron/engine/agent/broker/write-plans.js';
import { MailQueries } from '../../electron/engine/agent/mail/mail-queries.js';
import type { ProposedStep } from '../../electron/engine/agent/tool-broker.js';
import { cancelArgs, respondArgs, updateArgs } from '../../electron/engine/connectors/caldav/index.js';
import { gcalCancelArgs, gcalUpdateArgs } from '../../electron/engine/connectors/gcal/change-executors.js';
import { gcalCreateArgs } from '../../electron/engine/connectors/gcal/executors.js';
import type { EventKindStore, NewEventResource, StoredEvent } from '../../electron/engine/items/event/index.js';
import { parseIcs } from '../../electron/engine/items/event/ics-parse.js';
import type { MailItem } from '../../electron/engine/items/mail/mail-item.js';
import { planProposal } from '../../electron/engine/suggestions/planner.js';
import { createItemSink } from '../../electron/engine/sync/ingest.js';
import { agentParts, type AgentParts } from './agent-parts.js';

const ME = 'alice@example.test';
const DAV_CALENDAR = 'https://dav.example.test/alice/work/';
const GOOGLE_CALENDAR = ME;

function ics(uid: string, summary: string, extra: string[] = []): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', 'BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20261101T000000Z', `SUMMARY:${summary}`, ...extra, 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
}

const at = (day: string, from: string, to: string) => [`DTSTART;TZID=Europe/Berlin:${day}T${from}00`, `DTEND;TZID=Europe/Berlin:${day}T${to}00`];

function store(parts: AgentParts, accountId: string, calendarId: string, href: string, etag: string, text: string): void {
  const sink = createItemSink<NewEventResource, StoredEvent>(parts.ingest, accountId, parts.stores.event as unknown as EventKindStore);
  const resource: NewEventResource = { calendarId, href, objects: parseIcs(text, { calendarId, href, etag }).objects };
  sink.commit({ stream: calendarId, cursor: null, items: [resource], goneExternalIds: [] });
}

async function setup() {
  const parts = await agentParts({ baseUrl: 'http://127.0.0.1:9', apiKey: null, now: new Date('2026-11-25T09:00:00Z') });
  const dav = parts.accounts.insert({ kind: 'caldav', email: ME, displayName: '', settings: { url: 'https://dav.example.test', username: 'alice', homeUrl: null, serverSchedules: false, addresses: [], smtp: null } });
  const google = parts.accounts.insert({ kind: 'gcal', email: ME, displayName: '', settings: { clientId: 'steward-test', scopes: [] } });
  store(parts, dav.id, DAV_CALENDAR, `${DAV_CALENDAR}dentist.ics`, '"e-dentist"', ics('dentist', 'Dentist', at('20261127', '1000', '1100')));
  store(parts, dav.id, DAV_CALENDAR, `${DAV_CALENDAR}sync.ics`, '"e-sync"', ics('sync', 'Team sync', [...at('20261126', '1400', '1500'), `ORGANIZER:mailto:${ME}`, `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${ME}`, 'ATTENDEE;PARTSTAT=ACCEPTED:mailto:bob@example.org']));
  store(parts, dav.id, DAV_CALENDAR, `${DAV_CALENDAR}board.ics`, '"e-board"', ics('board', 'Board meeting', [...at('20261126', '0900', '1000'), 'ORGANIZER;CN=Carol Boss:mailto:carol@example.org', `ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${ME}`]));
  store(parts, google.id, GOOGLE_CALENDAR, 'gym123', '"3181161784712000"', ics('gym123@google.com', 'Gym', [...at('20261128', '0800', '0900'), `ORGANIZER:mailto:${ME}`]));
  const mail = new MailQueries(parts.db, parts.stores.mail as unknown as { getMany(ids: readonly string[]): MailItem[] });
  const put: PlannedProposal[] = [];
  const broker = new EngineToolBroker(
    {
      accounts: parts.accounts,
      gate: parts.gate,
      grants: parts.grants,
      ledger: parts.ledger,
      readTools: createReadToolProviders({ mail, db: parts.db, now: () => parts.clock.now() }),
      writePlanners: createWritePlanners({ mail, db: parts.db, now: () => parts.clock.now(), timeZone: () => 'Europe/Berlin' }),
      plan: planProposal,
    },
    'job-1',
    (planned) => {
      put.push(planned);
      return { suggestionId: `s-${put.length}` };
    },
  );
  const idOf = (href: string) => (parts.db.prepare("SELECT id FROM items WHERE kind = 'event' AND external_id = ?").get(href) as { id: string }).id;
  return { parts, broker, put, idOf };
}

function step(capability: ProposedStep['capability'], args: Record<string, unknown>): ProposedStep {
  return { runId: 'run-1', toolUseId: `toolu_${capability}`, tool: capability.replace('.', '_'), capability, args, reason: 'The user asked.', provenance: { runId: 'run-1', untrustedItemIds: [] } };
}

describe('calendar write tools through the broker', () => {
  it('plans calendar_update on a CalDAV event into a calendar.update step its executor accepts, keeping the length and zone', async () => {
    const { broker, put, idOf, parts } = await setup();
    const eventId = idOf(`${DAV_CALENDAR}dentist.ics`);
    expect(await broker.reviewProposal(step('calendar.update', { eventId, start: '2026-11-27T14:00:00+01:00', location: 'Main St 4' }))).toEqual({ accepted: true });
    const planned = put[0]?.draft.steps[0];
    expect(planned).toMatchObject({
      capability: 'calendar.update',
      app: 'caldav',
      title: 'Change "Dentist"',
      args: {
        url: `${DAV_CALENDAR}dentist.ics`,
        expectedEtag: '"e-dentist"',
        changes: { location: 'Main St 4', start: { kind: 'zoned', local: '2026-11-27T14:00:00', tzid: 'Europe/Berlin' }, end: { kind: 'zoned', local: '2026-11-27T15:00:00', tzid: 'Europe/Berlin' } },
      },
      preview: { kind: 'event', title: 'Dentist', start: '2026-11-27T09:00:00.000Z', change: 'New time: 2026-11-27T13:00:00Z to 2026-11-27T14:00:00Z (same length). Place: Main St 4. Nobody else is told.' },
    });
    expect(updateArgs.safeParse(planned?.args).success).toBe(true);
    expect(put[0]?.draft).toMatchObject({ kind: 'agent', why: 'The user asked.', items: [{ id: eventId }] });
    // Planned, not run.
    expect(parts.actions.listActivity(5)).toEqual([]);
  });

  it('plans calendar_cancel on an event the user organises, saying the guests are told; refuses one someone else organises', async () => {
    const { broker, put, idOf } = await setup();
    expect(await broker.reviewProposal(step('calendar.cancel', { eventId: idOf(`${DAV_CALENDAR}sync.ics`) }))).toEqual({ accepted: true });
    const planned = put[0]?.draft.steps[0];
    expect(planned).toMatchObject({
      capability: 'calendar.cancel',
      app: 'caldav',
      args: { url: `${DAV_CALENDAR}sync.ics`, expectedEtag: '"e-sync"' },
      preview: { change: 'Cancelled for everyone: 1 guest(s) are told.', undoNote: 'Undo puts the event back and tells the guests again, while the calendar still keeps the cancelled event.' },
    });
    expect(cancelArgs.safeParse(planned?.args).success).toBe(true);

    expect(await broker.reviewProposal(step('calendar.cancel', { eventId: idOf(`${DAV_CALENDAR}board.ics`) }))).toEqual({
      accepted: false,
      reason: 'the user does not organise "Board meeting" (Carol Boss does), so it cannot be cancelled for everyone; propose calendar_respond with "declined" instead.',
    });
    expect(put).toHaveLength(1);
  });

  it('refuses to change an event with other guests, or who is invited, in words', async () => {
    const { broker, put, idOf } = await setup();
    expect(await broker.reviewProposal(step('calendar.update', { eventId: idOf(`${DAV_CALENDAR}sync.ics`), title: 'Team sync (moved)' }))).toEqual({
      accepted: false,
      reason: '"Team sync" has other guests (bob@example.org); changing it would mean telling them, which Steward\'s change does not do. Suggest the change to the user in words instead.',
    });
    expect(await broker.reviewProposal(step('calendar.update', { eventId: idOf(`${DAV_CALENDAR}dentist.ics`), addAttendees: ['eve@example.org'] }))).toMatchObject({ accepted: false, reason: expect.stringMatching(/does not change who is invited/) as string });
    expect(await broker.reviewProposal(step('calendar.update', { eventId: 'nope' }))).toEqual({ accepted: false, reason: 'there is no event nope in the calendars Steward may read; use an id from calendar_list_events.' });
    expect(put).toEqual([]);
  });

  it('plans calendar_update and calendar_cancel on a Google event with Google’s event id and etag', async () => {
    const { broker, put, idOf } = await setup();
    const eventId = idOf('gym123');
    expect(await broker.reviewProposal(step('calendar.update', { eventId, title: 'Gym (legs)' }))).toEqual({ accepted: true });
    expect(await broker.reviewProposal(step('calendar.cancel', { eventId }))).toEqual({ accepted: true });
    const [update, cancel] = put.map((planned) => planned.draft.steps[0]);
    expect(update).toMatchObject({ capability: 'calendar.update', app: 'gcal', args: { eventId: 'gym123', expectedEtag: '"3181161784712000"', changes: { summary: 'Gym (legs)' } } });
    expect(cancel).toMatchObject({ capability: 'calendar.cancel', app: 'gcal', args: { eventId: 'gym123', expectedEtag: '"3181161784712000"' }, preview: { change: 'Cancelled in your calendar.' } });
    expect(gcalUpdateArgs.safeParse(update?.args).success).toBe(true);
    expect(gcalCancelArgs.safeParse(cancel?.args).success).toBe(true);
  });

  it('plans calendar_respond and calendar_create too', async () => {
    const { broker, put, idOf } = await setup();
    expect(await broker.reviewProposal(step('calendar.respond', { eventId: idOf(`${DAV_CALENDAR}board.ics`), response: 'declined' }))).toEqual({ accepted: true });
    expect(put[0]?.draft.steps[0]).toMatchObject({ capability: 'calendar.respond', app: 'caldav', title: 'Decline "Board meeting"', args: { url: `${DAV_CALENDAR}board.ics`, answer: 'declined', recurrenceId: null } });
    expect(respondArgs.safeParse(put[0]?.draft.steps[0]?.args).success).toBe(true);

    expect(await broker.reviewProposal(step('calendar.create', { calendar: GOOGLE_CALENDAR, title: 'Prepare offsite', start: '2026-11-30T10:00:00+01:00', end: '2026-11-30T11:30:00+01:00' }))).toEqual({ accepted: true });
    const created = put[1]?.draft.steps[0];
    expect(created).toMatchObject({
      capability: 'calendar.create',
      app: 'gcal',
      args: { calendarId: GOOGLE_CALENDAR, event: { summary: 'Prepare offsite', status: 'tentative', start: { kind: 'zoned', local: '2026-11-30T10:00:00', tzid: 'Europe/Berlin' } } },
    });
    expect(gcalCreateArgs.safeParse(created?.args).success).toBe(true);
    expect(await broker.reviewProposal(step('calendar.create', { title: 'Lunch', start: '2026-11-30T12:00:00+01:00', end: '2026-11-30T13:00:00+01:00', attendees: ['bob@example.org'] }))).toMatchObject({
      accepted: false,
      reason: expect.stringMatching(/^Steward adds events without guests/) as string,
    });
  });
});
