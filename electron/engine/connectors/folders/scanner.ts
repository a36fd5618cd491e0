/**
 * Walks a granted folder (or a part of it) and reports every entry with its stat stamp, in
 * batches. Names are read as bytes, so a name that is not valid UTF-8 is still the exact name.
 * Symbolic links are reported as links and never followed: a link loop or a link pointing out
 * of the folder costs nothing and leads nowhere. Folders the user or the defaults ignore are
 * not entered. What cannot be read (permissions, paths longer than the system allows) becomes
 * a problem in words, and the walk goes on.
 */
import type { BigIntStats, Dirent } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import type { ScannedEntry } from '../../items/file/file-index.js';
import { displayOfRaw, joinRaw } from '../../items/file/path-key.js';
import { IGNORE_FILE_NAMES, projectMarkerAmong, type IgnoreRules } from './ignore-rules.js';
import { describeFsError, joinOs } from './scope-resolver.js';
import { stampOf } from './stamp.js';

export interface ScanProblem {
  readonly relPath: Buffer;
  readonly message: string;
}

export interface WalkOptions {
  /** The root's real path (already verified by the resolver). */
  readonly rootReal: Buffer;
  /** Where to start, relative to the root ("" for all of it). */
  readonly start: Buffer;
  readonly rules: IgnoreRules;
  /** Receives entries in batches, parents before their children. */
  readonly onBatch: (entries: readonly ScannedEntry[]) => void | Promise<void>;
  readonly batchSize?: number;
  /** Folders read at the same time. */
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
}

export interface WalkResult {
  /** Every entry reported (latin1 of the raw relative path), to find what disappeared. */
  readonly seen: Set<string>;
  readonly problems: readonly ScanProblem[];
  readonly folders: number;
  readonly files: number;
}

const MAX_IGNORE_FILE_BYTES = 256 * 1024;

export async function walk(options: WalkOptions): Promise<WalkResult> {
  const batchSize = options.batchSize ?? 1000;
  const seen = new Set<string>();
  const problems: ScanProblem[] = [];
  let batch: ScannedEntry[] = [];
  let folders = 0;
  let files = 0;
  let flushing: Promise<void> = Promise.resolve();

  const emit = async (entry: ScannedEntry) => {
    seen.add(entry.relPath.toString('latin1'));
    batch.push(entry);
    if (batch.length >= batchSize) {
      const full = batch;
      batch = [];
      await flushing;
      flushing = Promise.resolve(options.onBatch(full));
    }
  };

  const startAbs = joinOs(options.rootReal, toOs(options.start));
  let startStats: BigIntStats;
  try {
    startStats = await lstat(startAbs, { bigint: true });
  } catch (error) {
    problems.push({ relPath: options.start, message: `${shown(options.start)} cannot be read: ${describeFsError(error)}` });
    return { seen, problems, folders, files };
  }
  const queue: Buffer[] = [];
  if (startStats.isDirectory()) {
    queue.push(options.start);
  } else {
    await emit({ relPath: options.start, stamp: stampOf(startStats) });
    files++;
  }

  const readFolder = async (rel: Buffer) => {
    const abs = joinOs(options.rootReal, toOs(rel));
    let dirents: Dirent<Buffer>[];
    let stats: BigIntStats;
    try {
      stats = await lstat(abs, { bigint: true });
    } catch (error) {
      problems.push({ relPath: rel, message: `The folder ${shown(rel)} cannot be read: ${describeFsError(error)}` });
      return;
    }
    if (!stats.isDirectory()) return; // replaced since it was listed; events will catch up
    try {
      dirents = await readdir(abs, { withFileTypes: true, encoding: 'buffer' });
    } catch (error) {
      problems.push({ relPath: rel, message: `The folder ${shown(rel)} cannot be read: ${describeFsError(error)}` });
      // Its name is plain to see in the folder above: keep it, without what is inside.
      await emit({ relPath: rel, stamp: stampOf(stats), projectMarker: null });
      return;
    }
    folders++;
    const names = dirents.map((d) => d.name.toString('utf8'));
    await loadIgnoreFiles(abs, rel, dirents, options.rules);
    await emit({ relPath: rel, stamp: stampOf(stats), projectMarker: projectMarkerAmong(names) });
    const children = dirents.filter((d) => !options.rules.isIgnoredEntry(joinRaw(rel, d.name), d.isDirectory()));
    for (let i = 0; i < children.length; i += 64) {
      if (options.signal?.aborted) return;
      const slice = children.slice(i, i + 64);
      const stamped = await Promise.all(
        slice.map(async (dirent) => {
          const childRel = joinRaw(rel, dirent.name);
          try {
            return { childRel, stats: await lstat(joinOs(abs, dirent.name), { bigint: true }) };
          } catch (error) {
            const code = (error as { code?: string }).code;
            if (code !== 'ENOENT') problems.push({ relPath: childRel, message: `${shown(childRel)} cannot be read: ${describeFsError(error)}` });
            return null;
          }
        }),
      );
      for (const child of stamped) {
        if (!child) continue;
        if (child.stats.isDirectory()) {
          queue.push(child.childRel);
        } else {
          files++;
          await emit({ relPath: child.childRel, stamp: stampOf(child.stats) });
        }
      }
    }
  };

  // A fixed number of folder readers share one queue; the walk ends when the queue is empty
  // and nobody is reading (a reader may still add folders).
  const concurrency = options.concurrency ?? 4;
  let active = 0;
  await new Promise<void>((resolve, reject) => {
    const pump = () => {
      if (options.signal?.aborted) queue.length = 0;
      while (active < concurrency && queue.length > 0) {
        const next = queue.shift() as Buffer;
        active++;
        readFolder(next).then(
          () => {
            active--;
            pump();
          },
          (error: unknown) => reject(error instanceof Error ? error : new Error(String(error))),
        );
      }
      if (active === 0 && queue.length === 0) resolve();
    };
    pump();
  });
  await flushing;
  if (batch.length > 0) await options.onBatch(batch);
  return { seen, problems, folders, files };
}

/** Reads a folder's .gitignore/.stewardignore into the rules: regular files only (a link could point anywhere). */
async function loadIgnoreFiles(abs: Buffer, rel: Buffer, dirents: readonly Dirent<Buffer>[], rules: IgnoreRules): Promise<void> {
  const present = dirents.filter((d) => d.isFile() && IGNORE_FILE_NAMES.includes(d.name.toString('utf8')));
  const contents: string[] = [];
  for (const dirent of present) {
    contents.push(...(await readIgnoreFile(joinOs(abs, dirent.name))));
  }
  rules.setFolderRules(rel, contents.length > 0 ? contents : null);
}

export async function readIgnoreFile(abs: Buffer): Promise<string[]> {
  try {
    const stats = await lstat(abs);
    if (!stats.isFile() || stats.size > MAX_IGNORE_FILE_BYTES) return [];
    return [await readFile(abs, 'utf8')];
  } catch {
    return [];
  }
}

function toOs(rel: Buffer): Buffer {
  if (process.platform !== 'win32') return rel;
  const copy = Buffer.from(rel);
  for (let i = 0; i < copy.length; i++) if (copy[i] === 0x2f) copy[i] = 0x5c;
  return copy;
}

function shown(rel: Buffer): string {
  return rel.length === 0 ? 'the granted folder' : `“${displayOfRaw(rel)}”`;
}
