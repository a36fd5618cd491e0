/**
 * An incremental sync: what changed since the cursor's history id, from Gmail's history. Gmail
 * keeps history for about a week (sometimes only hours); for an id older than that it answers 404,
 * and this reports `expired` before handing on anything, so the caller can fall back to a full
 * sync. Changes are fetched in batches; every batch but the last carries the old cursor, so a crash
 * in the middle repeats the whole run, which upserts the same messages again.
 */
import { isNotFound } from '../google/google-errors.js';
import type { GmailApi } from './gmail-client.js';
import { reduceHistory } from './history-changes.js';
import { fetchMessages } from './message-fetch.js';
import { applyScope, DEFAULT_BATCH_SIZE, type GmailIngest, type GmailSyncOptions } from './sync-batch.js';
import { laterHistoryId, type HistoryCursor } from './sync-cursor.js';
import type { gmail_v1 } from '@googleapis/gmail';

export const HISTORY_PAGE_SIZE = 500;

export type HistorySyncOutcome = { readonly kind: 'synced'; readonly cursor: HistoryCursor; readonly changed: boolean } | { readonly kind: 'expired' };

export async function syncFromHistory(api: GmailApi, cursor: HistoryCursor, options: GmailSyncOptions, ingest: GmailIngest): Promise<HistorySyncOutcome> {
  const { signal } = options;
  const records: gmail_v1.Schema$History[] = [];
  let latest = cursor.historyId;
  let pageToken: string | undefined;
  try {
    do {
      const { data } = await api.users.history.list(
        { userId: 'me', startHistoryId: cursor.historyId, maxResults: HISTORY_PAGE_SIZE, ...(pageToken ? { pageToken } : {}) },
        { signal },
      );
      records.push(...(data.history ?? []));
      if (data.historyId) latest = laterHistoryId(latest, data.historyId);
      pageToken = data.nextPageToken ?? undefined;
    } while (pageToken);
  } catch (error) {
    if (isNotFound(error)) return { kind: 'expired' };
    throw error;
  }

  const changes = reduceHistory(records);
  if (changes.lastRecordId) latest = laterHistoryId(latest, changes.lastRecordId);
  const next: HistoryCursor = { phase: 'history', historyId: latest };
  const toFetch = [...changes.added, ...changes.relabelled];
  if (toFetch.length === 0 && changes.deleted.length === 0) {
    // Nothing for Steward; still move the cursor on when Gmail's id moved (changes to drafts, say).
    if (latest !== cursor.historyId) await ingest({ cursor: next, added: [], labelsChanged: [], gone: [], presentIds: null, progress: null });
    return { kind: 'synced', cursor: next, changed: false };
  }

  const includeSpamTrash = options.includeSpamTrash ?? false;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const now = options.now ?? (() => new Date());
  let deleted: readonly string[] = changes.deleted;
  for (let start = 0; start < Math.max(toFetch.length, 1); start += batchSize) {
    const chunk = toFetch.slice(start, start + batchSize);
    const fetched = applyScope(await fetchMessages(api, chunk, options.isKnown, now, signal), includeSpamTrash);
    const last = start + batchSize >= toFetch.length;
    await ingest({ cursor: last ? next : cursor, ...fetched, gone: [...deleted, ...fetched.gone], presentIds: null, progress: null });
    deleted = [];
  }
  return { kind: 'synced', cursor: next, changed: true };
}
