/**
 * The loop that keeps a Google source in view by polling (poll-schedule.ts says why not push, and
 * how often: faster while the user is there, not at all while the machine sleeps). Each round is
 * one `poll`, which does the source's work; the loop does the rest: pacing by presence, one token
 * renewal on a 401, backoff (honouring Google's Retry-After) with each failure reported in words,
 * and waiting for the user after a refused sign-in instead of retrying it on a timer.
 */
import type { AccountConnection } from '@shared/domain/types.js';
import type { AccountCredentials } from '../../credentials/credential-provider.js';
import type { PresenceView, Watcher } from '../types.js';
import { explainGoogleError, isUnauthorized, retryAfterMs } from './google-errors.js';
import { nextPollDelay } from './poll-schedule.js';
import { onlySyncTimeMoved } from './quiet-reports.js';

export interface PollRound {
  /** Something changed (polling stays fast for a while). */
  readonly changed: boolean;
  /** A warning to show with a healthy connection, or null. */
  readonly warning: string | null;
}

export interface GooglePollerOptions {
  readonly account: string;
  /** What a poll does, as the end of "Steward could not …": "sync your Google Calendar". */
  readonly doing: string;
  /** The command that signs the account in again, for the message when Google refuses the sign-in. */
  readonly signInCommand?: string;
  readonly credentials: AccountCredentials;
  readonly presence: PresenceView;
  readonly now: () => Date;
  readonly report: (connection: AccountConnection) => void;
  /** One round; `report` passes on what the round has to say while it works (progress). */
  readonly poll: (signal: AbortSignal, report: (change: Partial<AccountConnection>) => void) => Promise<PollRound>;
  /** After a failure, or on reconnect: drop clients whose sockets may be what failed. */
  readonly reset: () => void;
  readonly random?: () => number;
}

export class GooglePoller implements Watcher {
  private stopped = false;
  private running: Promise<void> | null = null;
  private pollWanted = true;
  private wake: (() => void) | null = null;
  private inFlight: AbortController | null = null;
  private failures = 0;
  private retryAfter: number | null = null;
  private renewed = false;
  private lastChangeAt: number | null = null;
  private stopPresence: (() => void) | null = null;
  private problem: string | null = null;
  private connection: AccountConnection = { state: 'connecting', lastSyncAt: null, lastError: null, nextRetryAt: null, progress: null };
  private reported: AccountConnection | null = null;

  constructor(private readonly options: GooglePollerOptions) {}

  start(): void {
    // Back at the keyboard: look now rather than at the next idle-paced poll.
    this.stopPresence ??= this.options.presence.onChange((state) => {
      if (state === 'active') this.syncNow();
    });
    this.running ??= this.run();
  }

  syncNow(): void {
    this.pollWanted = true;
    this.wake?.();
  }

  reconnect(): void {
    this.options.reset();
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
      if (this.pollWanted) {
        this.pollWanted = false;
        const outcome = await this.pollOnce();
        if (this.stopped) break;
        if (outcome === 'retry') {
          // Renewed the token after a 401: try again now, not at the next paced poll.
          this.pollWanted = true;
          continue;
        }
        if (outcome === 'auth_failed') {
          await this.sleep(null);
          continue;
        }
      }
      const delay = this.nextDelay();
      if (this.failures > 0) {
        this.report({ state: 'reconnecting', lastError: this.problem, nextRetryAt: delay === null ? null : new Date(this.options.now().getTime() + delay).toISOString() });
      }
      if ((await this.sleep(delay)) === 'timer') this.pollWanted = true;
    }
  }

  private nextDelay(): number | null {
    const now = this.options.now().getTime();
    const situation = { presence: this.options.presence.current, sinceLastChangeMs: this.lastChangeAt === null ? null : now - this.lastChangeAt, consecutiveFailures: this.failures };
    const delay = nextPollDelay(situation, this.options.random);
    return delay !== null && this.retryAfter !== null ? Math.max(delay, this.retryAfter) : delay;
  }

  private async pollOnce(): Promise<'polled' | 'retry' | 'failed' | 'auth_failed'> {
    const controller = new AbortController();
    this.inFlight = controller;
    try {
      const round = await this.options.poll(controller.signal, (change) => this.report(change));
      if (round.changed) this.lastChangeAt = this.options.now().getTime();
      this.failures = 0;
      this.retryAfter = null;
      this.renewed = false;
      this.report({ state: 'connected', lastSyncAt: this.options.now().toISOString(), lastError: round.warning, nextRetryAt: null, progress: null });
      return 'polled';
    } catch (error) {
      if (this.stopped) return 'failed';
      return this.failed(error);
    } finally {
      this.inFlight = null;
    }
  }

  private async failed(error: unknown): Promise<'retry' | 'failed' | 'auth_failed'> {
    if (isUnauthorized(error) && !this.renewed) {
      // A 401 may only mean a stale token: renew once per run of failures.
      this.renewed = true;
      try {
        await this.options.credentials.accessToken({ renew: true });
        return 'retry';
      } catch (renewal) {
        return this.failed(renewal);
      }
    }
    const problem = explainGoogleError(error, { doing: this.options.doing, account: this.options.account, ...(this.options.signInCommand ? { signInCommand: this.options.signInCommand } : {}) });
    if (problem.code === 'auth_failed') {
      this.report({ state: 'auth_failed', lastError: problem.message, nextRetryAt: null, progress: null });
      return 'auth_failed';
    }
    this.failures += 1;
    this.retryAfter = retryAfterMs(error, this.options.now().getTime());
    this.options.reset();
    this.problem = problem.message;
    return 'failed';
  }

  /** Resolves 'timer' when `ms` passed, 'woken' when syncNow, reconnect or stop came first; null waits for those only. */
  private sleep(ms: number | null): Promise<'timer' | 'woken'> {
    if (this.stopped || this.pollWanted) return Promise.resolve('woken');
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

  private report(change: Partial<AccountConnection>): void {
    this.connection = { ...this.connection, ...change };
    if (onlySyncTimeMoved(this.reported, this.connection)) return;
    this.reported = this.connection;
    this.options.report(this.connection);
  }
}
