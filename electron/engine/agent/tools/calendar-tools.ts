/**
 * The calendar tools as data. Reads return data; every other call becomes a proposed step.
 */
import { z } from 'zod';
import { toolNameFor, writeInput, type ReadToolSpec, type WriteToolSpec } from './tool-spec.js';

const eventId = z.string().min(1).max(300).describe('Steward’s id of an event: the id of its data block, or one returned by calendar_list_events.');
const dateTime = z.iso.datetime({ offset: true }).describe('A moment as ISO 8601 with its offset, such as 2026-11-25T14:00:00+01:00.');
const attendee = z.email().describe('An attendee’s email address.');

export const calendarListEvents = {
  effect: 'read',
  name: 'calendar_list_events',
  capability: 'calendar.read',
  description: 'List the user’s events that overlap a time range, earliest first, as data (title, time, place, attendees).',
  input: z.strictObject({
    from: dateTime.describe('Start of the range (ISO 8601 with offset).'),
    to: dateTime.describe('End of the range (ISO 8601 with offset).'),
    query: z.string().max(200).optional().describe('Only events whose title, description or attendees contain these words.'),
    calendar: z.string().max(200).optional().describe('Only this calendar (its name). Default: all the user connected.'),
    limit: z.number().int().min(1).max(50).default(20).describe('At most this many events.'),
  }),
} as const satisfies ReadToolSpec;

export const calendarGetEvent = {
  effect: 'read',
  name: 'calendar_get_event',
  capability: 'calendar.read',
  description: 'Read one event in full (description, attendees and their responses), as data.',
  input: z.strictObject({ eventId }),
} as const satisfies ReadToolSpec;

export const calendarCreate = {
  effect: 'write',
  name: toolNameFor('calendar.create'),
  capability: 'calendar.create',
  description: 'Propose creating an event. Attendees are invited only if the user approves.',
  input: writeInput({
    calendar: z.string().max(200).optional().describe('The calendar to put it in (its name). Default: the user’s main calendar.'),
    title: z.string().min(1).max(300),
    start: dateTime,
    end: dateTime,
    allDay: z.boolean().optional().describe('An all-day event: only the dates of start and end count.'),
    location: z.string().max(500).optional(),
    description: z.string().max(10_000).optional(),
    attendees: z.array(attendee).max(100).optional().describe('People to invite.'),
  }),
} as const satisfies WriteToolSpec;

export const calendarUpdate = {
  effect: 'write',
  name: toolNameFor('calendar.update'),
  capability: 'calendar.update',
  description: 'Propose changing an event the user organises: only the fields given change.',
  input: writeInput({
    eventId,
    title: z.string().min(1).max(300).optional(),
    start: dateTime.optional(),
    end: dateTime.optional(),
    location: z.string().max(500).optional(),
    description: z.string().max(10_000).optional(),
    addAttendees: z.array(attendee).max(100).optional(),
    removeAttendees: z.array(attendee).max(100).optional(),
  }),
} as const satisfies WriteToolSpec;

export const calendarRespond = {
  effect: 'write',
  name: toolNameFor('calendar.respond'),
  capability: 'calendar.respond',
  description: 'Propose answering an invitation in the user’s name (the organiser is told).',
  input: writeInput({
    eventId,
    response: z.enum(['accepted', 'tentative', 'declined']),
    comment: z.string().max(1_000).optional().describe('A note to the organiser.'),
  }),
} as const satisfies WriteToolSpec;

export const calendarCancel = {
  effect: 'write',
  name: toolNameFor('calendar.cancel'),
  capability: 'calendar.cancel',
  description: 'Propose cancelling an event the user organises (attendees are told).',
  input: writeInput({ eventId, message: z.string().max(1_000).optional().describe('A note to the attendees.') }),
} as const satisfies WriteToolSpec;

export const CALENDAR_TOOLS = [calendarListEvents, calendarGetEvent, calendarCreate, calendarUpdate, calendarRespond, calendarCancel] as const;
