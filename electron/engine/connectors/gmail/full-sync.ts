/**
 * A full sync: the whole mailbox (or the rest of it, when resuming), page by page of the message
 * list, fetched and handed on in batches. The history id is taken before the listing starts, so
 * whatever changes while a long first sync runs is picked up by the history sync that follows.
 */
import { isGaxiosError } from '../google/google-libraries.js';
import type { GmailApi } from './gmail-client.js';
import { fetchMessages } from './message-fetch.js';
import { applyScope, DEFAULT_BATCH_SIZE, type GmailIngest, type GmailSyncOptions } from './sync-batch.js';
import type { FullSyncCursor, HistoryCursor } from './sync-cursor.js';

/** The most messages.list returns per page. */
export const LIST_PAGE_SIZE = 500;

export async function fullSync(api: GmailApi, resume: FullSyncCursor | null, options: GmailSyncOptions, ingest: GmailIngest): Promise<HistoryCursor> {
  const { signal } = options;
  const includeSpamTrash = options.includeSpamTrash ?? false;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const pageSize = options.pageSize ?? LIST_PAGE_SIZE;
  const now = options.now ?? (() => new Date());

  const profile = (await api.users.getProfile({ userId: 'me' }, { signal })).data;
  const startHistoryId = resume?.startHistoryId ?? requireHistoryId(profile.historyId);
  const total = profile.messagesTotal ?? null;
  let pageToken = resume?.pageToken ?? null;
  let skip = resume?.doneInPage ?? 0;
  let done = resume?.done ?? 0;
  const resumed = resume !== null && (resume.pageToken !== null || resume.doneInPage > 0);
  const present = new Set<string>();

  for (;;) {
    let page: MessagePage;
    try {
      page = await listPage(api, pageToken, pageSize, includeSpamTrash, signal);
    } catch (error) {
      // A page token kept across a restart can go stale; start the full sync afresh then.
      if (resumed && pageToken !== null && isBadRequest(error)) return fullSync(api, null, options, ingest);
      throw error;
    }
    for (const id of page.ids) present.add(id);
    for (let start = skip; start < page.ids.length; start += batchSize) {
      const chunk = page.ids.slice(start, start + batchSize);
      const fetched = applyScope(await fetchMessages(api, chunk, options.isKnown, now, signal), includeSpamTrash);
      done += chunk.length;
      const finishedPage = start + chunk.length >= page.ids.length;
      const cursor: FullSyncCursor =
        finishedPage && page.nextPageToken
          ? { phase: 'full', startHistoryId, pageToken: page.nextPageToken, doneInPage: 0, done }
          : { phase: 'full', startHistoryId, pageToken, doneInPage: start + chunk.length, done };
      await ingest({ cursor, ...fetched, presentIds: null, progress: { done, total } });
    }
    skip = 0;
    if (!page.nextPageToken) break;
    pageToken = page.nextPageToken;
  }

  // After a resume the listing above saw only part of the mailbox: list the ids once more.
  const presentIds = resumed ? await listAllIds(api, includeSpamTrash, signal) : present;
  const cursor: HistoryCursor = { phase: 'history', historyId: startHistoryId };
  await ingest({ cursor, added: [], labelsChanged: [], gone: [], presentIds, progress: { done, total: done } });
  return cursor;
}

interface MessagePage {
  readonly ids: string[];
  readonly nextPageToken: string | null;
}

async function listPage(api: GmailApi, pageToken: string | null, pageSize: number, includeSpamTrash: boolean, signal: AbortSignal | undefined): Promise<MessagePage> {
  const { data } = await api.users.messages.list(
    { userId: 'me', maxResults: pageSize, includeSpamTrash, ...(pageToken ? { pageToken } : {}) },
    { signal },
  );
  return { ids: (data.messages ?? []).flatMap((message) => (message.id ? [message.id] : [])), nextPageToken: data.nextPageToken ?? null };
}

async function listAllIds(api: GmailApi, includeSpamTrash: boolean, signal: AbortSignal | undefined): Promise<Set<string>> {
  const ids = new Set<string>();
  let pageToken: string | null = null;
  do {
    const page: MessagePage = await listPage(api, pageToken, LIST_PAGE_SIZE, includeSpamTrash, signal);
    for (const id of page.ids) ids.add(id);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return ids;
}

function requireHistoryId(historyId: string | null | undefined): string {
  if (!historyId || !/^\d+$/.test(historyId)) throw new Error(`Gmail answered getProfile without a usable history id (${String(historyId)}).`);
  return historyId;
}

function isBadRequest(error: unknown): boolean {
  return isGaxiosError(error) && error.status === 400;
}
