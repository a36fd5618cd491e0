/**
 * What the folders connector keeps per engine database: the file index, the write journal, the
 * document reader, each folders account's scope resolver and writer, and how watching each
 * granted folder stands. The watcher, the executors and the folder list of one engine share it,
 * so a write and the index agree on what is granted; two engines in one process (tests) never
 * share one.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FoldersSettings } from '@shared/connectors/folders.js';
import type { StoredAccount } from '../../accounts/account-store.js';
import type { Db } from '../../db/database.js';
import { SandboxedDocumentReader, type DocumentTextReader } from '../../items/file/document-text.js';
import { FileIndex } from '../../items/file/file-index.js';
import { FileWriter } from './file-writer.js';
import type { FolderStatus } from './folder-sync.js';
import { MoveJournal } from './move-journal.js';
import { ScopeResolver } from './scope-resolver.js';
import type { FolderRoot } from './scopes.js';

export interface RootProgress {
  readonly status: FolderStatus;
  readonly lastScanAt: string | null;
}

export class FoldersRuntime {
  readonly index: FileIndex;
  readonly journal: MoveJournal;
  private readonly resolvers = new Map<string, ScopeResolver>();
  private readonly writers = new Map<string, FileWriter>();
  private readonly progress = new Map<string, RootProgress>();
  private reader: SandboxedDocumentReader | null = null;
  private watching = 0;

  constructor(db: Db) {
    this.index = new FileIndex(db);
    this.journal = new MoveJournal(db);
  }

  /** Reads .docx and .pdf text in a worker with a memory cap; started when first needed. */
  get documents(): DocumentTextReader {
    this.reader ??= new SandboxedDocumentReader({ memoryMb: 256, ...builtWorker() });
    return this.reader;
  }

  /** The account's resolver, following its granted folders as they are now. */
  resolverFor(account: StoredAccount): ScopeResolver {
    const roots = rootsOf(account);
    let resolver = this.resolvers.get(account.id);
    if (!resolver) {
      resolver = new ScopeResolver(roots, (dev, ino) => this.index.namesOfInode(dev, ino));
      this.resolvers.set(account.id, resolver);
    } else {
      resolver.setRoots(roots);
    }
    return resolver;
  }

  writerFor(account: StoredAccount): FileWriter {
    const resolver = this.resolverFor(account);
    let writer = this.writers.get(account.id);
    if (!writer) {
      writer = new FileWriter({ resolver, journal: this.journal, accountId: account.id, rootName: (rootId) => resolver.root(rootId).name });
      this.writers.set(account.id, writer);
    }
    return writer;
  }

  report(rootId: string, status: FolderStatus, now: Date): void {
    const before = this.progress.get(rootId);
    const scanned = status.state === 'watching' || status.state === 'polling';
    this.progress.set(rootId, { status, lastScanAt: scanned ? now.toISOString() : (before?.lastScanAt ?? null) });
  }

  progressOf(rootId: string): RootProgress | null {
    return this.progress.get(rootId) ?? null;
  }

  forgetRoot(rootId: string): void {
    this.progress.delete(rootId);
    this.index.forgetRoot(rootId);
  }

  /** A watcher started; the last one to stop ends the document reader's worker. */
  watcherStarted(): void {
    this.watching += 1;
  }

  async watcherStopped(): Promise<void> {
    this.watching = Math.max(0, this.watching - 1);
    if (this.watching === 0 && this.reader) {
      const reader = this.reader;
      this.reader = null;
      await reader.close();
    }
  }
}

/**
 * In a build (electron-vite), the worker is an entry of its own beside the main entries, and
 * this code sits in one of them or in a chunk below; from source, the reader finds the worker
 * beside itself.
 */
function builtWorker(): { workerUrl?: URL } {
  for (const candidate of ['./document-text-worker.js', '../document-text-worker.js']) {
    const url = new URL(candidate, import.meta.url);
    if (existsSync(fileURLToPath(url))) return { workerUrl: url };
  }
  return {};
}

const RUNTIMES = new WeakMap<Db, FoldersRuntime>();

export function foldersRuntimeFor(db: Db): FoldersRuntime {
  let runtime = RUNTIMES.get(db);
  if (!runtime) {
    runtime = new FoldersRuntime(db);
    RUNTIMES.set(db, runtime);
  }
  return runtime;
}

export function rootsOf(account: StoredAccount): readonly FolderRoot[] {
  return (account.settings as FoldersSettings).roots;
}
