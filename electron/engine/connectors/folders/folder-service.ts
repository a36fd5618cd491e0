/**
 * The granted folders as the API serves them (`steward folders add|list|remove`, Settings →
 * Folders) and "what you are working on". Folders live in the settings of the one folders
 * account, created with the first folder; granting or withdrawing one updates those settings
 * and watches afresh, and the ledger records it.
 */
import { homedir } from 'node:os';
import { ApiError } from '@shared/api/errors.js';
import { FOLDERS_ACCOUNT_EMAIL, type AddFolderInput, type FoldersSettings } from '@shared/connectors/index.js';
import type { FolderProblem, GrantedFolder, WorkingOnGroup } from '@shared/domain/folders.js';
import type { AccountService } from '../../accounts/account-service.js';
import type { AccountStore, StoredAccount } from '../../accounts/account-store.js';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db/database.js';
import type { NamedFile } from '../../detectors/lookups.js';
import type { CandidateFolder } from '../../items/file/detectors/attachment-saved.js';
import { displayOfKey, type PathKey } from '../../items/file/path-key.js';
import type { ProjectGroup } from '../../items/file/working-on.js';
import type { FileStore } from '../../items/file/file-store.js';
import { createItemSink, type IngestDeps } from '../../sync/ingest.js';
import { shownPathOf } from './file-reads.js';
import { prepareGrant } from './folder-grants.js';
import type { FolderStatus } from './folder-sync.js';
import { foldersRuntimeFor, rootsOf, type FoldersRuntime } from './folders-runtime.js';
import type { FolderRoot } from './scopes.js';

export interface FolderServiceDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly accounts: AccountStore;
  readonly accountService: AccountService;
  readonly ingest: IngestDeps;
  readonly fileStore: FileStore;
  /** Steward's data folder: never granted, nor a folder around it (null: an engine on a temporary database). */
  readonly dataDir: string | null;
  readonly homeDir?: string;
  /** Whether this engine watches (the CLI's in-process engine does not). */
  readonly watching: boolean;
}

export class FolderService {
  private readonly runtime: FoldersRuntime;

  constructor(private readonly deps: FolderServiceDeps) {
    this.runtime = foldersRuntimeFor(deps.db);
  }

  list(): GrantedFolder[] {
    const account = this.account();
    return account ? rootsOf(account).map((root) => this.describe(root)) : [];
  }

  async add(input: AddFolderInput, actor: string): Promise<GrantedFolder> {
    const account = this.account() ?? (await this.createAccount(actor));
    const roots = rootsOf(account);
    const root = await prepareGrant(roots, input, { dataDir: this.deps.dataDir, homeDir: this.deps.homeDir ?? homedir() });
    const settings: FoldersSettings = { roots: [...roots, root] };
    await this.deps.accountService.changeSettings<'folders'>(account.id, settings, actor, `Granted the folder "${root.name}" (${root.realPath})`);
    return this.describe(root);
  }

  async remove(id: string, actor: string): Promise<{ id: string; removed: true }> {
    const account = this.account();
    const root = account ? this.findRoot(account, id) : undefined;
    if (!account || !root) throw new ApiError('not_found', `There is no granted folder with id "${id}". See \`steward folders list\`.`);
    const settings: FoldersSettings = { roots: rootsOf(account).filter((other) => other.id !== root.id) };
    await this.deps.accountService.changeSettings<'folders'>(account.id, settings, actor, `Withdrew the folder "${root.name}" (${root.realPath}); nothing in it was changed`);
    // Its files leave the detectors' view and the index; the folder itself is not touched.
    createItemSink(this.deps.ingest, account.id, this.deps.fileStore).dropStream(root.id);
    this.runtime.forgetRoot(root.id);
    return { id: root.id, removed: true };
  }

  workingOn(days: number): WorkingOnGroup[] {
    const now = this.deps.clock.now();
    const { groups, names } = this.recentWork(new Date(now.getTime() - days * 86_400_000), now);
    return groups.map((group) => {
      const rootName = names.get(group.rootId) ?? group.rootId;
      return {
        label: labelOf(rootName, group.folder),
        folder: shownPathOf(rootName, group.folder),
        lastEditedAt: new Date(group.lastEditedMs).toISOString(),
        total: group.total,
        files: group.files.map((file) => {
          const shownPath = shownPathOf(rootName, file.path);
          return { fileId: String(file.id), name: shownPath.slice(shownPath.lastIndexOf('/') + 1), shownPath, modifiedAt: new Date(file.mtimeMs).toISOString() };
        }),
      };
    });
  }

  /** The project folders of recent work, most recent first: where a detector may file a download. */
  workFolders(since: Date, until: Date): CandidateFolder[] {
    const { groups, names } = this.recentWork(since, until);
    return groups.map((group) => ({ folder: { rootId: group.rootId, path: group.folder }, label: labelOf(names.get(group.rootId) ?? group.rootId, group.folder) }));
  }

