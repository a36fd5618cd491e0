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
import { GooglePoller, type PollRound } from '../google/google-poller.js';
import type { Watcher, WatcherContext } from '../types.js';
import { credentialsAuth } from '../google/credentials-auth.js';
import { createGmailApi, type GmailApi } from './gmail-client.js';
import { syncGmail } from './gmail-sync.js';
import { LabelDirectory } from './label-directory.js';
import { GMAIL_STREAM, inLabelScope, toMailItem } from './mail-items.js';
import type { GmailSyncBatch } from './sync-batch.js';
import { gmailCursorSchema, type GmailCursor } from './sync-cursor.js';

export type GmailWatcherContext = WatcherContext<'gmail', NewMailItem>;

export interface GmailWatcherOptions {
  readonly endpoints?: () => GoogleEndpoints;
  readonly random?: () => number;
}

/**
 * The Gmail round of the Google poll loop (google-poller.ts: pacing by presence, one token renewal
 * on a 401, backoff with Retry-After, waiting for the user after a refused sign-in).
 */
export class GmailWatcher implements Watcher {
  private gmail: { readonly api: GmailApi; readonly labels: LabelDirectory } | null = null;
  private labelWarning: string | null = null;
  private readonly poller: GooglePoller;

  constructor(
    private readonly deps: GmailWatcherContext,
    private readonly options: GmailWatcherOptions = {},
  ) {
    this.poller = new GooglePoller({
      account: deps.account.email,
      doing: 'sync your Gmail',
      credentials: deps.credentials,
      presence: deps.presence,
      now: () => deps.now(),
      report: (connection) => deps.report(connection),
      poll: (signal, report) => this.syncOnce(signal, report),
      // A new client next time: the old one's sockets may be what failed.
      reset: () => {
        this.gmail = null;
      },
      ...(options.random ? { random: options.random } : {}),
    });
  }

  start(): void {
    this.poller.start();
  }

  syncNow(): void {
    this.poller.syncNow();
  }

  /** After a sleep or a network change: a new client (no sockets from before), and a poll now. */
  reconnect(): void {
    this.poller.reconnect();
  }

  stop(): Promise<void> {
    return this.poller.stop();
  }

  private async syncOnce(signal: AbortSignal, report: (change: Partial<AccountConnection>) => void): Promise<PollRound> {
    const cursor = readCursor(this.deps.sink.cursor(GMAIL_STREAM));
    // A first (or resumed) full sync says so at once; a poll of the history stays quiet unless it finds something.
    if (cursor?.phase !== 'history') report({ state: 'syncing' });
    const { api, labels } = await this.client();
    const phase = cursor?.phase === 'history' ? 'resync' : 'history';
    const result = await syncGmail(api, cursor, { isKnown: () => false, now: () => this.deps.now(), signal }, (batch) => this.commit(batch, labels, phase, signal, report));
    return { changed: result.changed, warning: this.labelWarning };
  }

  private async commit(batch: GmailSyncBatch, labels: LabelDirectory, phase: 'history' | 'resync', signal: AbortSignal, report: (change: Partial<AccountConnection>) => void): Promise<void> {
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
      report({ state: 'syncing', progress: { phase, done, total: Math.max(total ?? done, done) } });
    }
  }

  private async client(): Promise<{ api: GmailApi; labels: LabelDirectory }> {
    if (!this.gmail) {
      const endpoints = (this.options.endpoints ?? googleEndpoints)();
      const api = await createGmailApi(await credentialsAuth(this.deps.credentials), endpoints);
      this.gmail = { api, labels: new LabelDirectory(api) };
    }
    return this.gmail;
  }
}

function readCursor(stored: unknown): GmailCursor | null {
  const parsed = gmailCursorSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}
