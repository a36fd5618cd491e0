/**
 * A polled source reports "connected, last sync now" after every quiet poll, and each report makes
 * every client fetch the accounts again. Such a report is passed on at most once a minute; any
 * other change (state, error, retry time, progress) at once.
 */
import type { AccountConnection } from '@shared/domain/types.js';

/** A new "last sync" time alone is passed on at most this often. */
export const LAST_SYNC_REPORT_MS = 60_000;

export function onlySyncTimeMoved(before: AccountConnection | null, next: AccountConnection): boolean {
  return (
    before !== null &&
    before.state === next.state &&
    before.lastError === next.lastError &&
    before.nextRetryAt === next.nextRetryAt &&
    JSON.stringify(before.progress ?? null) === JSON.stringify(next.progress ?? null) &&
    before.lastSyncAt !== null &&
    next.lastSyncAt !== null &&
    Date.parse(next.lastSyncAt) - Date.parse(before.lastSyncAt) < LAST_SYNC_REPORT_MS
  );
}
