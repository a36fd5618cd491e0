/**
 * The running host leaves its address and token in the data folder (readable by the user
 * only) so that `steward` commands can find and talk to it.
 */
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { isDataDirLocked } from '../engine/db/data-dir-lock.js';
import { hostFile, readHostInfo, type HostInfo } from './host-info.js';

export { hostFile, type HostInfo } from './host-info.js';

export function writeHostInfo(dataDir: string, info: HostInfo): void {
  writeFileSync(hostFile(dataDir), `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  // The mode above applies only when the file is created; an old file keeps its own.
  chmodSync(hostFile(dataDir), 0o600);
}

/**
 * The host of this data folder if one is running. The file's writer holds the data folder's
 * lock, which the OS releases when it dies: an unlocked folder means the file is a leftover of a
 * killed host, whatever process now has its pid.
 */
export function readLiveHostInfo(dataDir: string): HostInfo | null {
  const info = readHostInfo(dataDir);
  return info && isDataDirLocked(dataDir) ? info : null;
}

export function removeHostInfo(dataDir: string, pid: number = process.pid): void {
  if (readHostInfo(dataDir)?.pid !== pid) return;
  try {
    rmSync(hostFile(dataDir), { force: true });
  } catch {
    // Nothing to remove.
  }
}
