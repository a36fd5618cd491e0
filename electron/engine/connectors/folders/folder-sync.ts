/**
 * Keeps one granted folder in view: watch it with @parcel/watcher, scan it (cheaply, by stat
 * stamps, after a restart), then apply the watcher's coalesced events to the index. It checks
 * that the folder is still there and still the one granted: when it is renamed, unmounted,
 * deleted or replaced by a link, it stops, says so in words, and looks again now and then; when
 * the folder is back it rescans and watches again. Implements the engine's Watcher.
 */
import type watcher from '@parcel/watcher';
import type { Clock } from '../../clock.js';
import type { DocumentTextReader } from '../../items/file/document-text.js';
import type { FileIndex, IndexChange } from '../../items/file/file-index.js';
import type { FileItem } from '../../items/file/file-item.js';
import type { Watcher } from '../types.js';
import { EventCoalescer, type CoalescerOptions, type EventBatch } from './event-coalescer.js';
import { FolderIndexer, type ChangeOrigin, type ScanSummary } from './folder-indexer.js';
import { DEFAULT_IGNORES, IgnoreRules } from './ignore-rules.js';
import type { ReadOptions } from './content-reader.js';
import { classifyRoot, identityOf, probeRoot, type RootHealth, type RootIdentity } from './root-health.js';
import type { ScopeResolver } from './scope-resolver.js';
import type { FolderRoot } from './scopes.js';

export type FolderStatus =
  | { readonly state: 'starting' }
  | { readonly state: 'scanning' }
  | { readonly state: 'watching'; readonly lastScan: ScanSummary | null }
  /** The native watcher could not start (e.g. the system's watch limit): rescans on a timer instead. */
  | { readonly state: 'polling'; readonly message: string; readonly lastScan: ScanSummary | null }
  | { readonly state: 'unavailable'; readonly health: Exclude<RootHealth, { state: 'ok' | 'recreated' }>; readonly message: string }
  | { readonly state: 'stopped' };

export type FolderEvent =
  | { readonly type: 'changes'; readonly origin: ChangeOrigin; readonly changes: readonly IndexChange[] }
  | { readonly type: 'content'; readonly items: readonly FileItem[] }
  | { readonly type: 'scanned'; readonly summary: ScanSummary }
  | { readonly type: 'status'; readonly status: FolderStatus };

/** What @parcel/watcher's subscribe does; a test may pass its own (typed by the real one). */
export type Subscribe = typeof watcher.subscribe;

export interface FolderSyncDeps {
  readonly root: FolderRoot;
  readonly index: FileIndex;
  readonly resolver: ScopeResolver;
  readonly documents: DocumentTextReader;
  readonly clock: Clock;
  readonly onEvent: (event: FolderEvent) => void;
  readonly subscribe?: Subscribe;
  readonly coalescer?: CoalescerOptions;
  /** How often to check that the folder is still there while watching (events also trigger a check). */
  readonly healthIntervalMs?: number;
  /** How often to look for an unavailable folder, and to rescan when polling. */
  readonly retryIntervalMs?: number;
  readonly readOptions?: Partial<ReadOptions>;
}

/** The watcher need not even look inside these (fewer inotify watches); the rules filter the rest. */
const WATCHER_IGNORES = DEFAULT_IGNORES.filter((pattern) => pattern.endsWith('/')).map((pattern) => `**/${pattern.slice(0, -1)}`);

export class FolderSync implements Watcher {
  private readonly rules = new IgnoreRules();
  private readonly indexer: FolderIndexer;
  private readonly coalescer: EventCoalescer;
  private subscription: { unsubscribe(): Promise<void> } | null = null;
  private identity: RootIdentity | null = null;
  private status: FolderStatus = { state: 'starting' };
  private work: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private started = false;
  private lastScan: ScanSummary | null = null;
  private generation = 0;

