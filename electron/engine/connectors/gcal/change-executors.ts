/**
 * calendar.update and calendar.cancel on Google Calendar as executors (the writes are in
 * event-changes.ts). Their arguments have the CalDAV executors' shape with Google's event id in
 * place of the object URL: the event, the version the user saw (its etag), and the changes.
 */
import { z } from 'zod';
import { ApiError } from '@shared/api/errors.js';
import { bindTicket } from '../../gate/gate.js';
import { eventChangesSchema } from '../../items/event/event-time-schema.js';
import { isNotFound } from '../google/google-errors.js';
import type { ExecutionContext, ExecutionOutcome, Executor } from '../types.js';
import { cancelGoogleEvent, markOf, restoreGoogleEvent, updateGoogleEvent, type GoogleChange } from './event-changes.js';
import { GcalEventTable } from './event-table.js';
import { targetFor } from './write-target.js';

const id = z.string().min(1).max(1024);

export const gcalUpdateArgs = z.object({
  /** The event (or series) id: the event's href in the store. */
  eventId: id,
  /** The version the user saw; null to take whatever is there. */
  expectedEtag: z.string().nullable(),
  changes: eventChangesSchema,
});

export const gcalCancelArgs = z.object({ eventId: id, expectedEtag: z.string().nullable() });

/** What undo needs: the whole earlier resource, and the etag Steward's own write left. */
const changeUndo = z.object({ calendarId: id, eventId: id, etagAfter: z.string(), previous: z.record(z.string(), z.unknown()) });

export const gcalUpdateExecutor: Executor<'gcal'> = {
  capability: 'calendar.update',
  async execute(granted, rawArgs, context) {
    const ticket = bindTicket(granted, rawArgs, 'execute');
    const args = gcalUpdateArgs.parse(rawArgs);
    if (args.changes.status === 'cancelled') throw new ApiError('invalid_input', 'Cancelling an event is its own step (calendar.cancel), which tells the guests. Nothing was changed.');
    const calendarId = calendarOf(context, args.eventId);
    const result = await updateGoogleEvent(ticket, await targetFor(context), calendarId, args.eventId, args.expectedEtag, args.changes);
    return { summary: result.summary, undo: result.change };
  },
  async undo(granted, rawArgs, rawUndo, context) {
    const ticket = bindTicket(granted, rawArgs, 'undo');
    return restoreGoogleEvent(ticket, 'calendar.update', await targetFor(context), parseUndo(rawUndo));
  },
  async reconcile(actionId, rawArgs, context) {
    return reconcileMark(actionId, gcalUpdateArgs.parse(rawArgs).eventId, context, 'Changed');
  },
};

export const gcalCancelExecutor: Executor<'gcal'> = {
  capability: 'calendar.cancel',
  async execute(granted, rawArgs, context) {
    const ticket = bindTicket(granted, rawArgs, 'execute');
    const args = gcalCancelArgs.parse(rawArgs);
    const result = await cancelGoogleEvent(ticket, await targetFor(context), calendarOf(context, args.eventId), args.eventId, args.expectedEtag);
    return { summary: result.summary, undo: result.change };
  },
  async undo(granted, rawArgs, rawUndo, context) {
    const ticket = bindTicket(granted, rawArgs, 'undo');
    return restoreGoogleEvent(ticket, 'calendar.cancel', await targetFor(context), parseUndo(rawUndo));
  },
  async reconcile(actionId, rawArgs, context) {
    return reconcileMark(actionId, gcalCancelArgs.parse(rawArgs).eventId, context, 'Cancelled');
  },
};

function calendarOf(context: ExecutionContext<'gcal'>, eventId: string): string {
  const found = new GcalEventTable(context.db, context.account.id).find(eventId);
  if (!found) throw new ApiError('not_found', 'Steward has not seen this event in your Google Calendar (it may have been deleted). Nothing was changed.');
  return found.calendarId;
}

function parseUndo(raw: unknown): GoogleChange {
  return changeUndo.parse(raw);
}

/** The event carries the action's mark: the write happened. Its earlier version is not known any more, so no undo. */
async function reconcileMark(actionId: string, eventId: string, context: ExecutionContext<'gcal'>, verb: string): Promise<ExecutionOutcome | null> {
  const found = new GcalEventTable(context.db, context.account.id).find(eventId);
  if (!found) return null;
  try {
    const current = await (await targetFor(context)).api.events.get({ calendarId: found.calendarId, eventId });
    if (markOf(current.data) !== actionId) return null;
    return { summary: `${verb} the event (found done after an interruption; undo is not available for it)`, undo: null };
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}
