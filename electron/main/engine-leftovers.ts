/**
 * What a dead engine leaves in the data folder. An engine that exits cleanly removes its host
 * file and its lock; one that was killed (TerminateProcess on Windows, SIGKILL, a crash) cannot.
 * Left there, they name a pid the OS may hand to another process, and the next engine (or
 * `steward status`) would take that process for a running Steward and refuse to start.
 *
 * The shell saw that very process exit, so a file that still names its pid is certainly stale:
 * no pid guessing. A file naming any other pid is left alone (another Steward may own it).
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ENGINE_RUN_FILES } from '../../shared/shell/protocol.js';

/** The pid a run file names: host.json holds JSON with `pid`, engine.lock the bare number. */
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
  for (const name of Object.values(ENGINE_RUN_FILES)) {
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