  constructor(private readonly deps: FolderSyncDeps) {
    this.indexer = new FolderIndexer({
      root: deps.root,
      index: deps.index,
      resolver: deps.resolver,
      rules: this.rules,
      documents: deps.documents,
      clock: deps.clock,
      readOptions: deps.readOptions,
      onChanges: (changes, origin) => deps.onEvent({ type: 'changes', origin, changes }),
      onContent: (items) => deps.onEvent({ type: 'content', items }),
    });
    this.coalescer = new EventCoalescer((batch) => this.enqueue(() => this.applyBatch(batch)), deps.coalescer);
  }

  get current(): FolderStatus {
    return this.status;
  }

  /** Whether the folder's index may be trusted and searched now. */
  get available(): boolean {
    return this.status.state === 'watching' || this.status.state === 'polling';
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.enqueue(() => this.connect());
  }

  /** Rescans now (e.g. after the machine woke up, or when the user asks). */
  syncNow(): void {
    this.enqueue(() => (this.available ? this.scan('rescan') : this.connect()));
  }

  reconnect(): void {
    this.syncNow();
  }

  /** Resolves once everything queued so far, and the content reading it caused, is done. */
  async settled(): Promise<void> {
    this.coalescer.flushNow();
    let before: Promise<void>;
    do {
      before = this.work;
      await before;
      await this.indexer.whenContentIdle();
    } while (before !== this.work);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimer();
    this.coalescer.dispose();
    await this.work;
    await this.unsubscribe();
    await this.indexer.whenContentIdle();
    this.setStatus({ state: 'stopped' });
  }

  private enqueue(task: () => Promise<void>): void {
    this.work = this.work.then(async () => {
      if (this.stopped) return;
      try {
        await task();
      } catch (error) {
        await this.onTrouble(error);
      }
    });
  }

  /** Checks the folder, subscribes, scans. The watcher is on before the scan, so no change falls between. */
  private async connect(): Promise<void> {
    this.clearTimer();
    const health = await this.checkHealth();
    if (health.state !== 'ok' && health.state !== 'recreated') return this.becomeUnavailable(health);
    this.identity = await identityOf(this.deps.root);
    const generation = ++this.generation;
    let pollingMessage: string | null = null;
    try {
      await this.unsubscribe();
      this.subscription = await (this.deps.subscribe ?? (await nativeSubscribe()))(
        this.deps.root.realPath,
        (error, events) => {
          if (this.stopped || generation !== this.generation) return;
          if (error) return this.coalescer.requestRescan();
          this.coalescer.add(events.map((event) => event.path));
        },
        { ignore: WATCHER_IGNORES },
      );
    } catch (error) {
      pollingMessage = `Steward cannot watch "${this.deps.root.name}" for changes (${error instanceof Error ? error.message : String(error)}${
        process.platform === 'linux' ? '; on Linux, raising fs.inotify.max_user_watches usually helps' : ''
      }), so it looks through it every ${Math.round(this.retryMs / 1000)} s instead.`;
    }
    const isFirst = this.deps.index.count(this.deps.root.id) === 0;
    await this.scan(isFirst ? 'initial-scan' : 'rescan');
    if (pollingMessage) {
      this.setStatus({ state: 'polling', message: pollingMessage, lastScan: this.lastScan });
      this.schedule(() => this.enqueue(() => this.scan('rescan')), this.retryMs);
    } else {
      this.setStatus({ state: 'watching', lastScan: this.lastScan });
      this.scheduleHealthCheck();
    }
  }

  private async scan(origin: 'initial-scan' | 'rescan'): Promise<void> {
    const previous = this.status;
    this.setStatus({ state: 'scanning' });
    const summary = await this.indexer.fullScan(origin);
    this.lastScan = summary;
    this.deps.onEvent({ type: 'scanned', summary });
    if (previous.state === 'polling') {
      this.setStatus({ ...previous, lastScan: summary });
      this.schedule(() => this.enqueue(() => this.scan('rescan')), this.retryMs);
    } else if (previous.state === 'watching') {
      this.setStatus({ state: 'watching', lastScan: summary });
    }
  }

