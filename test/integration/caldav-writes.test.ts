// Calendar writes against the run's real Radicale, each through a ticket minted by the real
// gate, with iMIP mail going to the run's SMTP sink: create (tentative, undo deletes only what
// Steward created), update (undo restores), respond (PARTSTAT on the server and a REPLY to the
// organiser), cancel (only the organiser; STATUS:CANCELLED and the attendees told).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppId, CapabilityId } from '@shared/domain/capabilities.js';
import { openSession } from '../../electron/engine/connectors/caldav/caldav-session.js';
import {
  cancelEvent,
  createEvent,
  deleteCreatedEvent,
  respondToEvent,
  restoreEvent,
  updateEvent,
  type ImipSender,
  type WriteTarget,
} from '../../electron/engine/connectors/caldav/caldav-writer.js';
import { createExecutor, respondExecutor } from '../../electron/engine/connectors/caldav/executors.js';
import { smtpImipSender } from '../../electron/engine/connectors/caldav/imip-sender.js';
import { calendarUndoChecks } from '../../electron/engine/connectors/caldav/undo-check.js';
import { executorFor } from '../../electron/engine/connectors/registry.js';
import { bindTicket, type BoundTicket, type Ticket } from '../../electron/engine/gate/gate.js';
import type { CalendarCapability } from '../../electron/engine/items/event/calendar-capabilities.js';
import { selfAddresses } from '../../electron/engine/items/event/event-item.js';
import { parseIcs } from '../../electron/engine/items/event/ics-parse.js';
import { parseInvitation } from '../../electron/engine/items/event/imip.js';
import { memoryParts, type MemoryParts } from '../../electron/engine/testing/memory-engine-parts.js';
import { createCalDavUser, smtpServer, waitForSmtpMail, type CalDavUser } from '../fixtures.js';
import { getIcs, listObjectUrls, makeCalendar, putIcs } from '../servers/radicale.js';
import { actors } from '../../electron/engine/gate/facts.js';

const ACCOUNT = 'acc-caldav';
let parts: MemoryParts;
let user: CalDavUser;
let calendarUrl: string;
let actions = 0;

beforeEach(async () => {
  parts = memoryParts();
  user = await createCalDavUser();
  calendarUrl = await makeCalendar(user, 'work', 'Work');
});

afterEach(() => {
  parts.db.close();
});

function target(overrides: Partial<WriteTarget> = {}): WriteTarget {
  const { host, port } = smtpServer();
  return {
    session: openSession({ serverUrl: user.url, username: user.user, password: user.password }),
    accountId: ACCOUNT,
    self: selfAddresses([user.email]),
    serverSchedules: false,
    sender: smtpImipSender({ host, port, secure: false }, ACCOUNT),
    now: () => new Date('2024-05-15T08:00:00Z'),
    ...overrides,
  };
}

/** A ticket from the real gate for an executor, as after the user approved the step with these arguments. */
function granted(capability: CalendarCapability, args: unknown, actionId = `act-${++actions}-${Date.now()}`): Ticket {
  return parts.gate.authorize(step(capability, actionId, args), actors.user('test'), actors.user('test'));
}

/** The same, bound as an executor binds it, for calling the writer directly. */
function approved(capability: CalendarCapability, actionId = `act-${++actions}-${Date.now()}`): BoundTicket {
  return bindTicket(granted(capability, null, actionId), null, 'execute');
}

function undoGranted(capability: CalendarCapability, actionId: string, args: unknown): Ticket {
  return parts.gate.authorizeUndo(step(capability, actionId, args), actors.user('ui'));
}

function undoTicket(capability: CalendarCapability, actionId: string): BoundTicket {
  return bindTicket(undoGranted(capability, actionId, null), null, 'undo');
}

function step(capability: CalendarCapability, actionId: string, args: unknown) {
  return { actionId, suggestionId: 's-1', capability: capability as unknown as CapabilityId, app: 'caldav' as unknown as AppId, accountId: ACCOUNT, title: capability, args };
}

async function serverEvent(url: string) {
  const stored = await getIcs(user, url);
  return stored ? parseIcs(stored.ics, { calendarId: calendarUrl, href: url, etag: stored.etag }).objects[0]?.master : null;
}

