/**
 * The running host leaves its address and token in the data folder (readable by the user
 * only) so that `steward` commands can find and talk to it.
 */
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDataDirLocked } from '../engine/db/data-dir-lock.js';

export interface HostInfo {
  readonly pid: number;
  readonly url: string;
  readonly token: string;
  /** The CLI's token for this run (requests with it are recorded as the CLI's); absent from older hosts. */
  readonly cliToken?: string;
  readonly mode: string;
  readonly startedAt: string;
}

export function hostFile(dataDir: string): string {
  return join(dataDir, 'host.json');
}

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
  let info: HostInfo;
  try {
    info = JSON.parse(readFileSync(hostFile(dataDir), 'utf8')) as HostInfo;
  } catch {
    return null;
  }
  return isDataDirLocked(dataDir) ? info : null;
}

export function removeHostInfo(dataDir: string, pid: number = process.pid): void {
  try {
    const info = JSON.parse(readFileSync(hostFile(dataDir), 'utf8')) as HostInfo;
    if (info.pid === pid) rmSync(hostFile(dataDir), { force: true });
  } catch {
    // Nothing to remove.
  }
}
