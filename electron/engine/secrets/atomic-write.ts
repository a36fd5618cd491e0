/**
 * Replaces a file so that a crash at any moment leaves either the old content or the new, never a
 * mix: the new bytes go to a private temp file beside the target (0600 from the first byte),
 * reach the disk (fsync), and only then take the target's name in one rename. The folder is
 * synced too, or a power cut could forget the rename after we reported success.
 */
import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isProcessAlive } from '../process-alive.js';

const TEMP_MARK = '.tmp-';

export async function writeFileAtomic(path: string, data: Uint8Array): Promise<void> {
  const temp = `${path}${TEMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    const file = await open(temp, 'wx', 0o600);
    try {
      await file.writeFile(data);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncFolder(dirname(path));
}

/** Temp files that a crashed writer left beside `path` (their process is gone); live writers' are kept. */
export async function removeStaleTempFiles(path: string): Promise<void> {
  const prefix = `${basename(path)}${TEMP_MARK}`;
  const names = await readdir(dirname(path)).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length).split('-')[0]);
    if (pid === process.pid || (pid > 0 && isProcessAlive(pid))) continue;
    await rm(join(dirname(path), name), { force: true });
  }
}

async function syncFolder(folder: string): Promise<void> {
  // Windows cannot open a folder for fsync; NTFS journals the rename itself.
  if (process.platform === 'win32') return;
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