const focusBlock = { summary: 'Focus block', start: { kind: 'zoned', local: '2024-05-16T13:00:00', tzid: 'America/New_York' }, end: { kind: 'zoned', local: '2024-05-16T14:00:00', tzid: 'America/New_York' } } as const;

function invitationFromAna(uid: string, sequence = 0): string {
  return [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Other client//EN', 'BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20240514T090000Z',
    'DTSTART;TZID=Europe/London:20240521T100000', 'DTEND;TZID=Europe/London:20240521T110000', 'SUMMARY:Design review', `SEQUENCE:${sequence}`,
    'ORGANIZER;CN=Ana Lopez:mailto:ana@example.org', 'ATTENDEE;PARTSTAT=ACCEPTED;CN=Ana Lopez:mailto:ana@example.org',
    `ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=Emma:mailto:${user.email}`, 'X-OTHER-APP-DATA:keep me', 'END:VEVENT', 'END:VCALENDAR', '',
  ].join('\r\n');
}

describe('calendar.create', () => {
  it('adds a tentative event marked as Steward’s, once, however often the step is retried', async () => {
    const ticket = approved('calendar.create');
    const first = await createEvent(ticket, target(), calendarUrl, focusBlock);
    expect(first).toMatchObject({ created: true, summary: 'Added "Focus block" (tentative)' });
    const again = await createEvent(ticket, target(), calendarUrl, focusBlock);
    expect(again).toMatchObject({ created: false, url: first.url, etag: first.etag });

    expect(await listObjectUrls(user, calendarUrl)).toEqual([first.url]);
    const stored = await serverEvent(first.url);
    expect(stored).toMatchObject({ summary: 'Focus block', status: 'tentative', createdBySteward: ticket.actionId, attendees: [], start: focusBlock.start });
  });

  it('writes nothing without a live ticket for this capability and account, or while paused', async () => {
    const forged = { actionId: 'x', capability: 'calendar.create', accountId: ACCOUNT, purpose: 'execute', argsHash: '', signal: new AbortController().signal } as unknown as BoundTicket;
    await expect(createEvent(forged, target(), calendarUrl, focusBlock)).rejects.toThrow(/no ticket from the gate/);
    await expect(createEvent(approved('calendar.update'), target(), calendarUrl, focusBlock)).rejects.toThrow(/ticket is for calendar.update/);
    await expect(createEvent(approved('calendar.create'), target({ accountId: 'other' }), calendarUrl, focusBlock)).rejects.toThrow(/another account/);
    const ticket = approved('calendar.create');
    parts.killSwitch.pause('user:test');
    await expect(createEvent(ticket, target(), calendarUrl, focusBlock)).rejects.toThrow(/paused/);
    expect(await listObjectUrls(user, calendarUrl)).toEqual([]);
  });

  it('undo deletes the event it created, and only while nobody changed it', async () => {
    const ticket = approved('calendar.create');
    const created = await createEvent(ticket, target(), calendarUrl, focusBlock);
    const undone = await deleteCreatedEvent(undoTicket('calendar.create', ticket.actionId), target(), created);
    expect(undone.summary).toBe('Removed "Focus block", which Steward had added');
    expect(await listObjectUrls(user, calendarUrl)).toEqual([]);
    expect((await deleteCreatedEvent(undoTicket('calendar.create', ticket.actionId), target(), created)).summary).toBe('The event was already gone');

    // The user edits the next one in their own app: undo leaves it.
    const second = approved('calendar.create');
    const kept = await createEvent(second, target(), calendarUrl, focusBlock);
    const edited = ((await getIcs(user, kept.url))?.ics ?? '').replace('SUMMARY:Focus block', 'SUMMARY:Focus block (mine now)');
    await putIcs(user, calendarUrl, decodeURIComponent(new URL(kept.url).pathname.split('/').at(-1) ?? ''), edited);
    await expect(deleteCreatedEvent(undoTicket('calendar.create', second.actionId), target(), kept)).rejects.toThrow(/changed after Steward added it.*left it in place/);
    expect((await serverEvent(kept.url))?.summary).toBe('Focus block (mine now)');
  });

  it('undo never deletes an event Steward did not create', async () => {
    const { url, etag } = await putIcs(user, calendarUrl, 'theirs.ics', invitationFromAna('theirs'));
    await expect(deleteCreatedEvent(undoTicket('calendar.create', 'act-x'), target(), { url, etag: etag ?? '' })).rejects.toThrow(/deletes only events it created/);
    expect(await listObjectUrls(user, calendarUrl)).toEqual([url]);
  });
});

