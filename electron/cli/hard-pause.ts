/**
 * `steward pause --hard`: the kill switch for a Steward that does not answer. The running host
 * is asked to pause; one that has not acknowledged within a second is ended (SIGKILL, or
 * TerminateProcess on Windows), as the desktop shell does with its engine, and the pause is
 * then written to the stored state so that the next start begins paused.
 */
import { ApiError } from '@shared/api/errors.js';
import type { EngineStatus } from '@shared/domain/types.js';
import { isDataDirLocked } from '../engine/db/data-dir-lock.js';
import { readLiveHostInfo } from '../host/host-file.js';
import { callHost } from './host-call.js';
import { pauseInput } from './kill-switch-words.js';

export const HARD_PAUSE_ACK_MS = 1_000;
/** How long the OS may take to release a killed process's lock. */
const RELEASE_WAIT_MS = 5_000;

export interface HardPause {
  /** acknowledged: the running Steward paused in time; ended: it did not, and was ended; stored: none was running. */
  readonly outcome: 'acknowledged' | 'ended' | 'stored';
  readonly status: EngineStatus;
  /** The process that was ended. */
  readonly pid?: number;
}

export async function hardPause(dataDir: string, reason: string | undefined, ackMs = HARD_PAUSE_ACK_MS): Promise<HardPause> {
  const input = pauseInput(reason);
  const host = readLiveHostInfo(dataDir);
  if (host) {
    try {
      return { outcome: 'acknowledged', status: (await withDeadline(callHost(host, 'pause', input), ackMs)) as EngineStatus };
    } catch (error) {
      // Refused in words (bad input) is an answer, not a hang: say it rather than kill.
      if (error instanceof ApiError && error.code !== 'unavailable' && error.code !== 'internal') throw error;
    }
    // Still the lock holder? Then host.json's pid is that very process (it wrote the file).
    if (isDataDirLocked(dataDir)) endProcess(host.pid);
    await lockReleased(dataDir);
  }
  // Loaded only here: the kill switch's fast path (fast-path.ts) must not load the API's schemas.
  const { connect } = await import('./connect.js');
  const local = await connect(dataDir);
  try {
    const status = await local.api.pause(input);
    return host ? { outcome: 'ended', status, pid: host.pid } : { outcome: 'stored', status };
  } finally {
    await local.close();
  }
}

function endProcess(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

async function lockReleased(dataDir: string): Promise<void> {
  const deadline = Date.now() + RELEASE_WAIT_MS;
  while (isDataDirLocked(dataDir)) {
    if (Date.now() > deadline) {
      throw new ApiError('unavailable', `The Steward using ${dataDir} did not answer and could not be ended. Stop its process yourself, then run \`steward pause\`.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ApiError('unavailable', `no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
