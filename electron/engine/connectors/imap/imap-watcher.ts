/**
 * Keeps one IMAP account in view: connect, sync every folder, then wait in IDLE on INBOX for the
 * server to say something changed (EXISTS, EXPUNGE) and sync again. Other folders are looked at
 * every few minutes with STATUS (cheap: a folder that did not change is not even opened), and
 * after Steward moved mail itself. A long first sync takes the history in slices between which
 * new mail is still picked up, and reports how far it has come.
 *
 * A dropped connection is retried with backoff; a rejected login is not (retrying a wrong
 * password can lock the account), it waits until the user fixes the password.
 */
import type { ImapFlow } from 'imapflow';
import type { AccountConnection } from '@shared/domain/types.js';
import type { NewMailItem } from '../../items/mail/index.js';
import { reconnectDelay } from '../backoff.js';
import type { Watcher, WatcherContext } from '../types.js';
import { closeQuietly, createImapClient } from './imap-client.js';
import { describeImapError } from './imap-errors.js';
import { syncFolders } from './account-sync.js';

export type ImapWatcherContext = WatcherContext<'imap', NewMailItem>;

const MAILBOX = 'INBOX';
/** How often folders other than INBOX (which IDLE watches) are looked at. */
export const FOLDER_POLL_MS = 2 * 60_000;

export class ImapWatcher implements Watcher {
  private stopped = false;
  private client: ImapFlow | null = null;
  private syncWanted = false;
  /** Set by reconnect(): the next attempt starts at once, without backoff. */
  private reconnectWanted = false;
  private wake: (() => void) | null = null;
  private running: Promise<void> | null = null;
  private connection: AccountConnection = { state: 'connecting', lastSyncAt: null, lastError: null, nextRetryAt: null, progress: null };
  /** UIDs the server reported gone (QRESYNC VANISHED, or EXPUNGE with UIDs), by folder, until a sync takes them. */
  private readonly vanished = new Map<string, number[]>();
  /** Whether the server ever answered this watcher: a refusal later means it went down. */
  private answeredBefore = false;

  constructor(private readonly deps: ImapWatcherContext) {}

  start(): void {
    this.running ??= this.run();
  }

  /** Asks for a sync now (e.g. after Steward moved mail itself). */
  syncNow(): void {
    this.syncWanted = true;
    this.wake?.();
  }

  /**
   * Drops the connection and connects again at once (after the machine woke up: a socket from
   * before a sleep is usually dead without knowing it, and would only time out minutes later).
   */
  reconnect(): void {
    this.reconnectWanted = true;
    this.client?.close();
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    if (this.client) this.client.close();
    await this.running;
    this.report({ state: 'stopped', nextRetryAt: null });
  }

  private async run(): Promise<void> {
    let attempt = 0;
    while (!this.stopped) {
      try {
        await this.connectAndServe(() => {
          attempt = 0;
        });
      } catch (error) {
        if (this.stopped) break;
        if (this.reconnectWanted) {
          this.reconnectWanted = false;
          attempt = 0;
          continue;
        }
        const problem = describeImapError(error, this.deps.account.settings, { answeredBefore: this.answeredBefore });
        if (problem.code === 'auth_failed') {
          this.report({ state: 'auth_failed', lastError: problem.message, nextRetryAt: null, progress: null });
          return;
        }
        const delay = reconnectDelay(attempt);
        attempt += 1;
        this.report({
          state: 'reconnecting',
          lastError: problem.message,
          nextRetryAt: new Date(this.deps.now().getTime() + delay).toISOString(),
        });
        await this.sleep(delay);
      }
    }
  }

  private async connectAndServe(onConnected: () => void): Promise<void> {
    this.report({ state: 'connecting', nextRetryAt: null });
    const password = await this.deps.credentials.password();
    const client = createImapClient({ ...this.deps.account.settings, password }, { watching: true });
    this.client = client;
    let closed = false;
    let failure: unknown = null;
    client.on('error', (error: unknown) => {
      failure = error;
    });
    client.on('close', () => {
      closed = true;
      this.wake?.();
    });
    client.on('exists', () => this.syncNow());
    client.on('expunge', (event: { path: string; uid?: number }) => {
      if (event.uid !== undefined) this.vanished.set(event.path, [...(this.vanished.get(event.path) ?? []), event.uid]);
      this.syncNow();
    });
    const poll = setInterval(() => this.syncNow(), FOLDER_POLL_MS);
    try {
      await client.connect();
      this.answeredBefore = true;
      await client.mailboxOpen(MAILBOX);
      this.syncWanted = true;
      let synced = false;
      while (!this.stopped && !closed) {
        if (this.syncWanted) {
          this.syncWanted = false;
          await this.syncOnce(client);
          // Only a completed sync proves the connection good: a failure that repeats inside
          // the sync must keep backing off, not reconnect every second.
          if (!synced) onConnected();
          synced = true;
        } else {
          await new Promise<void>((resolve) => {
            this.wake = resolve;
          });
          this.wake = null;
        }
      }
      if (!this.stopped) {
        throw failure instanceof Error ? failure : Object.assign(new Error('connection closed'), { code: 'EConnectionClosed' });
      }
    } finally {
      clearInterval(poll);
      this.client = null;
      await closeQuietly(client);
    }
  }

  private async syncOnce(client: ImapFlow): Promise<void> {
    this.report({ state: 'syncing' });
    const settings = this.deps.account.settings;
    await syncFolders(client, {
      sink: this.deps.sink,
      now: () => this.deps.now(),
      choices: settings,
      historyDays: settings.historyDays,
      takeVanished: (path) => {
        const uids = this.vanished.get(path) ?? [];
        this.vanished.delete(path);
        return uids;
      },
      interrupted: () => this.stopped || !client.usable,
      onProgress: (progress) => this.report({ state: 'syncing', progress }),
    });
    // IDLE watches the selected folder: INBOX, where new mail arrives.
    if (client.mailbox === false || (client.mailbox && client.mailbox.path !== MAILBOX)) await client.mailboxOpen(MAILBOX);
    this.report({ state: 'connected', lastSyncAt: this.deps.now().toISOString(), lastError: null, progress: null });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private report(change: Partial<AccountConnection>): void {
    this.connection = { ...this.connection, ...change };
    this.deps.report(this.connection);
  }
}
