/**
 * Google Calendar's capabilities as executors: calendar.create (a tentative event nobody is
 * invited to; undo deletes exactly the event the add created) and calendar.respond (the user's
 * answer on their attendee entry, for a whole series or one occurrence; undo sets the previous
 * answer again, which the organiser also sees). calendar.update and calendar.cancel are in
 * change-executors.ts. Each binds the gate's ticket to its arguments before it writes.
 */
import { z } from 'zod';
import { ApiError } from '@shared/api/errors.js';
import { bindTicket } from '../../gate/gate.js';
import { eventTimeSchema } from '../../items/event/event-time-schema.js';
import { isNotFound } from '../google/google-errors.js';
import type { ExecutionContext, Executor } from '../types.js';
import { GcalEventTable } from './event-table.js';
import { gcalCancelExecutor, gcalUpdateExecutor } from './change-executors.js';
import { deleteInsertedEvent, findOccurrence, insertEvent, setAnswer, type GcalTarget } from './event-writer.js';
import { STEWARD_CREATED_KEY, type GoogleEvent } from './google-event.js';
import { targetFor } from './write-target.js';

const text = (max: number) => z.string().max(max);
const id = z.string().min(1).max(1024);

export const gcalCreateArgs = z.object({
  calendarId: id,
  event: z.object({
    summary: text(500).min(1),
    start: eventTimeSchema,
    end: eventTimeSchema,
    description: text(10_000).optional(),
    location: text(1_000).optional(),
    status: z.enum(['confirmed', 'tentative']).optional(),
    transparency: z.enum(['opaque', 'transparent']).optional(),
  }),
});
const createUndo = z.object({ calendarId: id, eventId: id });

export const gcalRespondArgs = z.object({
  /** The series (or single event) id: the event's href in the store. */
  eventId: id,
  /** One occurrence of the series (its original start); null for the whole series. */
  answer: z.enum(['accepted', 'declined', 'tentative']),
  recurrenceId: eventTimeSchema.nullable().default(null),
});
const respondUndo = z.object({ calendarId: id, eventId: id, previousAnswer: z.enum(['needsAction', 'accepted', 'declined', 'tentative']) });


export const gcalCreateExecutor: Executor<'gcal'> = {
  capability: 'calendar.create',
  async execute(granted, rawArgs, context) {
    const ticket = bindTicket(granted, rawArgs, 'execute');
    const args = gcalCreateArgs.parse(rawArgs);
    const created = await insertEvent(ticket, await targetFor(context), args.calendarId, args.event);
    return { summary: created.summary, undo: { calendarId: args.calendarId, eventId: created.eventId } };
  },
  async undo(granted, rawArgs, rawUndo, context) {
    const ticket = bindTicket(granted, rawArgs, 'undo');
    const undo = createUndo.parse(rawUndo);
    return deleteInsertedEvent(ticket, await targetFor(context), undo.calendarId, undo.eventId, gcalCreateArgs.parse(rawArgs).event.summary);
  },
  /** The event carries the action in its private properties: the add happened. */
  async reconcile(actionId, rawArgs, context) {
    const args = gcalCreateArgs.parse(rawArgs);
    const response = await (await targetFor(context)).api.events.list({ calendarId: args.calendarId, privateExtendedProperty: [`${STEWARD_CREATED_KEY}=${actionId}`], maxResults: 10 });
    // Checked here too: a server that ignores the filter must not make another event "ours".
    const mine = (response.data.items ?? []).find((event) => event.extendedProperties?.private?.[STEWARD_CREATED_KEY] === actionId);
    return mine?.id ? { summary: `Added "${args.event.summary}"`, undo: { calendarId: args.calendarId, eventId: mine.id } } : null;
  },
};

export const gcalRespondExecutor: Executor<'gcal'> = {
  capability: 'calendar.respond',
  async execute(granted, rawArgs, context) {
    const ticket = bindTicket(granted, rawArgs, 'execute');
    const args = gcalRespondArgs.parse(rawArgs);
    const target = await targetFor(context);
    const found = await answerTarget(target, context, args);
    const outcome = await setAnswer(ticket, target, found.calendarId, found.event, args.answer);
    // Undo answers the same event: the occurrence's instance when one occurrence was answered.
    return { summary: outcome.summary, undo: { calendarId: found.calendarId, eventId: found.event.id ?? args.eventId, previousAnswer: outcome.previous } };
  },
  /** Sets the previous answer again: the organiser sees both answers (the preview says so). */
  async undo(granted, rawArgs, rawUndo, context) {
    const ticket = bindTicket(granted, rawArgs, 'undo');
    const undo = respondUndo.parse(rawUndo);
    const target = await targetFor(context);
    const current = await target.api.events.get({ calendarId: undo.calendarId, eventId: undo.eventId });
    const outcome = await setAnswer(ticket, target, undo.calendarId, current.data, undo.previousAnswer);
    return { summary: `${outcome.summary} (as before)` };
  },
  /** Whether the answer is on the event now; undo is not offered for it (the previous answer is not known). */
  async reconcile(_actionId, rawArgs, context) {
    const args = gcalRespondArgs.parse(rawArgs);
    const target = await targetFor(context);
    try {
      const found = await answerTarget(target, context, args);
      const current = await target.api.events.get({ calendarId: found.calendarId, eventId: found.event.id ?? args.eventId });
      const mine = current.data.attendees?.find((attendee) => attendee.self === true || attendee.email?.toLowerCase() === context.account.email.toLowerCase());
      return mine?.responseStatus === args.answer ? { summary: 'Answered the invitation (found done after an interruption; undo is not available for it)', undo: null } : null;
    } catch (error) {
      if (isNotFound(error) || (error instanceof ApiError && error.code === 'not_found')) return null;
      throw error;
    }
  },
};

/** The event an answer goes on: the series (or single event) Steward stored, or one occurrence of it. */
async function answerTarget(target: GcalTarget, context: ExecutionContext<'gcal'>, args: z.infer<typeof gcalRespondArgs>): Promise<{ calendarId: string; event: GoogleEvent }> {
  const found = new GcalEventTable(context.db, context.account.id).find(args.eventId);
  if (!found) throw new ApiError('not_found', 'Steward has not seen this event in your Google Calendar (it may have been deleted). Nothing was changed.');
  if (args.recurrenceId === null) return found;
  return { calendarId: found.calendarId, event: await findOccurrence(target, found.calendarId, args.eventId, args.recurrenceId) };
}

export const gcalExecutors: readonly Executor<'gcal'>[] = [gcalCreateExecutor, gcalUpdateExecutor, gcalRespondExecutor, gcalCancelExecutor];
