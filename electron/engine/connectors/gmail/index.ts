/** Gmail through its API: the building blocks a `gmail` connector definition wires together. */
export { createGmailApi, GMAIL_REQUEST_TIMEOUT_MS, type GmailApi, type GmailTarget } from './gmail-client.js';
export { toGmailMessage, type GmailLabelState, type GmailMessage } from './gmail-message.js';
export { syncGmail, type GmailSyncResult } from './gmail-sync.js';
export { fullSync, LIST_PAGE_SIZE } from './full-sync.js';
export { syncFromHistory, type HistorySyncOutcome } from './history-sync.js';
export { reduceHistory, type HistoryChanges } from './history-changes.js';
export { applyScope, DEFAULT_BATCH_SIZE, type GmailIngest, type GmailSyncBatch, type GmailSyncOptions } from './sync-batch.js';
export { gmailCursorSchema, laterHistoryId, type FullSyncCursor, type GmailCursor, type HistoryCursor } from './sync-cursor.js';
export { FETCH_CONCURRENCY, fetchMessages, type FetchedMessages } from './message-fetch.js';
export { findLabelId, foldersFromLabels, listFolders, type FolderRole, type GmailFolder } from './labels.js';
export {
  archiveMessages,
  modifyLabels,
  revertLabelChanges,
  trashMessages,
  untrashMessages,
  type LabelChange,
  type LabelChangeResult,
  type LabelEdit,
  type TrashedMessage,
  type TrashResult,
  type UntrashResult,
} from './gmail-writer.js';
export { createDraft, findDraft, findSent, sendMessage, trashDraft, type DraftResult, type SendOptions, type SentResult } from './gmail-outgoing.js';
export { composeMail, STEWARD_ACTION_HEADER, stewardMessageId, type ComposedMail, type OutgoingMail } from './compose.js';
export { ACTIVE_POLL_MS, HOT_POLL_MS, HOT_WINDOW_MS, IDLE_POLL_MS, LOCKED_POLL_MS, nextPollDelay, type PollSituation } from './poll-schedule.js';