  /**
   * Files in the granted folders whose path has every one of these words, best match first, for
   * a detector's look. The search also matches file text; a file that only mentions "Q3 deck"
   * inside is not the deck, so the words must be in its name or folders.
   */
  filesNamed(words: string, limit = 5): NamedFile[] {
    const account = this.account();
    if (!account) return [];
    const roots = rootsOf(account);
    const names = new Map(roots.map((root) => [root.id, root.name]));
    const wanted = words.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((word) => word.length > 0);
    return this.runtime.index
      .search(words, { rootIds: roots.map((root) => root.id), limit: 20 })
      .filter(({ item }) => item.type === 'file' && wanted.every((word) => item.displayPath.toLowerCase().includes(word)))
      .slice(0, limit)
      .map(({ item }) => ({ fileId: String(item.id), name: item.name, shownPath: shownPathOf(names.get(item.rootId) ?? item.rootId, item.path), modifiedAt: item.modifiedAt }));
  }

  private recentWork(since: Date, until: Date): { groups: ProjectGroup[]; names: ReadonlyMap<string, string> } {
    const account = this.account();
    if (!account) return { groups: [], names: new Map() };
    const roots = rootsOf(account);
    const names = new Map(roots.map((root) => [root.id, root.name]));
    return { groups: this.runtime.index.workingOn({ rootIds: roots.map((root) => root.id), rootNames: names, since, until }), names };
  }

  /** The one folders account, if any folder was ever granted. */
  account(): StoredAccount | undefined {
    return this.deps.accounts.findByEmail('folders', FOLDERS_ACCOUNT_EMAIL);
  }

  private async createAccount(actor: string): Promise<StoredAccount> {
    const added = await this.deps.accountService.add({ kind: 'folders' }, actor);
    const stored = this.deps.accounts.get(added.id);
    if (!stored) throw new Error('The folders account vanished as it was added.');
    return stored;
  }

  /** By id, or by name (what the user sees in the list), case-insensitively. */
  private findRoot(account: StoredAccount, idOrName: string): FolderRoot | undefined {
    const roots = rootsOf(account);
    return roots.find((root) => root.id === idOrName) ?? roots.find((root) => root.id.startsWith(idOrName) && idOrName.length >= 4) ?? roots.find((root) => root.name.toLowerCase() === idOrName.toLowerCase());
  }

  private describe(root: FolderRoot): GrantedFolder {
    const progress = this.runtime.progressOf(root.id);
    const index = this.runtime.index;
    const scan = {
      files: index.count(root.id, 'file'),
      folders: Math.max(0, index.count(root.id, 'dir') - 1),
      contentPending: index.pendingCount(root.id),
      lastScanAt: progress?.lastScanAt ?? null,
    };
    const status: FolderStatus | null = progress?.status ?? null;
    if (!status || !this.deps.watching) {
      return { id: root.id, name: root.name, path: root.path, state: 'not-watched', problem: null, message: notWatchedMessage(this.deps.watching), scan };
    }
    const problem = status.state === 'unavailable' ? problemOf(status.health.state, status.message) : null;
    return { id: root.id, name: root.name, path: root.path, state: status.state, problem, message: messageOf(status, scan), scan };
  }
}

function notWatchedMessage(watching: boolean): string {
  return watching
    ? 'Waiting to be watched: allow Read files (Settings → Permissions) if Steward may not read it.'
    : 'Steward is not running, so nothing watches it now; it is scanned when Steward starts.';
}

function problemOf(state: string, message: string): FolderProblem {
  switch (state) {
    case 'moved':
      return 'renamed';
    case 'unmounted':
      return 'unmounted';
    case 'missing':
      return 'deleted';
    case 'elsewhere':
      return 'replaced';
    case 'not-a-folder':
      return 'not-a-folder';
    default:
      return /permission denied/i.test(message) ? 'permission-denied' : 'unreadable';
  }
}

function messageOf(status: FolderStatus, scan: GrantedFolder['scan']): string {
  const files = `${scan.files.toLocaleString('en-US')} file${scan.files === 1 ? '' : 's'}`;
  switch (status.state) {
    case 'starting':
      return 'Starting…';
    case 'scanning':
      return `Scanning: ${files} so far.`;
    case 'watching':
      return scan.contentPending > 0 ? `Watching ${files}; reading the content of ${scan.contentPending.toLocaleString('en-US')} more.` : `Watching ${files}.`;
    case 'polling':
      return status.message;
    case 'unavailable':
      return status.message;
    case 'stopped':
      return 'Stopped.';
  }
}

/** "Projects/Alpha": the granted folder's name, then the project folder inside it. */
function labelOf(rootName: string, folder: PathKey): string {
  return folder === '' ? rootName : `${rootName}/${displayOfKey(folder)}`;
}
