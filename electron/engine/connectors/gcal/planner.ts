/** Calendar intents as Google Calendar steps: the event id to answer on, change or cancel, the calendar to add to. */
import type { StoredAccount } from '../../accounts/account-store.js';
import type { StepIntent } from '../../intents/intents.js';
import { planCalendarIntent } from '../calendar-planner.js';
import type { ProposedStep } from '../types.js';

export function planGcal(intent: StepIntent, account: StoredAccount<'gcal'>): ProposedStep[] | null {
  return planCalendarIntent(intent, account, 'gcal', {
    respond: (event, answer) => ({ eventId: event.href, answer, recurrenceId: event.recurrenceId }),
    create: (calendarId, event) => ({ calendarId, event }),
    update: (event, expectedEtag, changes) => ({ eventId: event.href, expectedEtag, changes }),
    cancel: (event, expectedEtag) => ({ eventId: event.href, expectedEtag }),
  });
}
