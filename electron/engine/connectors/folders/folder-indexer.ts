/**
 * Keeps the index of one granted folder in step with the disk: a full scan (first time and
 * after a restart, cheap because unchanged entries are recognised by their stat stamp and not
 * read again), the paths a watcher reported, and reading the content of new or changed files
 * (hash, excerpt) in the background.
 */
import { isUtf8 } from 'node:buffer';
import { lstat, readdir } from 'node:fs/promises';
import type { Clock } from '../../clock.js';
import { excerptMethodOf } from '../../items/file/file-kinds.js';
import type { ContentResult, FileIndex, IndexChange, ScannedEntry } from '../../items/file/file-index.js';
import { sameStamp, type EntryStamp, type FileItem } from '../../items/file/file-item.js';
import { baseNameOfRaw, joinRaw, keyOfRaw, parentOfRaw, rawOfKey } from '../../items/file/path-key.js';
import type { DocumentTextReader } from '../../items/file/document-text.js';
import { EXCERPT_HEAD_BYTES, EXCERPT_MAX_CHARS, textExcerptOf } from '../../items/file/text-excerpt.js';
import { readContent, type ReadOptions } from './content-reader.js';
import { IGNORE_FILE_NAMES, PROJECT_MARKERS, projectMarkerAmong, type IgnoreRules } from './ignore-rules.js';
import { readIgnoreFile, walk, type ScanProblem } from './scanner.js';
import { joinOs, type ScopeResolver } from './scope-resolver.js';
import type { FolderRoot } from './scopes.js';
import { stampOf } from './stamp.js';

/** Files read at the same time while taking in content. */
const CONTENT_READERS = 4;

/** .docx and .pdf files up to this size have their text read (in the sandboxed reader). */
export const DOCUMENT_TEXT_LIMIT_BYTES = 25 * 1024 * 1024;

export type ChangeOrigin = 'initial-scan' | 'rescan' | 'events';

export interface ScanSummary {
  readonly origin: ChangeOrigin;
  readonly files: number;
  readonly folders: number;
  readonly added: number;
  readonly changed: number;
  readonly removed: number;
  readonly problems: readonly ScanProblem[];
  readonly durationMs: number;
}

export interface ContentSummary {
  readonly read: number;
  readonly hashed: number;
  readonly notRead: number;
}

export interface IndexerDeps {
  readonly root: FolderRoot;
  readonly index: FileIndex;
  readonly resolver: ScopeResolver;
  readonly rules: IgnoreRules;
  readonly documents: DocumentTextReader;
  readonly clock: Clock;
  /** New, changed and gone entries (for observations). Not called for a first scan's entries, only its summary. */
  readonly onChanges: (changes: readonly IndexChange[], origin: ChangeOrigin) => void;
  /** Files whose hash and excerpt are now known. */
  readonly onContent?: (items: readonly FileItem[]) => void;
  /** Test seam for the content reader (see content-reader.ts). */
  readonly readOptions?: Partial<ReadOptions>;
}

export class FolderIndexer {
  private contentRun: Promise<ContentSummary> | null = null;
  private contentWanted = false;
  private readonly root: FolderRoot;

  constructor(private readonly deps: IndexerDeps) {
    this.root = deps.root;
  }

  /**
   * Walks the whole folder and brings the index in line: new and changed entries in, vanished
   * ones out, problems recorded. The first scan of a folder reports a summary, not each file.
   */
  async fullScan(origin: 'initial-scan' | 'rescan'): Promise<ScanSummary> {
    const started = performance.now();
    const rootReal = await this.deps.resolver.rootReal(this.root.id);
    const result = await this.walkInto(rootReal, Buffer.alloc(0), origin === 'rescan');
    this.deps.index.recordProblems(this.root.id, result.problems, this.deps.clock.now(), true);
    this.deps.index.reconsiderLinked();
    if (result.changes.length > 0) this.deps.onChanges(result.changes, origin);
    this.requestContent();
    return { origin, ...result.counts, problems: result.problems, durationMs: performance.now() - started };
  }

