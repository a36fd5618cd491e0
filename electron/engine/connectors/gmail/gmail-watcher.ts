/**
 * Keeps one Gmail account in view by polling its history (poll-schedule.ts says why not push, and
 * how often: faster while the user is there, not at all while the machine sleeps). Each poll is
 * one syncGmail from the stored cursor; every batch it hands on is committed with its cursor in
 * one transaction, so a crash or a stop mid-sync resumes where it was.
 *
 * Failures back off (and honour Google's Retry-After when it throttles), each reported in words.
 * A refused sign-in is not retried on a timer: the watcher waits until the user signs in again
 * (which starts a new watcher) or the machine wakes up.
 */
import type { AccountConnection } from '@shared/domain/types.js';
import type { NewMailItem } from '../../items/mail/index.js';
import { googleEndpoints, type GoogleEndpoints } from '../google/endpoints.js';
import { explainGoogleError, isUnauthorized, retryAfterMs } from '../google/google-errors.js';
import type { Watcher, WatcherContext } from '../types.js';
import { credentialsAuth } from './credentials-auth.js';
import { createGmailApi, type GmailApi } from './gmail-client.js';
import { syncGmail } from './gmail-sync.js';
import { LabelDirectory } from './label-directory.js';
import { GMAIL_STREAM, inLabelScope, toMailItem } from './mail-items.js';
import { nextPollDelay } from '../google/poll-schedule.js';
import { onlySyncTimeMoved } from '../google/quiet-reports.js';
import type { GmailSyncBatch } from './sync-batch.js';
import { gmailCursorSchema, type GmailCursor } from './sync-cursor.js';

export type GmailWatcherContext = WatcherContext<'gmail', NewMailItem>;

export interface GmailWatcherOptions {
  readonly endpoints?: () => GoogleEndpoints;
  readonly random?: () => number;
}

type SyncOutcome = 'synced' | 'retry' | 'failed' | 'auth_failed';


export class GmailWatcher implements Watcher {
  private stopped = false;
  private running: Promise<void> | null = null;
  private syncWanted = true;
  private wake: (() => void) | null = null;
  private inFlight: AbortController | null = null;
  private failures = 0;
  private retryAfter: number | null = null;
  /** One renewal of the access token per run of failures: a 401 may only mean a stale token. */
  private renewed = false;
  private lastChangeAt: number | null = null;
  private stopPresence: (() => void) | null = null;
  private gmail: { readonly api: GmailApi; readonly labels: LabelDirectory } | null = null;
  private labelWarning: string | null = null;
  /** What the last failed poll ran into, in words (reported with when the next try is). */
  private problem: string | null = null;
  private connection: AccountConnection = { state: 'connecting', lastSyncAt: null, lastError: null, nextRetryAt: null, progress: null };
  private reported: AccountConnection | null = null;

  constructor(
    private readonly deps: GmailWatcherContext,
    private readonly options: GmailWatcherOptions = {},
  ) {}

  start(): void {
    // Back at the keyboard: look now rather than at the next idle-paced poll.
    this.stopPresence ??= this.deps.presence.onChange((state) => {
      if (state === 'active') this.syncNow();
    });
    this.running ??= this.run();
  }

  syncNow(): void {
    this.syncWanted = true;
    this.wake?.();
  }

