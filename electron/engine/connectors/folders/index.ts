/**
 * Local folders: the folders the user granted, watched (one native watcher each), indexed with
 * a content hash and a bounded text excerpt, and changed only through the gate (create, move,
 * rename, trash; each undoable, nothing overwritten, nothing deleted). The one definition the
 * engine sees of this folder: one folders account per Steward holds the granted folders in its
 * settings (see folder-service.ts for adding and removing them).
 */
import { describeAccount, FOLDERS_ACCOUNT_EMAIL } from '@shared/connectors/index.js';
import type { NewFileItem } from '../../items/file/file-store.js';
import type { ConnectorDefinition, Executor } from '../types.js';
import { createFileExecutors } from './file-executors.js';
import { planFileIntent } from './file-planner.js';
import { foldersRuntimeFor, rootsOf } from './folders-runtime.js';
import { FoldersWatcher } from './folders-watcher.js';
import { FOLDERS_CONNECTOR_MIGRATIONS } from './migrations.js';

export { FOLDERS_MIGRATIONS } from './migrations.js';
export { assertFileTicket, type FileCapabilityId } from './file-capabilities.js';
export { checkNewRoot, hardLinkVerdict, type FolderRoot } from './scopes.js';
export { prepareGrant, type GrantContext } from './folder-grants.js';
export { ScopeResolver, ScopeError, type LinkNameCounter } from './scope-resolver.js';
export { FolderSync, type FolderEvent, type FolderStatus, type FolderSyncDeps } from './folder-sync.js';
export type { ChangeOrigin, ScanSummary } from './folder-indexer.js';
export { FileWriter, type EntryRef, type MoveRequest, type WriteOutcome } from './file-writer.js';
export { MoveJournal } from './move-journal.js';
export { createFileExecutors, type FileExecutor, type WriterFor } from './file-executors.js';
export { planFileIntent, type FileActionPreview, type PlannedFileStep } from './file-planner.js';
export { hashedFilesIn, tidyInputFor } from './detector-inputs.js';
export { filesSearch, folderOfShown, readFileText, readFileTextById, shownPathOf, type FileSearchResult, type FilesSearchInput, type FileText } from './file-reads.js';
export { foldersRuntimeFor, rootsOf, type FoldersRuntime } from './folders-runtime.js';
export { FoldersWatcher } from './folders-watcher.js';

const executors: readonly Executor<'folders'>[] = createFileExecutors((context) => foldersRuntimeFor(context.db).writerFor(context.account));

export const foldersConnector: ConnectorDefinition<'folders', NewFileItem> = {
  kind: 'folders',
  itemKind: 'file',
  credential: 'none',
  prepare: () => ({ email: FOLDERS_ACCOUNT_EMAIL, displayName: 'Folders', settings: { roots: [] }, password: null }),
  // Nothing to reach: each folder is checked when it is granted (folder-service.ts).
  test: async () => ({ ok: true, message: 'Local folders need no connection; each folder is checked when you add it.' }),
  describe: (account) => describeAccount(account),
  createWatcher: (context) => new FoldersWatcher(context),
  executors,
  plan: (intent, account) => {
    if (intent.type !== 'files') return null;
    const names = new Map(rootsOf(account).map((root) => [root.id, root.name]));
    return planFileIntent(intent.intent, account.id, (rootId) => names.get(rootId) ?? rootId);
  },
  migrations: FOLDERS_CONNECTOR_MIGRATIONS,
  // The index of a removed folders account's folders goes with it; the folders themselves stay as they are.
  forget: (account, db) => {
    const runtime = foldersRuntimeFor(db);
    for (const root of rootsOf(account)) runtime.forgetRoot(root.id);
  },
};
