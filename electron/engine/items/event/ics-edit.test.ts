import { describe, expect, it } from 'vitest';
import { ApiError } from '@shared/api/errors.js';
import { selfAddresses } from './event-item.js';
import { applyChanges, markCancelled, newEventIcs, restoredVersion, setOwnAnswer, stewardMarks } from './ics-edit.js';
import { parseIcs } from './ics-parse.js';
import { calendar, vevent } from './testing/ics-builder.js';

const me = selfAddresses(['emma@example.test']);
const now = new Date('2024-05-15T08:00:00Z');
const master = (ics: string) => parseIcs(ics, { calendarId: 'c', href: 'h', etag: null }).objects[0]?.master;
const people = (organizer: string, ...attendees: string[]) => [`ORGANIZER:mailto:${organizer}`, ...attendees.map((a) => `ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:${a}`)];

describe('newEventIcs', () => {
  it('writes a tentative event without attendees, marked as created by the action', () => {
    const ics = newEventIcs('u1', { summary: 'Focus', start: { kind: 'date', date: '2024-05-16' }, end: { kind: 'date', date: '2024-05-17' } }, 'act-1', now);
    expect(master(ics)).toMatchObject({ uid: 'u1', summary: 'Focus', status: 'tentative', allDay: true, attendees: [], createdBySteward: 'act-1', lastStewardAction: 'act-1' });
  });

  it('refuses a date start with a time end', () => {
    expect(() => newEventIcs('u', { summary: 'x', start: { kind: 'date', date: '2024-05-16' }, end: { kind: 'utc', iso: '2024-05-16T10:00:00Z' } }, 'a', now)).toThrow(/same kind of time/);
  });
});

describe('applyChanges', () => {
  it('changes the fields asked, bumps SEQUENCE for a new time, keeps unknown properties', () => {
    const ics = calendar(vevent('UID:u', 'DTSTART:20240516T100000Z', 'DURATION:PT1H', 'SUMMARY:Old', 'X-KEEP:yes'));
    const after = applyChanges(ics, { summary: 'New', end: { kind: 'utc', iso: '2024-05-16T12:00:00Z' } }, me, 'act-2', now);
    expect(master(after)).toMatchObject({ summary: 'New', end: { kind: 'utc', iso: '2024-05-16T12:00:00Z' }, duration: null, sequence: 1, lastStewardAction: 'act-2' });
    expect(after).toContain('X-KEEP:yes');
  });

  it.each([
    { name: 'an event with other attendees', ics: calendar(vevent('UID:u', 'DTSTART:20240516T100000Z', ...people('emma@example.test', 'bob@example.test'))), error: /has other attendees/ },
    { name: 'text that is not a calendar', ics: 'nonsense', error: /could not be read.*will not change it/ },
    { name: 'two different events in one object', ics: calendar(vevent('UID:a', 'DTSTART:20240516T100000Z'), vevent('UID:b', 'DTSTART:20240516T100000Z')), error: /exactly one event/ },
  ])('refuses $name', ({ ics, error }) => {
    expect(() => applyChanges(ics, { summary: 'x' }, me, 'a', now)).toThrow(error);
  });
});

describe('setOwnAnswer', () => {
  const invited = calendar(
    vevent('UID:s', 'DTSTART:20240516T100000Z', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY;COUNT=4', 'SUMMARY:Sync', ...people('ana@example.test', 'ana@example.test', 'EMMA@example.test')),
    vevent('UID:s', 'RECURRENCE-ID:20240523T100000Z', 'DTSTART:20240523T140000Z', 'DURATION:PT1H', 'SUMMARY:Sync (moved)', ...people('ana@example.test', 'ana@example.test', 'emma@example.test')),
  );

  it('answers for the whole series on the master, returning the answer it replaces', () => {
    const result = setOwnAnswer(invited, me, 'accepted', null, 'act-3', now);
    expect(result.previous).toBe('needs-action');
    const object = parseIcs(result.ics, { calendarId: 'c', href: 'h', etag: null }).objects[0];
    expect(object?.master?.attendees.map((a) => [a.email, a.partstat])).toEqual([['ana@example.test', 'needs-action'], ['emma@example.test', 'accepted']]);
    expect(object?.overrides[0]?.attendees.find((a) => a.email === 'emma@example.test')?.partstat).toBe('needs-action');
  });

  it('answers for one changed occurrence on its override', () => {
    const result = setOwnAnswer(invited, me, 'declined', { kind: 'utc', iso: '2024-05-23T10:00:00Z' }, 'act-4', now);
    const object = parseIcs(result.ics, { calendarId: 'c', href: 'h', etag: null }).objects[0];
    expect(object?.overrides[0]?.attendees.find((a) => a.email === 'emma@example.test')?.partstat).toBe('declined');
    expect(object?.master?.attendees.find((a) => a.email === 'emma@example.test')?.partstat).toBe('needs-action');
  });

  it.each([
    { name: 'an ordinary occurrence of a series', recurrence: { kind: 'utc', iso: '2024-05-30T10:00:00Z' } as const, self: me, error: /not yet for one ordinary occurrence/ },
    { name: 'someone not invited', recurrence: null, self: selfAddresses(['zed@example.test']), error: /not among the attendees/ },
    { name: 'the organiser', recurrence: null, self: selfAddresses(['ana@example.test']), error: /You organise "Sync"/ },
  ])('refuses $name', ({ recurrence, self, error }) => {
    expect(() => setOwnAnswer(invited, self, 'accepted', recurrence, 'a', now)).toThrow(error);
  });
});

describe('markCancelled and restoredVersion', () => {
  it('cancels every version of the user’s meeting with a higher SEQUENCE, and undo restores it higher still', () => {
    const ics = calendar(vevent('UID:m', 'DTSTART:20240516T100000Z', 'SEQUENCE:2', 'STATUS:CONFIRMED', 'SUMMARY:Team', ...people('emma@example.test', 'emma@example.test', 'bob@example.test')));
    const cancelled = markCancelled(ics, me, 'act-5', now);
    expect(master(cancelled)).toMatchObject({ status: 'cancelled', sequence: 3, lastStewardAction: 'act-5' });
    const restored = restoredVersion(ics, cancelled, 'act-5', now);
    expect(master(restored)).toMatchObject({ status: 'confirmed', sequence: 4, lastStewardAction: 'undo:act-5' });
    expect(stewardMarks(restored)).toEqual({ lastAction: 'undo:act-5', createdBy: null });
  });

  it('lets the user cancel an event of their own without attendees, not someone else’s meeting', () => {
    expect(master(markCancelled(calendar(vevent('UID:solo', 'DTSTART:20240516T100000Z', 'SUMMARY:Gym')), me, 'a', now))?.status).toBe('cancelled');
    const theirs = calendar(vevent('UID:t', 'DTSTART:20240516T100000Z', 'SUMMARY:Board', ...people('ceo@example.test', 'ceo@example.test', 'emma@example.test')));
    expect(() => markCancelled(theirs, me, 'a', now)).toThrow(ApiError);
    expect(() => markCancelled(theirs, me, 'a', now)).toThrow(/Only the organiser can cancel "Board" \(ceo@example.test\); you can decline it instead/);
  });
});