describe('calendar.update', () => {
  it('changes an event, keeps what other apps stored, and undo puts the previous version back', async () => {
    const own = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Other//EN', 'BEGIN:VEVENT', 'UID:own-1', 'DTSTAMP:20240501T000000Z', 'DTSTART:20240520T090000Z', 'DTEND:20240520T100000Z', 'SUMMARY:Write report', 'X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
    const { url, etag } = await putIcs(user, calendarUrl, 'own-1.ics', own);
    const ticket = approved('calendar.update');
    const outcome = await updateEvent(ticket, target(), url, etag, { summary: 'Write report (draft 2)', end: { kind: 'utc', iso: '2024-05-20T11:00:00Z' } });
    expect(outcome.summary).toBe('Changed "Write report (draft 2)"');
    expect(outcome.previous?.ics).toContain('SUMMARY:Write report');
    const changed = await getIcs(user, url);
    expect(changed?.ics).toContain('X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC');
    expect(await serverEvent(url)).toMatchObject({ summary: 'Write report (draft 2)', end: { kind: 'utc', iso: '2024-05-20T11:00:00Z' }, sequence: 1 });

    // A retry of the same step finds its change and writes nothing more.
    expect(await updateEvent(ticket, target(), url, etag, { summary: 'ignored' })).toMatchObject({ previous: null, summary: '"Write report (draft 2)" was already changed' });
    expect((await getIcs(user, url))?.etag).toBe(changed?.etag);

    const undo = await restoreEvent(undoTicket('calendar.update', ticket.actionId), 'calendar.update', target(), outcome.previous ?? { url, etag: '', ics: '' });
    expect(undo.summary).toBe('Put back "Write report" as it was');
    expect(await serverEvent(url)).toMatchObject({ summary: 'Write report', end: { kind: 'utc', iso: '2024-05-20T10:00:00Z' } });
  });

  it('writes nothing when the event changed since the user saw the proposal', async () => {
    const { url, etag } = await putIcs(user, calendarUrl, 'own-2.ics', invitationFromAna('x').replace(/ORGANIZER.*\r\n|ATTENDEE.*\r\n/g, ''));
    await putIcs(user, calendarUrl, 'own-2.ics', invitationFromAna('x').replace(/ORGANIZER.*\r\n|ATTENDEE.*\r\n/g, '').replace('Design review', 'Design review (edited elsewhere)'));
    await expect(updateEvent(approved('calendar.update'), target(), url, etag, { summary: 'Mine' })).rejects.toThrow(/was changed in the calendar since Steward looked at it, so nothing was written/);
    expect((await serverEvent(url))?.summary).toBe('Design review (edited elsewhere)');
  });

  it('refuses to change an event with other attendees', async () => {
    const { url, etag } = await putIcs(user, calendarUrl, 'inv.ics', invitationFromAna('inv-upd'));
    await expect(updateEvent(approved('calendar.update'), target(), url, etag, { summary: 'Mine' })).rejects.toThrow(/has other attendees.*Nothing was changed/);
  });
});