  private async applyBatch(batch: EventBatch): Promise<void> {
    if (!this.available) return;
    const rootPath = this.deps.root.realPath;
    // An event on the folder itself (deleted, renamed away) or outside it: look at the folder first.
    if (batch.paths.some((path) => path === rootPath || !path.startsWith(rootPath))) {
      const health = await this.checkHealth();
      if (health.state !== 'ok') return health.state === 'recreated' ? this.connect() : this.becomeUnavailable(health);
    }
    if (batch.rescan) return this.scan('rescan');
    const paths: Buffer[] = [];
    const oddFolders: Buffer[] = [];
    for (const path of batch.paths) {
      if (path === rootPath || !path.startsWith(rootPath + '/')) continue;
      const rel = path.slice(rootPath.length + 1);
      // The watcher hands names that are not valid UTF-8 over with U+FFFD in them, which names
      // another file: look again at the nearest folder above whose name came through intact.
      if (rel.includes('\uFFFD')) oddFolders.push(Buffer.from(cleanAncestor(rel)));
      else paths.push(Buffer.from(rel));
    }
    await this.indexer.applyPaths(paths, oddFolders);
  }

  private async checkHealth(): Promise<RootHealth> {
    const probe = await probeRoot(this.deps.root, this.identity);
    if (!this.identity) {
      // First look: nothing to compare with yet beyond the granted real path.
      if (!probe.exists) return classifyRoot(this.deps.root, { dev: '', ino: '', parentDev: '' }, probe);
      return classifyRoot(this.deps.root, { dev: probe.dev, ino: probe.ino, parentDev: probe.parentDev ?? probe.dev }, probe);
    }
    return classifyRoot(this.deps.root, this.identity, probe);
  }

  private async becomeUnavailable(health: Exclude<RootHealth, { state: 'ok' | 'recreated' }>): Promise<void> {
    this.generation++;
    await this.unsubscribe();
    this.setStatus({ state: 'unavailable', health, message: health.message });
    this.schedule(() => this.enqueue(() => this.connect()), this.retryMs);
  }

  private scheduleHealthCheck(): void {
    this.schedule(
      () =>
        this.enqueue(async () => {
          if (this.status.state !== 'watching') return;
          const health = await this.checkHealth();
          if (health.state === 'ok') return this.scheduleHealthCheck();
          if (health.state === 'recreated') return this.connect();
          return this.becomeUnavailable(health);
        }),
      this.deps.healthIntervalMs ?? 10_000,
    );
  }

  private async onTrouble(error: unknown): Promise<void> {
    // Most trouble is the folder going away under a scan: say that rather than the raw error.
    const health = await this.checkHealth().catch(() => null);
    if (health && health.state !== 'ok' && health.state !== 'recreated') return this.becomeUnavailable(health);
    const message = `Steward had trouble reading "${this.deps.root.name}": ${error instanceof Error ? error.message : String(error)}. It tries again shortly.`;
    this.setStatus({ state: 'unavailable', health: { state: 'unreadable', message }, message });
    this.schedule(() => this.enqueue(() => this.connect()), this.retryMs);
  }

  private get retryMs(): number {
    return this.deps.retryIntervalMs ?? 15_000;
  }

  private schedule(task: () => void, ms: number): void {
    this.clearTimer();
    if (this.stopped) return;
    this.timer = setTimeout(task, ms);
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async unsubscribe(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = null;
    // @parcel/watcher throws when the watched folder is already gone; there is nothing left to stop then.
    await subscription?.unsubscribe().catch(() => undefined);
  }

  private setStatus(status: FolderStatus): void {
    this.status = status;
    this.deps.onEvent({ type: 'status', status });
  }
}

/** The native watcher, loaded when a folder is first watched (a `steward` command never watches). */
async function nativeSubscribe(): Promise<Subscribe> {
  const { default: native } = await import('@parcel/watcher');
  return native.subscribe.bind(native);
}

function cleanAncestor(rel: string): string {
  const parts = rel.split('/');
  const firstBad = parts.findIndex((part) => part.includes('\uFFFD'));
  return parts.slice(0, firstBad).join('/');
}
