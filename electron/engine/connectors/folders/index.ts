/**
 * The local-folders connector's public surface. Phase 2 wires these into a ConnectorDefinition
 * (kind 'folders', item kind 'file', credential kind 'none'); nothing else should reach inside.
 */
export { FOLDERS_MIGRATIONS } from './migrations.js';
export { FILE_CAPABILITIES, assertFileTicket, type FileCapabilityId } from './file-capabilities.js';
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
