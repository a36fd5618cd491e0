/** Calendar intents as CalDAV steps: the object URL to answer on, change or cancel, the collection to add to. */
import type { StoredAccount } from '../../accounts/account-store.js';
import type { StepIntent } from '../../intents/intents.js';
import { planCalendarIntent } from '../calendar-planner.js';
import type { ProposedStep } from '../types.js';

export function planCaldav(intent: StepIntent, account: StoredAccount<'caldav'>): ProposedStep[] | null {
  return planCalendarIntent(intent, account, 'caldav', {
    respond: (event, answer) => ({ url: event.href, answer, recurrenceId: event.recurrenceId }),
    create: (calendarId, event) => ({ calendarUrl: calendarId, event }),
    update: (event, expectedEtag, changes) => ({ url: event.href, expectedEtag, changes }),
    cancel: (event, expectedEtag) => ({ url: event.href, expectedEtag }),
  });
}