describe('calendar.respond', () => {
  it('sets the user’s answer on the server and mails the organiser an iMIP REPLY; undo sends the previous answer again', async () => {
    const uid = `review-${Date.now()}@example.org`;
    const { url } = await putIcs(user, calendarUrl, 'review.ics', invitationFromAna(uid, 2));
    const ticket = approved('calendar.respond');
    const outcome = await respondToEvent(ticket, target(), url, 'accepted');
    expect(outcome).toMatchObject({ previousAnswer: 'needs-action', notified: 'mail', summary: 'Accepted "Design review"; Ana Lopez was sent your answer' });

    const stored = await serverEvent(url);
    expect(stored?.attendees.find((a) => a.email === user.email)?.partstat).toBe('accepted');
    expect((await getIcs(user, url))?.ics).toContain('X-OTHER-APP-DATA:keep me');

    const mail = await waitForSmtpMail((m) => m.raw.includes(uid) && m.subject === 'Accepted: Design review');
    expect(mail.envelope).toEqual({ from: user.email, to: ['ana@example.org'] });
    expect(mail.raw).toMatch(/text\/calendar; charset=utf-8; method=REPLY/i);
    const calendarPart = /BEGIN:VCALENDAR[\s\S]*?END:VCALENDAR/.exec(mail.raw.replace(/=\r\n/g, ''))?.[0] ?? '';
    expect(parseInvitation(calendarPart).invitations[0]).toMatchObject({ method: 'REPLY', uid, sequence: 2, attendees: [{ email: user.email, partstat: 'accepted' }] });

    // A retry writes nothing more, and tells the organiser again (same Message-ID): it cannot
    // know whether the first mail went out before the step was cut short.
    const etagBefore = (await getIcs(user, url))?.etag;
    expect(await respondToEvent(ticket, target(), url, 'accepted')).toMatchObject({ repeated: true, notified: 'mail' });
    expect((await getIcs(user, url))?.etag).toBe(etagBefore);

    const undo = await respondToEvent(undoTicket('calendar.respond', ticket.actionId), target(), url, outcome.previousAnswer as 'needs-action');
    expect(undo.notified).toBe('mail');
    expect((await serverEvent(url))?.attendees.find((a) => a.email === user.email)?.partstat).toBe('needs-action');
    await waitForSmtpMail((m) => m.raw.includes(uid) && m.subject === 'Undecided: Design review');
  });

  it('a retry after the mail failed sends it, without writing the calendar again', async () => {
    const uid = `flaky-${Date.now()}@example.org`;
    const { url } = await putIcs(user, calendarUrl, 'flaky.ics', invitationFromAna(uid));
    const { host, port } = smtpServer();
    const real = smtpImipSender({ host, port, secure: false }, ACCOUNT);
    let failures = 1;
    const flaky: ImipSender = { send: async (ticket, capability, message) => (failures-- > 0 ? Promise.reject(new Error('SMTP connection lost')) : real.send(ticket, capability, message)) };
    const ticket = approved('calendar.respond');
    await expect(respondToEvent(ticket, target({ sender: flaky }), url, 'tentative')).rejects.toThrow(/SMTP connection lost/);
    const etag = (await getIcs(user, url))?.etag;
    expect((await serverEvent(url))?.attendees.find((a) => a.email === user.email)?.partstat).toBe('tentative');

    expect(await respondToEvent(ticket, target({ sender: flaky }), url, 'tentative')).toMatchObject({ repeated: true, notified: 'mail' });
    expect((await getIcs(user, url))?.etag).toBe(etag);
    await waitForSmtpMail((m) => m.raw.includes(uid) && m.subject === 'Tentative: Design review');
  });

  it('answers an invitation from the mail that is in no calendar yet: adds it with the answer, and replies', async () => {
    const uid = `mailed-${Date.now()}@example.org`;
    const mailed = invitationFromAna(uid, 1).replace('VERSION:2.0', 'VERSION:2.0\r\nMETHOD:REQUEST');
    const [invitation] = parseInvitation(mailed).invitations;
    const args = { invitation: { ics: invitation?.object?.raw ?? '', recurrenceId: null }, calendarUrl, answer: 'accepted' };
    const ticket = granted('calendar.respond', args);
    const outcome = await respondExecutor.execute(ticket, args, target());
    expect(outcome.summary).toBe('Accepted "Design review" and added it to your calendar; Ana Lopez was sent your answer');
    const [stored] = await listObjectUrls(user, calendarUrl);
    const ics = (await getIcs(user, stored ?? ''))?.ics ?? '';
    expect(ics).not.toMatch(/^METHOD:/m);
    expect(ics).toContain('X-OTHER-APP-DATA:keep me');
    expect((await serverEvent(stored ?? ''))?.attendees.find((a) => a.email === user.email)?.partstat).toBe('accepted');
    await waitForSmtpMail((m) => m.raw.includes(uid) && m.subject === 'Accepted: Design review');

    // A retry of the same step (a new ticket: each runs once) adds nothing twice.
    expect((await respondExecutor.execute(granted('calendar.respond', args, ticket.actionId), args, target())).summary).toMatch(/added it to your calendar/);
    expect(await listObjectUrls(user, calendarUrl)).toHaveLength(1);
    await respondExecutor.undo(undoGranted('calendar.respond', ticket.actionId, args), args, outcome.undo, target());
    expect((await serverEvent(stored ?? ''))?.attendees.find((a) => a.email === user.email)?.partstat).toBe('needs-action');
  });

  it('refuses in words when nobody could tell the organiser, and changes nothing', async () => {
    const { url } = await putIcs(user, calendarUrl, 'review2.ics', invitationFromAna('review2'));
    await expect(respondToEvent(approved('calendar.respond'), target({ sender: null }), url, 'declined')).rejects.toThrow(/no mail account to tell the organiser your answer\. Nothing was changed/);
    expect((await serverEvent(url))?.attendees.find((a) => a.email === user.email)?.partstat).toBe('needs-action');
  });

  it('refuses to answer an event the user is not invited to', async () => {
    const { url } = await putIcs(user, calendarUrl, 'other.ics', invitationFromAna('other').replace(`mailto:${user.email}`, 'mailto:someone@else.org'));
    await expect(respondToEvent(approved('calendar.respond'), target(), url, 'accepted')).rejects.toThrow(/You are not among the attendees of "Design review"/);
  });
});

