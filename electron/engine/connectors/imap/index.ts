import type { Executor } from '../types.js';
import { archiveExecutor } from './executors/archive.js';
import { draftExecutor } from './executors/draft.js';

export { ImapWatcher, type ImapWatcherDeps } from './imap-watcher.js';
export { testImapConnection } from './test-connection.js';
export type { ArchiveArgs } from './executors/archive.js';
export type { DraftArgs } from './executors/draft.js';

export const imapExecutors: readonly Executor[] = [archiveExecutor, draftExecutor];
