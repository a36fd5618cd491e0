/** One way to turn stat results into an index stamp, so that a scan and a content read agree to the bit. */
import type { BigIntStats } from 'node:fs';
import type { EntryStamp, EntryType } from '../../items/file/file-item.js';

export function entryTypeOf(stats: BigIntStats): EntryType {
  if (stats.isFile()) return 'file';
  if (stats.isDirectory()) return 'dir';
  if (stats.isSymbolicLink()) return 'symlink';
  return 'other';
}

export function stampOf(stats: BigIntStats): EntryStamp {
  const type = entryTypeOf(stats);
  return {
    type,
    // A folder's size is the filesystem's business, not a change of anything the user sees.
    size: type === 'file' ? Number(stats.size) : 0,
    mtimeMs: Number(stats.mtimeNs) / 1e6,
    ctimeMs: Number(stats.ctimeNs) / 1e6,
    dev: stats.dev.toString(),
    ino: stats.ino.toString(),
    nlink: Number(stats.nlink),
  };
}
