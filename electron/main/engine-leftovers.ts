/**
 * What a dead engine leaves in the data folder. An engine that exits cleanly removes its host
 * file; one that was killed (TerminateProcess on Windows, SIGKILL, a crash) cannot. Nothing
 * takes a leftover host file for a running Steward (that is the data folder's lock, which the OS
 * releases with the process), but it would point `steward` commands at a dead address for a
 * moment: tidy it away. The lock file itself is never removed (see data-dir-lock.ts).
 *
 * The shell saw that very process exit, so a file that still names its pid is certainly stale:
 * no pid guessing. A file naming any other pid is left alone (another Steward may own it).
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ENGINE_RUN_FILES } from '../../shared/shell/protocol.js';

/** The pid a run file names: host.json holds JSON with `pid` (a bare number is read too). */
export function pidInRunFile(text: string): number | null {
  const trimmed = text.trim();
  let value: unknown = trimmed;
  if (trimmed.startsWith('{')) {
    try {
      value = (JSON.parse(trimmed) as { pid?: unknown }).pid;
    } catch {
      return null;
    }
  }
  const pid = Number(value);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/** Removes the run files that name `deadPid`; returns the names of those removed. */
export function removeEngineLeftovers(dataDir: string, deadPid: number): string[] {
  const removed: string[] = [];
  for (const name of [ENGINE_RUN_FILES.hostInfo]) {
    const file = join(dataDir, name);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    if (pidInRunFile(text) !== deadPid) continue;
    rmSync(file, { force: true });
    removed.push(name);
  }
  return removed;
}
