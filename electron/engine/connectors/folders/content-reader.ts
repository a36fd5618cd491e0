/**
 * Reads a file's content once, through the scope resolver: a streamed SHA-256 for duplicate
 * detection, the first bytes for a text excerpt, and (for a .docx or .pdf that is not too big)
 * the whole content for the document reader. A file that changes while it is read (a download
 * still arriving, a log being written) is noticed by comparing the open file's size and times
 * before and after and the bytes actually read, then read again a few times, then reported.
 */
import { createHash } from 'node:crypto';
import type { BigIntStats } from 'node:fs';
import type { EntryStamp } from '../../items/file/file-item.js';
import { describeFsError, LinkedOutsideError, type ScopeResolver } from './scope-resolver.js';
import { stampOf } from './stamp.js';

export const HASH_LIMIT_BYTES = 1024 * 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;

export interface ReadOptions {
  /** Bytes to keep from the start (for a text excerpt); 0 for none. */
  readonly headBytes: number;
  /** Keep the whole content when the file is at most this big (for .docx and .pdf); 0 for never. */
  readonly wholeUpTo: number;
  readonly hashLimitBytes?: number;
  /** How many times to read again when the file changed during a read. */
  readonly retries?: number;
  /** Pause before each new attempt, so a writer can finish. */
  readonly retryDelayMs?: number;
  /** Test seam: runs after each chunk is hashed (a test changes the file here). */
  readonly afterChunk?: (bytesRead: number) => Promise<void> | void;
}

export type ReadResult =
  | {
      readonly state: 'done';
      readonly stamp: EntryStamp;
      readonly hash: string;
      readonly head: Buffer;
      readonly whole: Buffer | null;
      /** How many reads it took (1 when the file held still). */
      readonly attempts: number;
    }
  | { readonly state: 'unstable' | 'too-large' | 'unreadable' | 'linked-outside'; readonly stamp: EntryStamp | null; readonly note: string };

export async function readContent(resolver: ScopeResolver, rootId: string, relPath: Buffer, options: ReadOptions): Promise<ReadResult> {
  const retries = options.retries ?? 3;
  let lastStamp: EntryStamp | null = null;
  for (let attempt = 1; attempt <= retries + 1; attempt++) {
    if (attempt > 1) await delay((options.retryDelayMs ?? 200) * (attempt - 1));
    const outcome = await readOnce(resolver, rootId, relPath, options);
    if (outcome.kind === 'stable') return { ...outcome.result, attempts: attempt };
    if (outcome.kind === 'final') return outcome.result;
    lastStamp = outcome.stamp;
  }
  return {
    state: 'unstable',
    stamp: lastStamp,
    note: `It kept changing while Steward read it (${retries + 1} tries): a download or a file still being written? Steward reads it again once it changes.`,
  };
}

type Attempt =
  | { readonly kind: 'stable'; readonly result: Omit<Extract<ReadResult, { state: 'done' }>, 'attempts'> }
  | { readonly kind: 'changed'; readonly stamp: EntryStamp }
  | { readonly kind: 'final'; readonly result: Exclude<ReadResult, { state: 'done' }> };

async function readOnce(resolver: ScopeResolver, rootId: string, relPath: Buffer, options: ReadOptions): Promise<Attempt> {
  let opened;
  try {
    opened = await resolver.openForRead(rootId, relPath);
  } catch (error) {
    const note = error instanceof Error ? error.message : String(error);
    return { kind: 'final', result: { state: error instanceof LinkedOutsideError ? 'linked-outside' : 'unreadable', stamp: null, note } };
  }
  const { handle } = opened;
  try {
    const before = opened.stats;
    const limit = options.hashLimitBytes ?? HASH_LIMIT_BYTES;
    if (before.size > BigInt(limit)) {
      return {
        kind: 'final',
        result: { state: 'too-large', stamp: stampOf(before), note: `It is bigger than ${Math.round(limit / 1024 / 1024)} MB, so Steward does not read it to find duplicates.` },
      };
    }
    const hash = createHash('sha256');
    const keepWhole = options.wholeUpTo > 0 && before.size <= BigInt(options.wholeUpTo);
    const chunks: Buffer[] = [];
    const head: Buffer[] = [];
    let headLength = 0;
    let total = 0;
    // Sized to the file (plus one byte, to see it grow): most files are small, and a megabyte per read is garbage.
    const size = Math.min(CHUNK_BYTES, Number(before.size) + 1);
    const buffer = Buffer.allocUnsafe(size);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, size, total);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      hash.update(chunk);
      if (headLength < options.headBytes) {
        const part = Buffer.from(chunk.subarray(0, options.headBytes - headLength));
        head.push(part);
        headLength += part.length;
      }
      if (keepWhole) chunks.push(Buffer.from(chunk));
      total += bytesRead;
      // Growing past what stat said: stop early, it is changing.
      if (total > Number(before.size)) break;
      await options.afterChunk?.(total);
    }
    const after = await handle.stat({ bigint: true });
    if (changedDuring(before, after, total)) return { kind: 'changed', stamp: stampOf(after) };
    return {
      kind: 'stable',
      result: { state: 'done', stamp: stampOf(after), hash: hash.digest('hex'), head: Buffer.concat(head), whole: keepWhole ? Buffer.concat(chunks) : null },
    };
  } catch (error) {
    return { kind: 'final', result: { state: 'unreadable', stamp: null, note: `Steward could not read it: ${describeFsError(error)}` } };
  } finally {
    await handle.close();
  }
}

/** Size, modification or change time moved, or the bytes read were not the size stat promised. */
export function changedDuring(before: BigIntStats, after: BigIntStats, bytesRead: number): boolean {
  return before.size !== after.size || before.mtimeNs !== after.mtimeNs || before.ctimeNs !== after.ctimeNs || BigInt(bytesRead) !== after.size;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
