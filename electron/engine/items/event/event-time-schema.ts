/**
 * An EventTime (event-item.ts) as the calendar executors of every connector take it in their
 * arguments: checked before anything is written.
 */
import { z } from 'zod';
import type { EventTime } from './event-item.js';

const wall = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/, 'a wall time like 2024-05-16T13:00:00');
export const eventTimeSchema: z.ZodType<EventTime> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('date'), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2024-05-16') }),
  z.object({ kind: z.literal('utc'), iso: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/, 'a UTC time like 2024-05-16T13:00:00Z') }),
  z.object({ kind: z.literal('zoned'), local: wall, tzid: z.string().min(1).max(200) }),
  z.object({ kind: z.literal('floating'), local: wall }),
]);

/** The fields a calendar.update may change (EventChanges in ics-edit.ts), as every connector's executor takes them. */
export const eventChangesSchema = z.object({
  summary: z.string().max(500).optional(),
  start: eventTimeSchema.optional(),
  end: eventTimeSchema.optional(),
  location: z.string().max(1_000).optional(),
  description: z.string().max(10_000).optional(),
  status: z.enum(['confirmed', 'tentative', 'cancelled']).optional(),
});
