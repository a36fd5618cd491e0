/**
 * The folders account's Watcher: one FolderSync per granted folder (each with its own native
 * watcher), their states gathered into the account's connection and the runtime's per-folder
 * progress, and the loose files of Downloads handed to the engine as items after every change
 * there, so the detectors see them.
 */
import type { AccountConnection } from '@shared/domain/types.js';
import { systemClock } from '../../clock.js';
import type { NewFileItem } from '../../items/file/file-store.js';
import { keyOfRaw, parentOfRaw, rawOfKey, type PathKey } from '../../items/file/path-key.js';
import type { Watcher, WatcherContext } from '../types.js';
import { downloadsFolderOf, downloadsItems } from './downloads-items.js';
import { FolderSync, type FolderEvent, type FolderStatus } from './folder-sync.js';
import { foldersRuntimeFor, rootsOf, type FoldersRuntime } from './folders-runtime.js';
import type { FolderRoot } from './scopes.js';

/** Changes come in bursts (a download, an unzip): hand Downloads over once they settle. */
const COMMIT_SETTLE_MS = 100;

export class FoldersWatcher implements Watcher {
  private readonly runtime: FoldersRuntime;
  private readonly syncs = new Map<string, FolderSync>();
  private readonly statuses = new Map<string, FolderStatus>();
  private readonly commitTimers = new Map<string, NodeJS.Timeout>();
  private started = false;
  private stopped = false;

  constructor(private readonly context: WatcherContext<'folders', NewFileItem>) {
    this.runtime = foldersRuntimeFor(context.db);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.runtime.watcherStarted();
    const resolver = this.runtime.resolverFor(this.context.account);
    for (const root of rootsOf(this.context.account)) {
      const sync = new FolderSync({
        root,
        index: this.runtime.index,
        resolver,
        documents: this.runtime.documents,
        clock: systemClock,
        onEvent: (event) => this.onEvent(root, event),
      });
      this.syncs.set(root.id, sync);
      sync.start();
    }
    this.reportAccount();
  }

  syncNow(): void {
    for (const sync of this.syncs.values()) sync.syncNow();
  }

  reconnect(): void {
    this.syncNow();
  }

  /** Resolves when every folder has applied what it saw so far (tests, and the list after an add). */
  async settled(): Promise<void> {
    await Promise.all([...this.syncs.values()].map((sync) => sync.settled()));
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const timer of this.commitTimers.values()) clearTimeout(timer);
    this.commitTimers.clear();
    await Promise.all([...this.syncs.values()].map((sync) => sync.stop()));
    if (this.started) await this.runtime.watcherStopped();
  }

  private onEvent(root: FolderRoot, event: FolderEvent): void {
    if (this.stopped) return;
    if (event.type === 'status') {
      this.statuses.set(root.id, event.status);
      this.runtime.report(root.id, event.status, this.context.now());
      this.reportAccount();
      if (event.status.state === 'watching' || event.status.state === 'polling') this.scheduleCommit(root);
      return;
    }
    if (event.type === 'scanned') return this.scheduleCommit(root);
    // Changes anywhere else in a big folder (a build in the home folder) are not the detectors' business.
    const paths = event.type === 'changes' ? event.changes.map((change) => change.item.path) : event.items.map((item) => item.path);
    if (touchesDownloads(paths, downloadsFolderOf(root, this.runtime.index))) this.scheduleCommit(root);
  }

  private scheduleCommit(root: FolderRoot): void {
    if (this.commitTimers.has(root.id)) return;
    const timer = setTimeout(() => {
      this.commitTimers.delete(root.id);
      if (this.stopped) return;
      try {
        this.commitDownloads(root);
      } catch (error) {
        console.error(`[steward] could not hand over the Downloads files of "${root.name}":`, error);
      }
    }, COMMIT_SETTLE_MS);
    timer.unref();
    this.commitTimers.set(root.id, timer);
  }

  /** The Downloads folder's loose files, all of them: the sink stores what changed and marks the rest gone. */
  private commitDownloads(root: FolderRoot): void {
    const index = this.runtime.index;
    const folder = downloadsFolderOf(root, index);
    const items = folder === null ? [] : downloadsItems(root, folder, index);
    // Nothing was ever handed over for a folder without Downloads: skip the empty commit.
    if (items.length === 0 && this.context.sink.cursor(root.id) === undefined) return;
    this.context.sink.commit({
      stream: root.id,
      cursor: { at: this.context.now().toISOString(), folder },
      items,
      presentExternalIds: new Set(items.map((item) => item.path)),
    });
  }

  private reportAccount(): void {
    const states = [...this.statuses.values()];
    const unavailable = states.filter((status): status is Extract<FolderStatus, { state: 'unavailable' }> => status.state === 'unavailable');
    const busy = states.length < this.syncs.size || states.some((status) => status.state === 'starting' || status.state === 'scanning');
    const change: Partial<AccountConnection> = {
      state: busy ? 'syncing' : 'connected',
      lastError: unavailable.length > 0 ? unavailable.map((status) => status.message).join(' ') : null,
      nextRetryAt: null,
    };
    if (!busy) this.context.report({ ...change, lastSyncAt: this.context.now().toISOString() });
    else this.context.report(change);
  }
}

/** Whether any of these paths is the Downloads folder or directly inside it. */
function touchesDownloads(paths: readonly PathKey[], folder: PathKey | null): boolean {
  if (folder === null) return false;
  return paths.some((path) => path === folder || keyOfRaw(parentOfRaw(rawOfKey(path))) === folder);
}
