/**
 * Turns calendar intents into CalDAV steps: an answer to an invitation (calendar.respond) and a
 * new tentative event (calendar.create). Mail intents are not a calendar's to plan.
 */
import type { StoredAccount } from '../../accounts/account-store.js';
import type { StepIntent } from '../../intents/intents.js';
import type { ProposedStep } from '../types.js';

const ANSWER_WORDS = { accepted: 'Accept', declined: 'Decline', tentative: 'Tentatively accept' } as const;

export function planCaldav(intent: StepIntent, account: StoredAccount<'caldav'>): ProposedStep[] | null {
  switch (intent.type) {
    case 'calendar.respond':
      return [
        {
          capability: 'calendar.respond',
          app: 'caldav',
          accountId: account.id,
          title: `${ANSWER_WORDS[intent.answer]} "${intent.event.title}"`,
          args: { url: intent.event.href, answer: intent.answer, recurrenceId: intent.event.recurrenceId },
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
          app: 'caldav',
          accountId: account.id,
          title: `Add "${intent.event.summary}" as ${intent.event.status ?? 'tentative'}`,
          args: { calendarUrl: intent.calendarId, event: { ...intent.event, status: intent.event.status ?? 'tentative' } },
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
