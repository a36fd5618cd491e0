/**
 * One sync of a Gmail account from wherever its cursor stands: first (or resumed) full sync, or
 * the history since the last one, falling back to a full resync when Gmail no longer has that
 * history. The resync upserts by Gmail id and ends with the ids present, so nothing is duplicated
 * and what disappeared meanwhile is noticed.
 */
import { fullSync } from './full-sync.js';
import type { GmailApi } from './gmail-client.js';
import { syncFromHistory } from './history-sync.js';
import type { GmailIngest, GmailSyncOptions } from './sync-batch.js';
import type { GmailCursor, HistoryCursor } from './sync-cursor.js';

export interface GmailSyncResult {
  readonly cursor: HistoryCursor;
  /** Something reached Steward (a full sync always counts). */
  readonly changed: boolean;
  /** The history had expired and the whole mailbox was gone through again. */
  readonly resynced: boolean;
}

export async function syncGmail(api: GmailApi, cursor: GmailCursor | null, options: GmailSyncOptions, ingest: GmailIngest): Promise<GmailSyncResult> {
  if (cursor?.phase === 'history') {
    const outcome = await syncFromHistory(api, cursor, options, ingest);
    if (outcome.kind === 'synced') return { cursor: outcome.cursor, changed: outcome.changed, resynced: false };
    return { cursor: await fullSync(api, null, options, ingest), changed: true, resynced: true };
  }
  return { cursor: await fullSync(api, cursor, options, ingest), changed: true, resynced: false };
}
