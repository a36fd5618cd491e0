/**
 * Keeps a CalDAV account in sync. CalDAV has no push, so it polls: a sync-collection report per
 * calendar costs one small request when nothing changed. Failures back off (1 s up to 5 min);
 * a wrong password or an address that is not a CalDAV server waits for the user instead of
 * retrying. Every status change comes with its reason in words.
 *
 * The watcher owns no storage: `commit` receives each calendar's result together with the
 * cursor to store with it, so items and cursor move forward together or not at all.
 */
import type { AccountConnection } from '@shared/domain/types.js';
import { reconnectDelay } from '../backoff.js';
import type { Watcher } from '../types.js';
import { describeCalDavError } from './caldav-errors.js';
import { openSession, type CalDavEndpoint } from './caldav-session.js';
import { syncAccount, type AccountCursor, type CalendarSyncResult, type SyncOptions } from './caldav-sync.js';
import { discover, type CalDavAccountInfo } from './discovery.js';

export interface CalDavWatcherOptions {
  /** Asked before every sync, so a changed password is picked up (from the credential provider). */
  readonly endpoint: () => CalDavEndpoint | Promise<CalDavEndpoint>;
  readonly loadCursor: () => AccountCursor | null | Promise<AccountCursor | null>;
  /** Store the calendar's changes and the cursor, together. */
  readonly commit: (result: CalendarSyncResult, cursor: AccountCursor) => void | Promise<void>;
  /** Calendars the server no longer lists: their events are gone with them. */
  readonly onCalendarsGone?: (urls: readonly string[], cursor: AccountCursor) => void | Promise<void>;
  readonly onStatus: (status: AccountConnection) => void;
  /** Between polls while all is well. */
  readonly pollIntervalMs: number;
  readonly syncOptions?: SyncOptions;
  readonly now?: () => Date;
}

export class CalDavWatcher implements Watcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private rerun = false;
  private stopped = true;
  private attempt = 0;
  private controller = new AbortController();
  private info: CalDavAccountInfo | undefined;
  private status: AccountConnection = { state: 'stopped', lastSyncAt: null, lastError: null, nextRetryAt: null };

  constructor(private readonly options: CalDavWatcherOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.controller = new AbortController();
    this.report({ state: 'connecting' });
    this.syncNow();
  }

  /** Syncs now; if a sync is running, once more when it ends. */
  syncNow(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    if (this.running) {
      this.rerun = true;
      return;
    }
    this.running = this.cycle().finally(() => {
      this.running = undefined;
      if (this.rerun && !this.stopped) {
        this.rerun = false;
        this.syncNow();
      }
    });
  }

  /** Forgets the discovered URLs and backoff and syncs now (the network changed, the password was fixed). */
  reconnect(): void {
    if (this.stopped) return;
    this.info = undefined;
    this.attempt = 0;
    this.syncNow();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.controller.abort();
    await this.running;
    this.report({ state: 'stopped', nextRetryAt: null });
  }

  private async cycle(): Promise<void> {
    const signal = this.controller.signal;
    let endpoint: CalDavEndpoint | undefined;
    try {
      endpoint = await this.options.endpoint();
      const session = openSession(endpoint, signal);
      this.report({ state: 'syncing' });
      this.info ??= await discover(session);
      const cursor = await this.options.loadCursor();
      const result = await syncAccount(session, this.info, cursor, { ...this.options.syncOptions, commit: this.options.commit });
      if (result.removedCalendars.length > 0) await this.options.onCalendarsGone?.(result.removedCalendars, result.cursor);
      this.attempt = 0;
      this.report({ state: 'connected', lastSyncAt: this.now().toISOString(), lastError: null, nextRetryAt: null });
      this.schedule(this.options.pollIntervalMs);
    } catch (error) {
      if (this.stopped) return;
      const described = describeCalDavError(error, endpoint ?? { serverUrl: 'the calendar server', username: '' });
      if (described.code === 'auth_failed' || described.code === 'invalid_input') {
        // Retrying a wrong password only locks the account: wait for the user (reconnect()).
        this.report({ state: 'auth_failed', lastError: described.message, nextRetryAt: null });
        return;
      }
      const delay = reconnectDelay(this.attempt++);
      this.report({ state: 'reconnecting', lastError: described.message, nextRetryAt: new Date(this.now().getTime() + delay).toISOString() });
      this.schedule(delay);
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.syncNow(), delayMs);
    this.timer.unref?.();
  }

  private report(change: Partial<AccountConnection>): void {
    this.status = { ...this.status, ...change };
    this.options.onStatus(this.status);
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}
