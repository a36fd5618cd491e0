/**
 * Turns observations into suggestions. Connectors record what they saw (in the same
 * transaction as the items and the sync cursor); the scheduler wakes shortly after, runs the
 * deterministic detectors over what is new, and sleeps. No observation, no work: an idle
 * Steward costs nothing.
 */
import type { AccountStore, StoredAccount } from '../accounts/account-store.js';
import type { Clock } from '../clock.js';
import type { SyncCursor } from '../connectors/imap/imap-sync.js';
import type { Db } from '../db/database.js';
import { isNewsletter, newslettersDraft } from '../detectors/newsletters.js';
import { needsReply, replyDraft } from '../detectors/needs-reply.js';
import type { ItemStore } from '../items/item-store.js';
import type { MailItem } from '../items/mail-item.js';
import type { Proposer } from '../suggestions/proposer.js';
import type { SuggestionStore } from '../suggestions/suggestion-store.js';
import type { ObservationQueue } from './observations.js';

export interface SchedulerDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly accounts: AccountStore;
  readonly items: ItemStore;
  readonly observations: ObservationQueue;
  readonly suggestions: SuggestionStore;
  readonly proposer: Proposer;
  /** A plan allowed in advance by the user's grants: run it. */
  readonly runAllowed: (suggestionId: string) => void;
}

/** Mail often arrives in bursts: wait this long so ten newsletters make one suggestion update. */
const SETTLE_MS = 150;

export class Scheduler {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly deps: SchedulerDeps) {}

  /** Called by a connector after a sync: store, advance the cursor and queue observations at once. */
  ingest(accountId: string, mailbox: string, cursor: SyncCursor, items: readonly MailItem[], presentUids: ReadonlySet<number> | null): void {
    const { db, items: store, observations, clock } = this.deps;
    db.transaction(() => {
      if (!this.deps.accounts.get(accountId)) return;
      for (const item of store.insertMany(items)) observations.push('mail.new', accountId, item.id);
      if (presentUids) {
        for (const id of store.reconcilePresence(accountId, mailbox, cursor.uidValidity, presentUids)) observations.push('mail.gone', accountId, id);
      }
      db.prepare(
        `INSERT INTO sync_state (account_id, mailbox, uid_validity, last_uid, last_sync_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (account_id, mailbox) DO UPDATE SET uid_validity = excluded.uid_validity, last_uid = excluded.last_uid, last_sync_at = excluded.last_sync_at`,
      ).run(accountId, mailbox, cursor.uidValidity, cursor.lastUid, clock.now().toISOString());
    })();
    this.wake();
  }

  loadCursor(accountId: string, mailbox: string): SyncCursor | undefined {
    const row = this.deps.db.prepare('SELECT uid_validity, last_uid FROM sync_state WHERE account_id = ? AND mailbox = ?').get(accountId, mailbox) as
      | { uid_validity: string; last_uid: number }
      | undefined;
    return row && { uidValidity: row.uid_validity, lastUid: row.last_uid };
  }

  lastSyncAt(): string | null {
    const row = this.deps.db.prepare('SELECT max(last_sync_at) AS at FROM sync_state').get() as { at: string | null };
    return row.at;
  }

  lastSyncFor(accountId: string): string | null {
    const row = this.deps.db.prepare('SELECT max(last_sync_at) AS at FROM sync_state WHERE account_id = ?').get(accountId) as { at: string | null };
    return row.at;
  }

  /** Processes whatever is queued soon (also used at start-up for what a crash left behind). */
  wake(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      try {
        this.processPending();
      } catch (error) {
        console.error('[steward] the scheduler failed to process observations:', error);
      }
    }, SETTLE_MS);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Runs the detectors over everything queued. Synchronous: detectors are pure and local. */
  processPending(): void {
    const batch = this.deps.observations.pending();
    if (batch.length === 0) return;
    const byAccount = new Map<string, { fresh: string[]; gone: string[] }>();
    for (const o of batch) {
      const entry = byAccount.get(o.accountId) ?? { fresh: [], gone: [] };
      if (o.itemId) (o.kind === 'mail.new' ? entry.fresh : entry.gone).push(o.itemId);
      byAccount.set(o.accountId, entry);
    }
    for (const [accountId, { fresh, gone }] of byAccount) {
      const account = this.deps.accounts.get(accountId);
      if (!account) continue;
      try {
        this.handleGone(account, gone);
        this.detect(account, this.deps.items.getMany(fresh).filter((item) => item.present));
      } catch (error) {
        // One bad batch must not block the queue forever: log it and move on.
        console.error(`[steward] detectors failed for ${account.email}:`, error);
      }
    }
    this.deps.observations.markProcessed(batch.map((o) => o.id));
    if (batch.length === 1000) this.wake();
  }

  private detect(account: StoredAccount, fresh: readonly MailItem[]): void {
    const { suggestions, items, clock } = this.deps;
    const newsletters = fresh.filter(isNewsletter);
    const uncovered = excludeCovered(newsletters, suggestions.coveredKeys(account.id, 'newsletters', newsletters.map((i) => i.messageKey)));
    if (uncovered.length > 0) {
      const open = suggestions.openByDedupeKey(`newsletters:${account.id}`);
      const already = open ? items.getMany(suggestions.itemIds(open.id)).filter((item) => item.present) : [];
      this.propose(newslettersDraft(account, [...already, ...uncovered]));
    }

    const now = clock.now();
    const replyCandidates = fresh.filter((item) => !isNewsletter(item));
    const coveredReplies = suggestions.coveredKeys(account.id, 'reply', replyCandidates.map((i) => i.messageKey));
    for (const item of excludeCovered(replyCandidates, coveredReplies)) {
      const need = needsReply(item, account, now);
      if (need) this.propose(replyDraft(account, item, need));
    }
  }

  /** Mail that left the inbox elsewhere shrinks or retires the open suggestions about it. */
  private handleGone(account: StoredAccount, goneIds: readonly string[]): void {
    const { suggestions, items, proposer } = this.deps;
    for (const open of suggestions.pendingCovering(goneIds)) {
      const remaining = items.getMany(suggestions.itemIds(open.id)).filter((item) => item.present);
      if (remaining.length === 0) proposer.expire(open.id);
      else if (open.kind === 'newsletters') this.propose(newslettersDraft(account, remaining));
    }
  }

  private propose(draft: Parameters<Proposer['propose']>[0]): void {
    const outcome = this.deps.proposer.propose(draft, `detector:${draft.kind}`);
    if (outcome.suggestionId && outcome.allowedToRun) this.deps.runAllowed(outcome.suggestionId);
  }
}

function excludeCovered(items: readonly MailItem[], covered: ReadonlySet<string>): MailItem[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    if (covered.has(item.messageKey) || seen.has(item.messageKey)) return false;
    seen.add(item.messageKey);
    return true;
  });
}
