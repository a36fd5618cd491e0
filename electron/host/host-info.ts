/**
 * What a running host leaves in the data folder for `steward` commands (host.json), read
 * without asking whether its writer still runs: host-file.ts's readLiveHostInfo does, with the
 * data folder's lock (SQLite), which the kill switch's fast path checks only when it must.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

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

/** host.json's contents, or null when there is none (or it cannot be read). */
export function readHostInfo(dataDir: string): HostInfo | null {
  try {
    return JSON.parse(readFileSync(hostFile(dataDir), 'utf8')) as HostInfo;
  } catch {
    return null;
  }
}
