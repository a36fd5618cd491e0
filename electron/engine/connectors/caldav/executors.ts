/**
 * The calendar capabilities as executors: validated arguments in, a summary in words and undo
 * data out, undo, and reconcile (after a step was cut short: did it happen anyway?). They are
 * written against a WriteTarget (a logged-in session, the user's addresses, the iMIP sender),
 * which the engine builds from the account and its credentials.
 */
import { z } from 'zod';
import { bindTicket, type Ticket } from '../../gate/gate.js';
import type { CalendarCapability } from '../../items/event/calendar-capabilities.js';
import { eventChangesSchema, eventTimeSchema } from '../../items/event/event-time-schema.js';
import { stewardMarks } from '../../items/event/ics-edit.js';
import type { ExecutionOutcome } from '../types.js';
import {
  cancelEvent,
  createdObjectUrl,
  createEvent,
  deleteCreatedEvent,
  readObject,
  respondToEvent,
  respondToInvitation,
  restoreEvent,
  updateEvent,
  type WriteTarget,
} from './caldav-writer.js';

export interface CalendarExecutor {
  readonly capability: CalendarCapability;
  execute(ticket: Ticket, args: unknown, target: WriteTarget): Promise<ExecutionOutcome>;
  undo(ticket: Ticket, args: unknown, undo: unknown, target: WriteTarget): Promise<{ readonly summary: string }>;
  /** Looks, without changing anything, whether the step's effect is on the server; null when not. */
  reconcile(actionId: string, args: unknown, target: WriteTarget): Promise<ExecutionOutcome | null>;
}

export { eventTimeSchema };

const url = z.url().max(2000);
const text = (max: number) => z.string().max(max);
const status = z.enum(['confirmed', 'tentative', 'cancelled']);

export const createArgs = z.object({
  calendarUrl: url,
  event: z.object({
    summary: text(500).min(1),
    start: eventTimeSchema,
    end: eventTimeSchema,
    description: text(10_000).optional(),
    location: text(1_000).optional(),
    status: status.optional(),
    transparency: z.enum(['opaque', 'transparent']).optional(),
  }),
});
export const createUndo = z.object({ url, etag: z.string() });

export const updateArgs = z.object({
  url,
  /** The version the user saw; null to take whatever is there. */
  expectedEtag: z.string().nullable(),
  changes: eventChangesSchema,
});
const storedVersion = z.object({ url, etag: z.string(), ics: z.string() });
export const changeUndo = z.object({ previous: storedVersion });

const answer = z.enum(['accepted', 'declined', 'tentative']);
/** Either an event in the calendar, or an invitation from the mail not in any calendar yet (added to calendarUrl). */
export const respondArgs = z.union([
  z.object({ url, answer, recurrenceId: eventTimeSchema.nullable().default(null) }),
  z.object({ invitation: z.object({ ics: z.string().max(1_000_000), recurrenceId: eventTimeSchema.nullable().default(null) }), calendarUrl: url, answer }),
]);
export const respondUndo = z.object({ url, previousAnswer: z.enum(['needs-action', 'accepted', 'declined', 'tentative']) });

export const cancelArgs = z.object({ url, expectedEtag: z.string().nullable() });

export const createExecutor: CalendarExecutor = {
  capability: 'calendar.create',
  async execute(granted, rawArgs, target) {
    const ticket = bindTicket(granted, rawArgs, 'execute');
    const args = createArgs.parse(rawArgs);
    const outcome = await createEvent(ticket, target, args.calendarUrl, args.event);
    return { summary: outcome.summary, undo: { url: outcome.url, etag: outcome.etag } };
  },
  async undo(granted, stepArgs, rawUndo, target) {
    const ticket = bindTicket(granted, stepArgs, 'undo');
    return deleteCreatedEvent(ticket, target, createUndo.parse(rawUndo));
  },
  async reconcile(actionId, rawArgs, target) {
    const args = createArgs.parse(rawArgs);
    const stored = await readObject(target.session, createdObjectUrl(args.calendarUrl, actionId));
    if (!stored || stewardMarks(stored.ics).createdBy !== actionId) return null;
    return { summary: `Added "${args.event.summary}"`, undo: { url: stored.url, etag: stored.etag } };
  },
};

