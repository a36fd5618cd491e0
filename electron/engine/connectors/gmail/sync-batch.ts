/**
 * What Gmail sync hands the engine, batch by batch. Each batch comes with the cursor that covers
 * it: store the batch and the cursor together (one transaction), and a crash never skips a
 * message; at worst a batch is handed on twice, which is harmless because every message is keyed
 * by its Gmail id (upsert).
 */
import type { GmailLabelState, GmailMessage } from './gmail-message.js';
import type { GmailCursor } from './sync-cursor.js';
import type { FetchedMessages } from './message-fetch.js';

export interface GmailSyncBatch {
  readonly cursor: GmailCursor;
  /** Messages new to Steward, whole. */
  readonly added: readonly GmailMessage[];
  /** Messages Steward holds, with their labels as they are now. */
  readonly labelsChanged: readonly GmailLabelState[];
  /** Messages no longer in what this account syncs: deleted, or in Trash or Spam when those are left out. */
  readonly gone: readonly string[];
  /** Only on the last batch of a full sync: every message id in scope now. Anything else Steward holds is gone. */
  readonly presentIds: ReadonlySet<string> | null;
  /** During a full sync: messages gone through so far, of about how many. */
  readonly progress: { readonly done: number; readonly total: number | null } | null;
}

export type GmailIngest = (batch: GmailSyncBatch) => void | Promise<void>;

export interface GmailSyncOptions {
  /** Does Steward already hold this message? Held ones are not fetched again, only their labels read. */
  readonly isKnown: (gmailId: string) => boolean;
  /** Take in Trash and Spam too. Off by default, like IMAP's Trash and Junk. */
  readonly includeSpamTrash?: boolean;
  /** Messages per batch (fetched, then handed on with their cursor). */
  readonly batchSize?: number;
  /** Message ids per page of the full sync's listing; Gmail's maximum (500) unless told. */
  readonly pageSize?: number;
  readonly now?: () => Date;
  readonly signal?: AbortSignal;
}

export const DEFAULT_BATCH_SIZE = 50;
const OUT_OF_SCOPE = ['TRASH', 'SPAM'];

/**
 * Leaves out what the account does not sync: with Trash and Spam left out, a new message found
 * there is skipped, and a held one that moved there counts as gone.
 */
export function applyScope(fetched: FetchedMessages, includeSpamTrash: boolean): FetchedMessages {
  if (includeSpamTrash) return fetched;
  const outside = (labelIds: readonly string[]) => labelIds.some((label) => OUT_OF_SCOPE.includes(label));
  return {
    added: fetched.added.filter((message) => !outside(message.labelIds)),
    labelsChanged: fetched.labelsChanged.filter((state) => !outside(state.labelIds)),
    gone: [...fetched.gone, ...fetched.labelsChanged.filter((state) => outside(state.labelIds)).map((state) => state.gmailId)],
  };
}
