/**
 * Whether a calendar undo the last process died in took effect, read from the event as the
 * server holds it now (looks only). The runner asks at start-up (Executor.reconcileUndo): an
 * undo found in effect is recorded undone; otherwise the action stays done and Undo can be
 * tried again. What a CalDAV undo leaves behind:
 * - create: the object Steward added is gone;
 * - update, cancel: the earlier version is back, stamped `undo:<action>` (restoredVersion);
 * - respond: the user's answer is the one before again.
 * Where Steward mails people itself (no server scheduling), the mail goes out after the write,
 * so a crash in between cannot be told from the calendar: the summary says so rather than claim it.
 */
import type { CalendarCapability } from '../../items/event/calendar-capabilities.js';
import { setOwnAnswer, stewardMarks } from '../../items/event/ics-edit.js';
import { readObject, type WriteTarget } from './caldav-writer.js';
import { createArgs, createUndo, changeUndo, respondArgs, respondUndo } from './executors.js';

export type UndoCheck = (actionId: string, args: unknown, undo: unknown, target: WriteTarget) => Promise<{ readonly summary: string } | null>;

const CONFIRMED = 'confirmed after an interruption';

function maybeUntold(target: WriteTarget, who: string): string {
  return target.serverSchedules ? '' : `; ${who} may not have been sent the mail about it`;
}

const createUndone: UndoCheck = async (_actionId, rawArgs, rawUndo, target) => {
  const { event } = createArgs.parse(rawArgs);
  const created = createUndo.parse(rawUndo);
  return (await readObject(target.session, created.url)) === null ? { summary: `Removed "${event.summary}", which Steward had added (${CONFIRMED})` } : null;
};

const restored: UndoCheck = async (actionId, _args, rawUndo, target) => {
  const { previous } = changeUndo.parse(rawUndo);
  const now = await readObject(target.session, previous.url);
  if (!now || stewardMarks(now.ics).lastAction !== `undo:${actionId}`) return null;
  return { summary: `Put the event back as it was (${CONFIRMED}${maybeUntold(target, 'the attendees')})` };
};

const answerRestored: UndoCheck = async (actionId, rawArgs, rawUndo, target) => {
  const args = respondArgs.parse(rawArgs);
  const undo = respondUndo.parse(rawUndo);
  const now = await readObject(target.session, undo.url);
  if (!now || stewardMarks(now.ics).lastAction !== actionId) return null;
  // setOwnAnswer reports the answer it would replace: the one the calendar holds now (its edited copy is not used).
  const recurrenceId = 'url' in args ? args.recurrenceId : args.invitation.recurrenceId;
  const current = setOwnAnswer(now.ics, target.self, undo.previousAnswer, recurrenceId, actionId, target.now()).previous;
  if (current !== undo.previousAnswer) return null;
  return { summary: `Put your earlier answer (${undo.previousAnswer}) back (${CONFIRMED}${maybeUntold(target, 'the organiser')})` };
};

export const calendarUndoChecks: Readonly<Record<CalendarCapability, UndoCheck>> = {
  'calendar.create': createUndone,
  'calendar.update': restored,
  'calendar.cancel': restored,
  'calendar.respond': answerRestored,
};
