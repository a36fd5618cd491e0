/**
 * Fetches messages by id, a few at a time: the whole message (`raw`, parsed here) for ones
 * Steward does not hold yet, only the labels (`minimal`) for ones it does, since a Gmail message
 * never changes apart from its labels. A message deleted in the meantime (404) is reported gone.
 * Gmail's own batch endpoint is not used: googleapis does not speak it, and it saves round trips
 * but not quota (each message still costs 5 units of the 250 a user may spend per second).
 */
import { isNotFound } from '../google/google-errors.js';
import type { GmailApi } from './gmail-client.js';
import { toGmailMessage, type GmailLabelState, type GmailMessage } from './gmail-message.js';

/** Requests in flight at once per account: enough to hide latency, few enough to stay under Gmail's per-user rate. */
export const FETCH_CONCURRENCY = 8;

export interface FetchedMessages {
  readonly added: GmailMessage[];
  readonly labelsChanged: GmailLabelState[];
  readonly gone: string[];
}

export async function fetchMessages(api: GmailApi, ids: readonly string[], isKnown: (gmailId: string) => boolean, now: () => Date, signal?: AbortSignal): Promise<FetchedMessages> {
  const added: GmailMessage[] = [];
  const labelsChanged: GmailLabelState[] = [];
  const gone: string[] = [];
  await forEachLimited(ids, FETCH_CONCURRENCY, async (id) => {
    signal?.throwIfAborted();
    try {
      if (isKnown(id)) {
        const { data } = await api.users.messages.get({ userId: 'me', id, format: 'minimal' }, { signal });
        labelsChanged.push({ gmailId: id, labelIds: data.labelIds ?? [] });
      } else {
        const { data } = await api.users.messages.get({ userId: 'me', id, format: 'raw' }, { signal });
        added.push(await toGmailMessage(data, now));
      }
    } catch (error) {
      if (isNotFound(error)) gone.push(id);
      else throw error;
    }
  });
  // Keep the order of `ids` (the listing's, newest first), whatever order the answers came in.
  const order = new Map(ids.map((id, index) => [id, index]));
  const byOrder = (a: { gmailId: string }, b: { gmailId: string }) => (order.get(a.gmailId) ?? 0) - (order.get(b.gmailId) ?? 0);
  return { added: added.sort(byOrder), labelsChanged: labelsChanged.sort(byOrder), gone };
}

/** Runs `work` over `items` with at most `limit` running at once; after the first failure no more start, and it is thrown. */
async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (!failed && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  });
  await Promise.all(lanes);
}