export const updateExecutor: CalendarExecutor = {
  capability: 'calendar.update',
  async execute(granted, rawArgs, target) {
    const ticket = bindTicket(granted, rawArgs, 'execute');
    const args = updateArgs.parse(rawArgs);
    const outcome = await updateEvent(ticket, target, args.url, args.expectedEtag, args.changes);
    return { summary: outcome.summary, undo: outcome.previous ? { previous: outcome.previous } : null };
  },
  async undo(granted, stepArgs, rawUndo, target) {
    const ticket = bindTicket(granted, stepArgs, 'undo');
    return restoreEvent(ticket, 'calendar.update', target, changeUndo.parse(rawUndo).previous);
  },
  async reconcile(actionId, rawArgs, target) {
    return reconcileMark(actionId, updateArgs.parse(rawArgs).url, target, 'Changed');
  },
};

export const respondExecutor: CalendarExecutor = {
  capability: 'calendar.respond',
  async execute(granted, rawArgs, target) {
    const ticket = bindTicket(granted, rawArgs, 'execute');
    const args = respondArgs.parse(rawArgs);
    const outcome =
      'url' in args
        ? await respondToEvent(ticket, target, args.url, args.answer, args.recurrenceId)
        : await respondToInvitation(ticket, target, args.invitation, args.answer, { calendarUrl: args.calendarUrl });
    return { summary: outcome.summary, undo: outcome.repeated ? null : { url: outcome.url, previousAnswer: outcome.previousAnswer } };
  },
  /** Sends the previous answer again: the organiser sees both answers (the UI says so). */
  async undo(granted, rawArgs, rawUndo, target) {
    const ticket = bindTicket(granted, rawArgs, 'undo');
    const args = respondArgs.parse(rawArgs);
    const undo = respondUndo.parse(rawUndo);
    return respondToEvent(ticket, target, undo.url, undo.previousAnswer, 'url' in args ? args.recurrenceId : args.invitation.recurrenceId);
  },
  async reconcile(actionId, rawArgs, target) {
    const args = respondArgs.parse(rawArgs);
    return reconcileMark(actionId, 'url' in args ? args.url : createdObjectUrl(args.calendarUrl, actionId), target, 'Answered');
  },
};

export const cancelExecutor: CalendarExecutor = {
  capability: 'calendar.cancel',
  async execute(granted, rawArgs, target) {
    const ticket = bindTicket(granted, rawArgs, 'execute');
    const args = cancelArgs.parse(rawArgs);
    const outcome = await cancelEvent(ticket, target, args.url, args.expectedEtag);
    return { summary: outcome.summary, undo: outcome.previous ? { previous: outcome.previous } : null };
  },
  async undo(granted, stepArgs, rawUndo, target) {
    const ticket = bindTicket(granted, stepArgs, 'undo');
    return restoreEvent(ticket, 'calendar.cancel', target, changeUndo.parse(rawUndo).previous);
  },
  async reconcile(actionId, rawArgs, target) {
    return reconcileMark(actionId, cancelArgs.parse(rawArgs).url, target, 'Cancelled');
  },
};

export const calendarExecutors: readonly CalendarExecutor[] = [createExecutor, updateExecutor, respondExecutor, cancelExecutor];

/** The object carries the action's mark: the write happened. Its previous version is not known any more, so no undo. */
async function reconcileMark(actionId: string, objectUrl: string, target: WriteTarget, verb: string): Promise<ExecutionOutcome | null> {
  const stored = await readObject(target.session, objectUrl);
  if (!stored || stewardMarks(stored.ics).lastAction !== actionId) return null;
  return { summary: `${verb} the event (found done after an interruption; undo is not available for it)`, undo: null };
}