  /** After a sleep or a network change: a new client (no sockets from before), and a poll now. */
  reconnect(): void {
    this.gmail = null;
    this.syncNow();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopPresence?.();
    this.inFlight?.abort();
    this.wake?.();
    await this.running;
    this.report({ state: 'stopped', nextRetryAt: null, progress: null });
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      if (this.syncWanted) {
        this.syncWanted = false;
        const outcome = await this.syncOnce();
        if (this.stopped) break;
        if (outcome === 'retry') continue;
        if (outcome === 'auth_failed') {
          await this.sleep(null);
          continue;
        }
      }
      const delay = this.nextDelay();
      if (this.failures > 0) {
        this.report({ state: 'reconnecting', lastError: this.problem, nextRetryAt: delay === null ? null : new Date(this.deps.now().getTime() + delay).toISOString() });
      }
      if ((await this.sleep(delay)) === 'timer') this.syncWanted = true;
    }
  }

  private nextDelay(): number | null {
    const now = this.deps.now().getTime();
    const delay = nextPollDelay(
      {
        presence: this.deps.presence.current,
        sinceLastChangeMs: this.lastChangeAt === null ? null : now - this.lastChangeAt,
        consecutiveFailures: this.failures,
      },
      this.options.random,
    );
    return delay !== null && this.retryAfter !== null ? Math.max(delay, this.retryAfter) : delay;
  }

  private async syncOnce(): Promise<SyncOutcome> {
    const controller = new AbortController();
    this.inFlight = controller;
    const cursor = readCursor(this.deps.sink.cursor(GMAIL_STREAM));
    // A first (or resumed) full sync says so at once; a poll of the history stays quiet unless it finds something.
    if (cursor?.phase !== 'history') this.report({ state: 'syncing' });
    try {
      const { api, labels } = this.client();
      const phase = cursor?.phase === 'history' ? 'resync' : 'history';
      const result = await syncGmail(api, cursor, { isKnown: () => false, now: () => this.deps.now(), signal: controller.signal }, (batch) =>
        this.commit(batch, labels, phase, controller.signal),
      );
      if (result.changed) this.lastChangeAt = this.deps.now().getTime();
      this.failures = 0;
      this.retryAfter = null;
      this.renewed = false;
      this.report({ state: 'connected', lastSyncAt: this.deps.now().toISOString(), lastError: this.labelWarning, nextRetryAt: null, progress: null });
      return 'synced';
    } catch (error) {
      if (this.stopped) return 'failed';
      return this.failed(error);
    } finally {
      this.inFlight = null;
    }
  }

  private async failed(error: unknown): Promise<SyncOutcome> {
    const account = this.deps.account.email;
    if (isUnauthorized(error) && !this.renewed) {
      this.renewed = true;
      try {
        await this.deps.credentials.accessToken({ renew: true });
        return 'retry';
      } catch (renewal) {
        return this.failed(renewal);
      }
    }
    const problem = explainGoogleError(error, { doing: 'sync your Gmail', account });
    if (problem.code === 'auth_failed') {
      this.report({ state: 'auth_failed', lastError: problem.message, nextRetryAt: null, progress: null });
      return 'auth_failed';
    }
    this.failures += 1;
    this.retryAfter = retryAfterMs(error, this.deps.now().getTime());
    // A new client next time: the old one's sockets may be what failed.
    this.gmail = null;
    this.problem = problem.message;
    return 'failed';
  }

  private async commit(batch: GmailSyncBatch, labels: LabelDirectory, phase: 'history' | 'resync', signal: AbortSignal): Promise<void> {
    await labels.cover(
      batch.added.flatMap((message) => message.labelIds),
      signal,
    );
    const scope = labels.scope(this.deps.account.settings.includedLabels);
    this.labelWarning =
      scope.unknown.length > 0
        ? `Gmail has no label named ${scope.unknown.map((name) => `"${name}"`).join(' or ')}; Steward takes in mail under the other labels you chose. Check the names in Gmail.`
        : null;
    const names = labels.names();
    const taken = batch.added.filter((message) => inLabelScope(message.labelIds, scope));
    const left = batch.added.filter((message) => !inLabelScope(message.labelIds, scope)).map((message) => message.gmailId);
    this.deps.sink.commit({
      stream: GMAIL_STREAM,
      cursor: batch.cursor,
      items: taken.map((message) => toMailItem(message, names)),
      goneExternalIds: [...batch.gone, ...left],
      ...(batch.presentIds ? { presentExternalIds: batch.presentIds } : {}),
    });
    if (batch.cursor.phase === 'full' && batch.progress) {
      const { done, total } = batch.progress;
      this.report({ state: 'syncing', progress: { phase, done, total: Math.max(total ?? done, done) } });
    }
  }

  private client(): { api: GmailApi; labels: LabelDirectory } {
    if (!this.gmail) {
      const endpoints = (this.options.endpoints ?? googleEndpoints)();
      const api = createGmailApi(credentialsAuth(this.deps.credentials), endpoints);
      this.gmail = { api, labels: new LabelDirectory(api) };
    }
    return this.gmail;
  }

  /** Resolves 'timer' when `ms` passed, 'woken' when syncNow, reconnect or stop came first; null waits for those only. */
  private sleep(ms: number | null): Promise<'timer' | 'woken'> {
    if (this.stopped || this.syncWanted) return Promise.resolve('woken');
    return new Promise((resolve) => {
      const timer = ms === null ? null : setTimeout(() => finish('timer'), ms);
      const finish = (how: 'timer' | 'woken') => {
        if (timer) clearTimeout(timer);
        this.wake = null;
        resolve(how);
      };
      this.wake = () => finish('woken');
    });
  }

  /** Merges a change into the connection and passes it on, unless all that moved is the time of a quiet poll. */
  private report(change: Partial<AccountConnection>): void {
    this.connection = { ...this.connection, ...change };
    if (onlySyncTimeMoved(this.reported, this.connection)) return;
    this.reported = this.connection;
    this.deps.report(this.connection);
  }
}

function readCursor(stored: unknown): GmailCursor | null {
  const parsed = gmailCursorSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}
