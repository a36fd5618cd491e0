/**
 * Google Calendar through its API: the Google sign-in shared with Gmail, the user's calendar list
 * synced into the same event store as CalDAV (Google events become iCalendar objects,
 * event-ics.ts), incrementally by sync token where the server gives one, and answering and
 * adding events. The one definition the engine sees of this folder.
 *
 *   kind 'gcal' · item kind 'event' · credential kind 'oauth' (provider 'google')
 *   account input: gcalAccountInput (shared/connectors/gcal.ts)
 */
import { describeAccount } from '@shared/connectors/index.js';
import type { NewEventResource } from '../../items/event/event-kind.js';
import { testGoogleSignInInput } from '../google/account-sign-in.js';
import type { ConnectorDefinition } from '../types.js';
import { gcalMigrations } from './event-table.js';
import { gcalExecutors } from './executors.js';
import { createGcalWatcher } from './gcal-watcher.js';
import { planGcal } from './planner.js';
import { gcalSignIn, gcalSignInRequired } from './sign-in.js';

export const gcalConnector: ConnectorDefinition<'gcal', NewEventResource> = {
  kind: 'gcal',
  itemKind: 'event',
  credential: 'oauth',
  prepare: () => {
    throw gcalSignInRequired();
  },
  test: testGoogleSignInInput,
  describe: (account) => describeAccount(account),
  createWatcher: (context) => createGcalWatcher(context),
  executors: gcalExecutors,
  plan: planGcal,
  migrations: gcalMigrations,
  signIn: gcalSignIn,
};

export { createGcalWatcher, type GcalCursor, type GcalWatcherOptions } from './gcal-watcher.js';
export { googleSeriesToIcs } from './event-ics.js';
export { seriesResource } from './event-resource.js';
