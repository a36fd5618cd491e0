/**
 * The CalDAV connector (iCloud, Fastmail, Nextcloud, Radicale…): its public surface, for the
 * connector registry to wrap in its ConnectorDefinition once that lands.
 *
 *   kind 'caldav' · item kind 'event' · credential kind 'password'
 *   account input: caldavAccountInput (shared/connectors/caldav.ts) · settings: caldavSettings
 *   connection test: testCalDavConnection · watcher: CalDavWatcher
 *   read capability: calendar.read · executors: calendarExecutors (create, update, respond, cancel)
 *   storage: the event item kind's EventStore (EVENT_STORE_SQL)
 */
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
export { testCalDavConnection, type CalDavConnectionCheck } from './test-connection.js';
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