  /**
   * Brings the given paths (relative to the root, as the watcher reported them) in line with
   * the disk. A folder that appeared is walked (a folder moved in arrives with its contents
   * and only one event); a path that vanished takes everything below it out of the index.
   */
  async applyPaths(paths: readonly Buffer[], oddFolders: readonly Buffer[] = []): Promise<readonly IndexChange[]> {
    const rootReal = await this.deps.resolver.rootReal(this.root.id);
    const changes: IndexChange[] = [];
    const now = () => this.deps.clock.now();
    const walked: Buffer[] = [];
    for (const folder of new Map(oddFolders.map((f) => [f.toString('latin1'), f])).values()) {
      changes.push(...(await this.refreshOddNames(rootReal, folder)));
    }
    const sorted = [...new Map(paths.map((p) => [p.toString('latin1'), p])).values()].sort((a, b) => a.length - b.length);
    for (const rel of sorted) {
      // Inside a folder walked a moment ago: already done.
      if (walked.some((folder) => isSameOrBelow(folder, rel))) continue;
      const name = baseNameOfRaw(rel).toString('utf8');
      if (IGNORE_FILE_NAMES.includes(name)) {
        const folder = parentOfRaw(rel);
        await this.reloadRules(rootReal, folder);
        changes.push(...(await this.walkInto(rootReal, folder, true)).changes);
        walked.push(folder);
        continue;
      }
      if (this.deps.rules.isIgnored(rel, false) && this.deps.rules.isIgnored(rel, true)) continue;
      let stats;
      try {
        stats = await lstat(joinOs(rootReal, rel), { bigint: true });
      } catch {
        changes.push(...this.deps.index.removeSubtree(this.root.id, rel));
        if (PROJECT_MARKERS.includes(name)) await this.refreshMarker(rootReal, parentOfRaw(rel));
        continue;
      }
      const stamp = stampOf(stats);
      if (this.deps.rules.isIgnored(rel, stamp.type === 'dir')) continue;
      const known = this.deps.index.get(this.root.id, keyOfRaw(rel));
      const parentKnown = rel.length === 0 || this.deps.index.get(this.root.id, keyOfRaw(parentOfRaw(rel))) !== null;
      if (!parentKnown) {
        // Its folder is new to the index too: walk from the nearest folder the index knows.
        const from = this.nearestKnownFolder(parentOfRaw(rel));
        changes.push(...(await this.walkInto(rootReal, from, true)).changes);
        walked.push(from);
        continue;
      }
      if (stamp.type === 'dir' && (known === null || known.type !== 'dir' || !this.sameInode(rel, stamp))) {
        changes.push(...(await this.walkInto(rootReal, rel, true)).changes);
        walked.push(rel);
        continue;
      }
      const entry: ScannedEntry = stamp.type === 'dir' ? { relPath: rel, stamp, projectMarker: await this.markerOf(rootReal, rel) } : { relPath: rel, stamp };
      changes.push(...this.deps.index.upsert(this.root.id, [entry], now()).changes);
      if (PROJECT_MARKERS.includes(name)) await this.refreshMarker(rootReal, parentOfRaw(rel));
      this.deps.index.clearProblem(this.root.id, rel);
    }
    if (changes.length > 0) this.deps.onChanges(changes, 'events');
    this.requestContent();
    return changes;
  }

  /** Reads the content of pending files; one run at a time, and another after it if asked meanwhile. */
  requestContent(): void {
    this.contentWanted = true;
    if (this.contentRun) return;
    const run = async (): Promise<ContentSummary> => {
      const total = { read: 0, hashed: 0, notRead: 0 };
      while (this.contentWanted) {
        this.contentWanted = false;
        const pass = await this.readPendingContent();
        total.read += pass.read;
        total.hashed += pass.hashed;
        total.notRead += pass.notRead;
      }
      return total;
    };
    this.contentRun = run().finally(() => {
      this.contentRun = null;
    });
  }

  /** Resolves when no content is waiting to be read (for tests and the benchmark). */
  async whenContentIdle(): Promise<void> {
    while (this.contentRun) await this.contentRun;
  }

