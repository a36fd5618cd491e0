/**
 * The CalDAV connector (iCloud, Fastmail, Nextcloud, Radicale…): discovery from a base URL,
 * incremental sync (sync-collection, else ctag/ETag), and the calendar capabilities with undo.
 * The one definition the engine sees of this folder, plus its parts for tests and benchmarks.
 *
 *   kind 'caldav' · item kind 'event' · credential kind 'password'
 *   account input: caldavAccountInput (shared/connectors/caldav.ts)
 */
import { describeAccount } from '@shared/connectors/index.js';
import type { NewEventResource } from '../../items/event/event-kind.js';
import type { ConnectorDefinition } from '../types.js';
import { caldavExecutors } from './account-executors.js';
import { prepareCaldavAccount, testCaldavAccount, testCaldavPassword } from './account-setup.js';
import { createCaldavWatcher } from './account-watcher.js';
import { planCaldav } from './planner.js';

export const caldavConnector: ConnectorDefinition<'caldav', NewEventResource> = {
  kind: 'caldav',
  itemKind: 'event',
  credential: 'password',
  prepare: prepareCaldavAccount,
  test: testCaldavAccount,
  testPassword: testCaldavPassword,
  describe: (account) => describeAccount(account),
  createWatcher: (context) => createCaldavWatcher(context),
  executors: caldavExecutors,
  plan: planCaldav,
};

export { openSession, CalDavAuthError, CalDavHttpError, CalDavNetworkError, REQUEST_TIMEOUT_MS, type CalDavEndpoint, type CalDavSession } from './caldav-session.js';
export { describeCalDavError, NotCalDavError } from './caldav-errors.js';
export { discover, listCalendars, type CalDavAccountInfo, type CalDavCalendar } from './discovery.js';
export {
  syncCalendar,
  syncAccount,
  type AccountCursor,
  type AccountSyncResult,
  type CalendarCursor,
  type CalendarSyncResult,
  type ChangedResource,
  type SyncMode,
  type SyncOptions,
} from './caldav-sync.js';
export { CalDavWatcher, type CalDavWatcherOptions } from './caldav-watcher.js';
export { createCaldavWatcher, CALDAV_POLL_MS } from './account-watcher.js';
export { testCalDavConnection, type CalDavConnectionCheck } from './test-connection.js';
export { writeTargetFor } from './account-executors.js';
export {
  createEvent,
  createdObjectUrl,
  deleteCreatedEvent,
  updateEvent,
  restoreEvent,
  respondToEvent,
  respondToInvitation,
  cancelEvent,
  readObject,
  type ChangeOutcome,
  type CreateOutcome,
  type ImipSender,
  type RespondOutcome,
  type StoredVersion,
  type WriteTarget,
} from './caldav-writer.js';
export { calendarExecutors, createExecutor, updateExecutor, respondExecutor, cancelExecutor, eventTimeSchema, createArgs, updateArgs, respondArgs, cancelArgs, type CalendarExecutor } from './executors.js';
export { smtpImipSender, type SmtpEndpoint } from './imip-sender.js';
