/**
 * Moving an entry without ever replacing what is at the destination. A plain rename(2)
 * silently overwrites, and Node has no renameat2(RENAME_NOREPLACE). For files the atomic
 * way is link(2), which fails when the destination exists, then unlink(2) of the old name;
 * a crash between the two leaves two names of one file, which recovery resolves. Folders
 * (and links, and file systems without hard links) are renamed after checking the
 * destination is free; the window between check and rename is the one gap, and rename never
 * replaces a non-empty folder. Between drives a file is copied under a temporary name,
 * compared byte for byte by hash, linked into place, and only then is the original unlinked.
 */
import { createHash } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { copyFile, link, lstat, rename, unlink, utimes } from 'node:fs/promises';
import type { EntryType } from '../../items/file/file-item.js';

export class DestinationTakenError extends Error {
  constructor(readonly destination: string) {
    super(`Something already exists at ${destination}; Steward never overwrites.`);
    this.name = 'DestinationTakenError';
  }
}

export class CrossDeviceError extends Error {
  constructor() {
    super('The source and the destination are on different drives.');
    this.name = 'CrossDeviceError';
  }
}

/** Codes with which link(2) says "not here" rather than "no": fall back to a checked rename. */
const LINK_UNSUPPORTED = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK', 'ENOSYS', 'EACCES']);

export async function moveNoReplace(from: Buffer, to: Buffer, type: EntryType): Promise<void> {
  // link(2) follows a symbolic link on some systems (macOS), so links are renamed like folders.
  if (type === 'file' && process.platform !== 'win32') {
    try {
      await link(from, to);
    } catch (error) {
      const code = codeOf(error);
      if (code === 'EEXIST') throw new DestinationTakenError(to.toString());
      if (code === 'EXDEV') throw new CrossDeviceError();
      if (!LINK_UNSUPPORTED.has(code)) throw error;
      return renameIfAbsent(from, to);
    }
    await unlink(from);
    return;
  }
  return renameIfAbsent(from, to);
}

export async function renameIfAbsent(from: Buffer, to: Buffer): Promise<void> {
  if (await exists(to)) throw new DestinationTakenError(to.toString());
  try {
    await rename(from, to);
  } catch (error) {
    if (codeOf(error) === 'EXDEV') throw new CrossDeviceError();
    if (codeOf(error) === 'ENOTEMPTY' || codeOf(error) === 'EEXIST') throw new DestinationTakenError(to.toString());
    throw error;
  }
}

/**
 * Copies a file to another drive and unlinks the original only when the copy is complete and
 * identical. `temp` is a free name in the destination folder; the journal records it first so
 * that recovery can clear a half-made copy. Returns the copy's hash.
 */
export async function copyAcross(from: Buffer, to: Buffer, temp: Buffer, expectedHash: string | null): Promise<string> {
  const source = await lstat(from);
  await copyFile(from, temp, constants.COPYFILE_EXCL);
  await utimes(temp, source.atime, source.mtime);
  const [sourceHash, copyHash] = await Promise.all([expectedHash ?? hashFile(from), hashFile(temp)]);
  if (sourceHash !== copyHash) {
    await unlink(temp);
    throw new Error('The copy on the other drive did not match the original (it changed while being copied?); the original was left in place.');
  }
  try {
    await link(temp, to);
  } catch (error) {
    await unlink(temp);
    if (codeOf(error) === 'EEXIST') throw new DestinationTakenError(to.toString());
    throw error;
  }
  await unlink(temp);
  await unlink(from);
  return copyHash;
}

export async function hashFile(path: Buffer): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function exists(path: Buffer): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return false;
    throw error;
  }
}

export function codeOf(error: unknown): string {
  return (error as { code?: string } | null)?.code ?? '';
}
