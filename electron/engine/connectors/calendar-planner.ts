/**
 * Turns calendar intents into steps for a calendar connector (CalDAV, Google Calendar): an answer
 * to an invitation (calendar.respond) and a new tentative event (calendar.create). The steps and
 * their previews are the same for every calendar; only the arguments its executors take differ.
 * Mail intents are not a calendar's to plan.
 */
import type { AppId } from '@shared/domain/capabilities.js';
import type { StoredAccount } from '../accounts/account-store.js';
import type { NewEventSpec } from '../items/event/ics-edit.js';
import type { CalendarEventRef, StepIntent } from '../intents/intents.js';
import type { ProposedStep } from './types.js';

const ANSWER_WORDS = { accepted: 'Accept', declined: 'Decline', tentative: 'Tentatively accept' } as const;

export interface CalendarStepArgs {
  respond(event: CalendarEventRef, answer: 'accepted' | 'declined' | 'tentative'): unknown;
  create(calendarId: string, event: NewEventSpec): unknown;
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
    default:
      return null;
  }
}