  private async readPendingContent(): Promise<ContentSummary> {
    const summary = { read: 0, hashed: 0, notRead: 0 };
    let afterId = 0;
    for (;;) {
      const pending = this.deps.index.pendingContent(this.root.id, afterId, 128);
      if (pending.length === 0) return summary;
      afterId = pending.at(-1)?.id ?? afterId;
      // A few files at a time: reading is I/O-bound, and the machine has other work. Results
      // are recorded together, one transaction per batch.
      const results = await mapWithConcurrency(pending, CONTENT_READERS, (item) => this.readOne(item));
      const settled = results.filter((result): result is NonNullable<typeof result> => result !== null);
      const recorded = new Set(this.deps.index.recordContentMany(settled));
      const items = [...recorded].map((id) => this.deps.index.byId(id)).filter((item): item is FileItem => item !== null);
      for (const item of items) {
        summary.read++;
        if (item.hash) summary.hashed++;
        else summary.notRead++;
      }
      if (items.length > 0) this.deps.onContent?.(items);
    }
  }

  /** Reads one file's content; null when it changed meanwhile (its event brings it back). */
  private async readOne(item: FileItem & { readonly stamp: EntryStamp }): Promise<{ id: number; stamp: EntryStamp; result: ContentResult } | null> {
    const method = excerptMethodOf(item.name);
    const result = await readContent(this.deps.resolver, this.root.id, rawOfKey(item.path), {
      headBytes: method === 'text' ? EXCERPT_HEAD_BYTES : 0,
      wholeUpTo: method === 'docx' || method === 'pdf' ? DOCUMENT_TEXT_LIMIT_BYTES : 0,
      ...this.deps.readOptions,
    });
    if (result.state !== 'done') {
      if (result.stamp && !sameStamp(result.stamp, item.stamp)) return null;
      return { id: item.id, stamp: item.stamp, result: { state: result.state, hash: null, excerpt: null, note: result.note } };
    }
    let excerpt: string | null = null;
    let note: string | null = null;
    if (method === 'text') {
      const text = textExcerptOf(result.head, EXCERPT_MAX_CHARS, result.head.length < result.stamp.size);
      excerpt = text.kind === 'text' ? text.text : null;
      if (text.kind === 'binary') note = 'It looks like a binary file despite its name, so it has no text excerpt.';
    } else if ((method === 'docx' || method === 'pdf') && result.whole) {
      const text = await this.deps.documents.read(method, result.whole, EXCERPT_MAX_CHARS);
      if (text.ok) excerpt = text.text;
      else note = text.reason;
    } else if (method === 'docx' || method === 'pdf') {
      note = `It is bigger than ${DOCUMENT_TEXT_LIMIT_BYTES / 1024 / 1024} MB, so Steward did not read its text.`;
    }
    return { id: item.id, stamp: result.stamp, result: { state: 'done', hash: result.hash, excerpt, note } };
  }

  private async walkInto(rootReal: Buffer, start: Buffer, collect: boolean): Promise<{ changes: IndexChange[]; counts: Omit<ScanSummary, 'origin' | 'problems' | 'durationMs'>; problems: readonly ScanProblem[] }> {
    const before = this.deps.index.stamps(this.root.id, start);
    const changes: IndexChange[] = [];
    let added = 0;
    let changed = 0;
    const result = await walk({
      rootReal,
      start,
      rules: this.deps.rules,
      onBatch: (entries) => {
        const fresh = entries.filter((entry) => {
          const known = before.get(entry.relPath.toString('latin1'));
          return !known || !sameStamp(known, entry.stamp) || known.nlink !== entry.stamp.nlink || (entry.projectMarker !== undefined && entry.projectMarker !== known.projectMarker);
        });
        if (fresh.length === 0) return;
        const outcome = this.deps.index.upsert(this.root.id, fresh, this.deps.clock.now(), collect);
        added += outcome.added;
        changed += outcome.changed;
        changes.push(...outcome.changes);
      },
    });
    // What the index had below `start` and the walk did not see is gone.
    const goneIds = [...before.entries()].filter(([key]) => !result.seen.has(key)).map(([, stamp]) => stamp.id);
    const gone = this.deps.index.removeIds(goneIds);
    if (collect) changes.push(...gone);
    return { changes, counts: { files: result.files, folders: result.folders, added, changed, removed: gone.length }, problems: result.problems };
  }

