/**
 * The kill switch's fast path: `steward pause` (also with --hard) and `steward resume` sent to a
 * running Steward, answered before the rest of the CLI loads. Issue 7 gives the pause 100 ms
 * from the moment it is typed; the full program spent ~0.3 s getting ready (the API's zod
 * schemas, commander, undici for fetch), while a bare Node starts in ~35 ms. This path reads
 * host.json and makes one HTTP request, and so loads none of that.
 *
 * It takes only the command lines it fully understands, with commander's meaning: anything else
 * (help, an unknown or misspelt option, an option value that starts with a dash) and a
 * pause or resume with no Steward running (the engine then opens in this process) go to the
 * full program, which answers exactly as it always has.
 */
import { resolve } from 'node:path';
import { ApiError, type ApiErrorCode } from '@shared/api/errors.js';
import { defaultDataDir } from '../engine/paths.js';
import { readHostInfo } from '../host/host-info.js';
import { callHost } from './host-call.js';
import { hardPauseWords, pauseInput, PAUSED_WORDS, RESUMED_WORDS } from './kill-switch-words.js';
import { defaultIo, formatResult, reportError, type CliIo } from './output.js';

export interface FastCommand {
  readonly command: 'pause' | 'resume';
  /** --data-dir as given (resolved against the working folder later), or absent for the default. */
  readonly dataDir?: string;
  readonly json: boolean;
  readonly reason?: string;
  readonly hard: boolean;
}

/** The command line (after `steward`) when it is a pause or resume this path can serve, else undefined. */
export function parseFastCommand(argv: readonly string[]): FastCommand | undefined {
  let command: FastCommand['command'] | undefined;
  let dataDir: string | undefined;
  let reason: string | undefined;
  let json = false;
  let hard = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    // An option's value: inline (--x=v) or the next argument, which must not look like an option.
    const value = (): string | undefined => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('-')) return undefined;
      i += 1;
      return next;
    };
    if (name === '--json' && inline === undefined) json = true;
    else if (name === '--data-dir') {
      dataDir = value();
      if (dataDir === undefined) return undefined;
    } else if (name === '--reason' && command === 'pause') {
      reason = value();
      if (reason === undefined) return undefined;
    } else if (name === '--hard' && command === 'pause' && inline === undefined) hard = true;
    else if ((arg === 'pause' || arg === 'resume') && command === undefined) command = arg;
    else return undefined;
  }
  if (command === undefined) return undefined;
  return { command, json, hard, ...(dataDir === undefined ? {} : { dataDir }), ...(reason === undefined ? {} : { reason }) };
}

/** Serves a pause or resume of a running Steward; resolves to the exit code, or undefined when the full program must. */
export async function runFastPath(argv: readonly string[], io: CliIo = defaultIo): Promise<number | undefined> {
  const fast = parseFastCommand(argv);
  if (!fast) return undefined;
  const dataDir = resolve(fast.dataDir ?? defaultDataDir());
  try {
    if (fast.hard) {
      // Loaded here: it checks the data folder's lock, and may open the engine.
      const { hardPause } = await import('./hard-pause.js');
      const done = await hardPause(dataDir, fast.reason);
      io.out(formatResult(done, fast.json, () => hardPauseWords(done)));
      return 0;
    }
    const status = await askRunningHost(dataDir, fast.command, fast.command === 'pause' ? pauseInput(fast.reason) : undefined);
    if (status === NO_HOST) return undefined;
    io.out(formatResult(status, fast.json, () => (fast.command === 'pause' ? PAUSED_WORDS : RESUMED_WORDS)));
    return 0;
  } catch (error) {
    return reportError(error, fast.json, io);
  }
}

const NO_HOST = Symbol('no host running');

/**
 * How long the try at host.json's address waits for an answer before the lock is asked instead.
 * A live host answers a pause in milliseconds; a process that took over a dead host's port and
 * accepts connections without answering must not hang the stop.
 */
const OPTIMISTIC_TIMEOUT_MS = 1000;

/** Errors that say the answer did not come from this data folder's host: nothing answered, another Steward, or no Steward at all. */
const NOT_THAT_HOST: ReadonlySet<ApiErrorCode> = new Set(['unavailable', 'unauthorized', 'internal']);

/**
 * The running host's answer, or NO_HOST. host.json is tried at once when it carries its run's
 * CLI token and its process exists: that token is new on every start and only that run's host
 * takes it, so an answer in Steward's words proves the host, and sending it to whatever now
 * holds a dead host's port gives away nothing that works. That skips the data folder's lock
 * check (loading SQLite: ~15 ms of CPU, a fifth of this path). Otherwise (an older host without
 * that token, or no answer from this host within a second), the lock says whether a host runs at all, as for
 * every other command (connect.ts).
 */
async function askRunningHost(dataDir: string, method: 'pause' | 'resume', input: unknown): Promise<unknown> {
  const info = readHostInfo(dataDir);
  if (info?.cliToken !== undefined && processExists(info.pid)) {
    try {
      return await callHost(info, method, input, { timeoutMs: OPTIMISTIC_TIMEOUT_MS });
    } catch (error) {
      if (!(error instanceof ApiError) || !NOT_THAT_HOST.has(error.code)) throw error;
    }
  }
  const { readLiveHostInfo } = await import('../host/host-file.js');
  const live = readLiveHostInfo(dataDir);
  return live ? callHost(live, method, input) : NO_HOST;
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, as another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
