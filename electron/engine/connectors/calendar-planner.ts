/**
 * Turns calendar intents into steps for a calendar connector (CalDAV, Google Calendar): an answer
 * to an invitation (calendar.respond), a new tentative event (calendar.create), a change to an
 * event the user has alone (calendar.update) and the cancellation of one they organise
 * (calendar.cancel). The steps and their previews are the same for every calendar; only the
 * arguments its executors take differ. Mail intents are not a calendar's to plan.
 */
import type { AppId } from '@shared/domain/capabilities.js';
import type { StoredAccount } from '../accounts/account-store.js';
import type { EventChanges, NewEventSpec } from '../items/event/ics-edit.js';
import type { CalendarEventRef, StepIntent } from '../intents/intents.js';
import type { ProposedStep } from './types.js';

const ANSWER_WORDS = { accepted: 'Accept', declined: 'Decline', tentative: 'Tentatively accept' } as const;

export interface CalendarStepArgs {
  respond(event: CalendarEventRef, answer: 'accepted' | 'declined' | 'tentative'): unknown;
  create(calendarId: string, event: NewEventSpec): unknown;
  update(event: CalendarEventRef, expectedEtag: string | null, changes: EventChanges): unknown;
  cancel(event: CalendarEventRef, expectedEtag: string | null): unknown;
}

export function planCalendarIntent(intent: StepIntent, account: StoredAccount, app: AppId, argsOf: CalendarStepArgs): ProposedStep[] | null {
  switch (intent.type) {
    case 'calendar.respond':
      return [
        {
          capability: 'calendar.respond',
          app,
          accountId: account.id,
          title: `${ANSWER_WORDS[intent.answer]} "${intent.event.title}"`,
          args: argsOf.respond(intent.event, intent.answer),
          preview: {
            kind: 'event',
            title: intent.event.title,
            ...intent.event.when,
            change: `Your answer: ${intent.answer}. The organiser is told.`,
            undoNote: 'Undo sends your previous answer again: the organiser sees both answers.',
          },
        },
      ];
    case 'calendar.create':
      return [
        {
          capability: 'calendar.create',
          app,
          accountId: account.id,
          title: `Add "${intent.event.summary}" as ${intent.event.status ?? 'tentative'}`,
          args: argsOf.create(intent.calendarId, { ...intent.event, status: intent.event.status ?? 'tentative' }),
          preview: {
            kind: 'event',
            title: intent.event.summary,
            ...intent.when,
            change: `Added to your calendar as ${intent.event.status ?? 'tentative'}. Nobody is invited.`,
            undoNote: 'Undo deletes the event again (only if it is unchanged).',
          },
        },
      ];
    case 'calendar.update':
      return [
        {
          capability: 'calendar.update',
          app,
          accountId: account.id,
          title: `Change "${intent.event.title}"`,
          args: argsOf.update(intent.event, intent.etag, intent.changes),
          preview: {
            kind: 'event',
            title: intent.event.title,
            ...intent.event.when,
            change: `${intent.described} Nobody else is told.`,
            undoNote: 'Undo puts the earlier version back, unless the event was changed again after Steward\'s change.',
          },
        },
      ];
    case 'calendar.cancel':
      return [
        {
          capability: 'calendar.cancel',
          app,
          accountId: account.id,
          title: `Cancel "${intent.event.title}"`,
          args: argsOf.cancel(intent.event, intent.etag),
          preview: {
            kind: 'event',
            title: intent.event.title,
            ...intent.event.when,
            change: intent.guests > 0 ? `Cancelled for everyone: ${intent.guests} guest(s) are told.` : 'Cancelled in your calendar.',
            undoNote: intent.guests > 0 ? 'Undo puts the event back and tells the guests again, while the calendar still keeps the cancelled event.' : 'Undo puts the event back, while the calendar still keeps the cancelled event.',
          },
        },
      ];
    default:
      return null;
  }
}