  /**
   * Looks again at the entries of a folder whose names are not valid UTF-8 (the watcher could
   * not name them exactly): new or changed ones in, vanished ones out. Only that folder's own
   * entries, and below a new odd-named folder a walk.
   */
  private async refreshOddNames(rootReal: Buffer, folder: Buffer): Promise<IndexChange[]> {
    const changes: IndexChange[] = [];
    let names: Buffer[];
    try {
      names = await readdir(joinOs(rootReal, folder), { encoding: 'buffer' });
    } catch {
      return this.deps.index.removeSubtree(this.root.id, folder);
    }
    const present = new Set<string>();
    for (const name of names.filter((n) => !isUtf8(n))) {
      const rel = joinRaw(folder, name);
      present.add(rel.toString('latin1'));
      const stats = await lstat(joinOs(rootReal, rel), { bigint: true }).catch(() => null);
      if (!stats) continue;
      const stamp = stampOf(stats);
      if (this.deps.rules.isIgnored(rel, stamp.type === 'dir')) continue;
      if (stamp.type === 'dir') {
        if (!this.sameInode(rel, stamp)) changes.push(...(await this.walkInto(rootReal, rel, true)).changes);
      } else {
        changes.push(...this.deps.index.upsert(this.root.id, [{ relPath: rel, stamp }], this.deps.clock.now()).changes);
      }
    }
    for (const child of this.deps.index.childrenOf(this.root.id, folder)) {
      const raw = rawOfKey(child.path);
      if (!isUtf8(raw) && !present.has(raw.toString('latin1'))) changes.push(...this.deps.index.removeSubtree(this.root.id, raw));
    }
    return changes;
  }

  private async reloadRules(rootReal: Buffer, folder: Buffer): Promise<void> {
    const contents: string[] = [];
    for (const name of IGNORE_FILE_NAMES) contents.push(...(await readIgnoreFile(joinOs(joinOs(rootReal, folder), Buffer.from(name)))));
    this.deps.rules.setFolderRules(folder, contents.length > 0 ? contents : null);
  }

  private async markerOf(rootReal: Buffer, folder: Buffer): Promise<string | null> {
    try {
      const names = await readdir(joinOs(rootReal, folder), { encoding: 'buffer' });
      return projectMarkerAmong(names.map((n) => n.toString('utf8')));
    } catch {
      return null;
    }
  }

  private async refreshMarker(rootReal: Buffer, folder: Buffer): Promise<void> {
    let stats;
    try {
      stats = await lstat(joinOs(rootReal, folder), { bigint: true });
    } catch {
      return;
    }
    if (!stats.isDirectory()) return;
    this.deps.index.upsert(this.root.id, [{ relPath: folder, stamp: stampOf(stats), projectMarker: await this.markerOf(rootReal, folder) }], this.deps.clock.now(), false);
  }

  private sameInode(rel: Buffer, stamp: EntryStamp): boolean {
    const known = this.deps.index.stampAt(this.root.id, rel);
    return known !== null && known.ino === stamp.ino && known.dev === stamp.dev;
  }

  private nearestKnownFolder(folder: Buffer): Buffer {
    let current = folder;
    while (current.length > 0 && this.deps.index.get(this.root.id, keyOfRaw(current)) === null) current = parentOfRaw(current);
    return current;
  }
}

async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function isSameOrBelow(folder: Buffer, rel: Buffer): boolean {
  if (folder.length === 0) return true;
  if (rel.length < folder.length) return false;
  if (!rel.subarray(0, folder.length).equals(folder)) return false;
  return rel.length === folder.length || rel[folder.length] === 0x2f;
}