describe('calendar.cancel', () => {
  const meeting = (uid: string) =>
    ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Other//EN', 'BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20240501T000000Z', 'DTSTART:20240522T150000Z', 'DTEND:20240522T160000Z', 'SUMMARY:Team sync', 'SEQUENCE:4', 'STATUS:CONFIRMED', `ORGANIZER;CN=Emma:mailto:${user.email}`, `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${user.email}`, 'ATTENDEE;PARTSTAT=ACCEPTED;CN=Bob:mailto:bob@example.org', 'ATTENDEE;PARTSTAT=TENTATIVE:mailto:carol@example.org', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');

  it('marks the user’s own meeting cancelled (never deletes it), tells the attendees; undo restores and re-invites', async () => {
    const uid = `sync-${Date.now()}`;
    const { url, etag } = await putIcs(user, calendarUrl, 'sync.ics', meeting(uid));
    const ticket = approved('calendar.cancel');
    const outcome = await cancelEvent(ticket, target(), url, etag);
    expect(outcome).toMatchObject({ notified: 2, summary: 'Cancelled "Team sync"; 2 attendee(s) were told' });
    expect(await listObjectUrls(user, calendarUrl)).toEqual([url]);
    expect(await serverEvent(url)).toMatchObject({ status: 'cancelled', sequence: 5 });

    const mail = await waitForSmtpMail((m) => m.raw.includes(uid) && m.subject === 'Cancelled: Team sync');
    expect([...mail.envelope.to].sort()).toEqual(['bob@example.org', 'carol@example.org']);
    expect(mail.raw).toMatch(/method=CANCEL/i);

    const undo = await restoreEvent(undoTicket('calendar.cancel', ticket.actionId), 'calendar.cancel', target(), outcome.previous ?? { url, etag: '', ics: '' });
    expect(undo).toMatchObject({ notified: 2 });
    expect(await serverEvent(url)).toMatchObject({ status: 'confirmed', sequence: 6 });
    await waitForSmtpMail((m) => m.raw.includes(uid) && m.subject === 'Invitation: Team sync');
  });

  it('refuses to cancel a meeting someone else organises', async () => {
    const { url, etag } = await putIcs(user, calendarUrl, 'anas.ics', invitationFromAna('anas'));
    await expect(cancelEvent(approved('calendar.cancel'), target(), url, etag)).rejects.toThrow(/Only the organiser can cancel "Design review" \(Ana Lopez\); you can decline it instead/);
    expect((await serverEvent(url))?.status).toBeNull();
  });
});

