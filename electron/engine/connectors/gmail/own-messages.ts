/**
 * Finds what an action already wrote to Gmail (compose.ts marks it), without changing anything:
 * for retries, to do it at most once, and for reconciling a step that was cut short.
 */
import type { GmailApi } from './gmail-client.js';
import { STEWARD_ACTION_HEADER } from './compose.js';
import { fetchMessages } from './message-fetch.js';

export interface OwnMessage {
  readonly gmailId: string;
  readonly labelIds: readonly string[];
}

/** Messages (in any label, Trash and Spam included) with this Message-ID. */
export async function findByMessageId(api: GmailApi, messageId: string, signal?: AbortSignal): Promise<OwnMessage[]> {
  const { data } = await api.users.messages.list({ userId: 'me', q: `rfc822msgid:${messageId}`, includeSpamTrash: true, maxResults: 10 }, { signal });
  const ids = (data.messages ?? []).flatMap((message) => (message.id ? [message.id] : []));
  const { labelsChanged } = await fetchMessages(api, ids, () => true, () => new Date(), signal);
  return labelsChanged.map((state) => ({ gmailId: state.gmailId, labelIds: state.labelIds }));
}

/**
 * Sent messages since `since` that carry this action's X-Steward-Action header: the fallback in
 * case Gmail gave a sent message a Message-ID of its own. Looks only at mail sent since the
 * action's first attempt, so it stays a handful of requests.
 */
export async function findSentByActionHeader(api: GmailApi, actionId: string, since: Date, signal?: AbortSignal): Promise<OwnMessage[]> {
  // A minute of slack for clocks that disagree; Gmail's after: takes epoch seconds.
  const after = Math.floor(since.getTime() / 1000) - 60;
  const { data } = await api.users.messages.list({ userId: 'me', labelIds: ['SENT'], q: `after:${after}`, includeSpamTrash: true, maxResults: 100 }, { signal });
  const found: OwnMessage[] = [];
  for (const { id } of data.messages ?? []) {
    if (!id) continue;
    const message = (await api.users.messages.get({ userId: 'me', id, format: 'metadata', metadataHeaders: [STEWARD_ACTION_HEADER] }, { signal })).data;
    const header = message.payload?.headers?.find((h) => h.name?.toLowerCase() === STEWARD_ACTION_HEADER.toLowerCase());
    if (header?.value?.trim() === actionId) found.push({ gmailId: id, labelIds: message.labelIds ?? [] });
  }
  return found;
}

/** The draft whose message is `gmailId`, looked up among drafts with this Message-ID. */
export async function draftIdFor(api: GmailApi, gmailId: string, messageId: string, signal?: AbortSignal): Promise<string | null> {
  let pageToken: string | undefined;
  do {
    const { data } = await api.users.drafts.list({ userId: 'me', q: `rfc822msgid:${messageId}`, includeSpamTrash: true, maxResults: 100, ...(pageToken ? { pageToken } : {}) }, { signal });
    const draft = (data.drafts ?? []).find((candidate) => candidate.message?.id === gmailId);
    if (draft?.id) return draft.id;
    pageToken = data.nextPageToken ?? undefined;
  } while (pageToken);
  return null;
}