describe('calendar executors', () => {
  it('create: validates its arguments, reports in words, is found by reconcile, and undoes', async () => {
    const bad = { calendarUrl: 'not a url', event: {} };
    await expect(createExecutor.execute(granted('calendar.create', bad), bad, target())).rejects.toThrow();
    const args = { calendarUrl, event: focusBlock };
    const ticket = granted('calendar.create', args);
    expect(await createExecutor.reconcile(ticket.actionId, args, target())).toBeNull();
    const outcome = await createExecutor.execute(ticket, args, target());
    expect(outcome.summary).toBe('Added "Focus block" (tentative)');
    expect(await createExecutor.reconcile(ticket.actionId, args, target())).toEqual({ summary: 'Added "Focus block"', undo: outcome.undo });
    await createExecutor.undo(undoGranted('calendar.create', ticket.actionId, args), args, outcome.undo, target());
    expect(await listObjectUrls(user, calendarUrl)).toEqual([]);
  });

  it('respond: undo sends the previous answer again', async () => {
    const { url } = await putIcs(user, calendarUrl, 'exec-review.ics', invitationFromAna('exec-review'));
    const args = { url, answer: 'declined' };
    const ticket = granted('calendar.respond', args);
    const outcome = await respondExecutor.execute(ticket, args, target());
    expect(outcome).toMatchObject({ undo: { url, previousAnswer: 'needs-action' } });
    expect(await respondExecutor.reconcile(ticket.actionId, args, target())).toMatchObject({ undo: null });
    await respondExecutor.undo(undoGranted('calendar.respond', ticket.actionId, args), args, outcome.undo, target());
    expect((await serverEvent(url))?.attendees.find((a) => a.email === user.email)?.partstat).toBe('needs-action');
  });
});

describe('an undo cut short, checked at start-up (calendarUndoChecks)', () => {
  const check = calendarUndoChecks;

  it('create: undone when the event Steward added is gone, not before', async () => {
    const ticket = approved('calendar.create');
    const args = { calendarUrl, event: focusBlock };
    const created = await createEvent(ticket, target(), calendarUrl, focusBlock);
    const undo = { url: created.url, etag: created.etag };
    expect(await check['calendar.create'](ticket.actionId, args, undo, target())).toBeNull();
    await deleteCreatedEvent(undoTicket('calendar.create', ticket.actionId), target(), created);
    expect(await check['calendar.create'](ticket.actionId, args, undo, target())).toEqual({ summary: 'Removed "Focus block", which Steward had added (confirmed after an interruption)' });
  });

  it('update: undone when the earlier version is back with this undo’s stamp, not before', async () => {
    const own = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Other//EN', 'BEGIN:VEVENT', 'UID:own-undo', 'DTSTAMP:20240501T000000Z', 'DTSTART:20240520T090000Z', 'DTEND:20240520T100000Z', 'SUMMARY:Write report', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
    const { url, etag } = await putIcs(user, calendarUrl, 'own-undo.ics', own);
    const ticket = approved('calendar.update');
    const outcome = await updateEvent(ticket, target(), url, etag, { summary: 'Write report (draft 2)' });
    const undo = { previous: outcome.previous };
    expect(await check['calendar.update'](ticket.actionId, null, undo, target())).toBeNull();
    await restoreEvent(undoTicket('calendar.update', ticket.actionId), 'calendar.update', target(), outcome.previous!);
    expect(await check['calendar.update'](ticket.actionId, null, undo, target({ serverSchedules: true }))).toEqual({ summary: 'Put the event back as it was (confirmed after an interruption)' });
    // Steward mails the attendees itself here: whether that mail left cannot be told from the calendar.
    expect((await check['calendar.update'](ticket.actionId, null, undo, target()))?.summary).toMatch(/the attendees may not have been sent the mail about it/);
  });

  it('respond: undone when the user’s earlier answer is back, not while the new one stands', async () => {
    const { url } = await putIcs(user, calendarUrl, 'review-undo.ics', invitationFromAna(`review-undo-${Date.now()}@example.org`));
    const ticket = approved('calendar.respond');
    const args = { url, answer: 'accepted', recurrenceId: null };
    const outcome = await respondToEvent(ticket, target({ serverSchedules: true, sender: null }), url, 'accepted');
    const undo = { url, previousAnswer: outcome.previousAnswer };
    expect(await check['calendar.respond'](ticket.actionId, args, undo, target())).toBeNull();
    await respondToEvent(undoTicket('calendar.respond', ticket.actionId), target({ serverSchedules: true, sender: null }), url, 'needs-action');
    expect(await check['calendar.respond'](ticket.actionId, args, undo, target({ serverSchedules: true }))).toEqual({ summary: 'Put your earlier answer (needs-action) back (confirmed after an interruption)' });
  });

  it('every CalDAV executor the engine runs has the check', () => {
    for (const capability of ['calendar.create', 'calendar.update', 'calendar.respond', 'calendar.cancel'] as const) {
      expect(typeof executorFor('caldav', capability as unknown as CapabilityId)?.reconcileUndo).toBe('function');
    }
  });
});
