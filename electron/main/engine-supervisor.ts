/**
 * Runs the engine as an Electron utilityProcess and keeps it running: restarts it when it
 * exits unexpectedly, waiting longer after each crash, and gives up (so the user is told
 * instead of a crash loop burning CPU) after a few crashes in a row. An engine that stays up
 * for a while earns a clean slate.
 *
 * The supervisor is also the kill switch's last resort: `hardStop` kills the process without
 * asking and starts a new one with --start-paused, so "paused" holds even though the old
 * engine never got to record it.
 *
 * Stopping for good (quit, update) asks first: a `shutdown` message over the engine's port,
 * which works on every OS (on Windows `kill()` is TerminateProcess and no handler runs). Only an
 * engine still alive after `shutdownTimeoutMs` is killed. Whatever the exit, the files a dead
 * engine leaves in the data folder are cleaned up before another engine starts.
 */
import { EventEmitter } from 'node:events';
import type { ForkOptions, UtilityProcess } from 'electron';
import { ENGINE_ARGS, type EngineShutdownMessage, type EngineToShellMessage } from '../../shared/shell/protocol.js';

/** The part of UtilityProcess the supervisor uses; tests pass a fake. */
export type EngineProcess = Pick<UtilityProcess, 'pid' | 'stdout' | 'stderr' | 'kill' | 'postMessage' | 'on'>;

/**
 * The engine process's environment: the shell's, plus MALLOC_ARENA_MAX=2 unless the user set it.
 * glibc gives each thread that mallocs an arena of its own (up to 8 per core), and the engine's
 * threads (libuv's pool, SQLite, V8's helpers) held ~18 MB in five of them at the peak of a
 * 50,000-message first sync; two arenas took the peak 212 -> 190 MB with no more CPU (the same
 * setting `steward host` gets from bin/steward.js). Read at process start, so it is set here.
 * Only glibc reads it: macOS and Windows ignore it.
 */
export function engineEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const entries = Object.entries({ MALLOC_ARENA_MAX: '2', ...env }).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return Object.fromEntries(entries);
}

export type ForkEngine = (modulePath: string, args: string[], options: ForkOptions) => EngineProcess;

export type SupervisorState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'starting'; readonly paused: boolean }
  | { readonly kind: 'ready'; readonly apiUrl: string }
  | { readonly kind: 'hard-stopping' }
  | { readonly kind: 'backing-off'; readonly crashes: number; readonly delayMs: number }
  | { readonly kind: 'failed'; readonly reason: string }
  | { readonly kind: 'stopped' };

export interface EngineExit {
  readonly code: number;
  readonly pid: number | undefined;
  /** True when the shell asked for it (hard stop, quit). */
  readonly expected: boolean;
}

export interface SupervisorEvents {
  spawn: [process: EngineProcess];
  ready: [process: EngineProcess, apiUrl: string];
  exit: [exit: EngineExit];
  'gave-up': [reason: string];
  state: [state: SupervisorState];
}

export interface SupervisorOptions {
  readonly modulePath: string;
  readonly dataDir: string;
  readonly fork: ForkEngine;
  /** Last resort when a killed engine has not exited after `killGraceMs`. */
  readonly forceKill?: (pid: number) => void;
  /**
   * Called with the pid of every engine that exited, before the next one starts: removes what
   * it left in the data folder (see engine-leftovers.ts).
   */
  readonly cleanUpAfter?: (pid: number) => void;
  /** How long an engine asked to shut down gets before it is killed. */
  readonly shutdownTimeoutMs?: number;
  readonly maxConsecutiveCrashes?: number;
  readonly restartDelayMs?: (crashes: number) => number;
  readonly stableAfterMs?: number;
  /** An engine that has not said `ready` by then is taken as hung (migrations included). */
  readonly readyTimeoutMs?: number;
  readonly killGraceMs?: number;
  readonly log?: (message: string) => void;
}

export const DEFAULT_MAX_CONSECUTIVE_CRASHES = 5;

/**
 * The engine lets a step in flight finish for up to 5 s (ActionRunner.idle), then logs out of
 * IMAP and closes the database: 8 s covers that on a slow disk and network.
 */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 8000;
export const DEFAULT_KILL_GRACE_MS = 1500;

/** 1 s, 2 s, 4 s, 8 s, ... capped at 30 s. */
export function defaultRestartDelayMs(crashes: number): number {
  return Math.min(1000 * 2 ** Math.max(0, crashes - 1), 30_000);
}

type ExitIntent = 'restart-paused' | 'stop' | null;

interface Running {
  readonly process: EngineProcess;
  intent: ExitIntent;
  exited: boolean;
  fatal: string | null;
  readyTimer: NodeJS.Timeout | null;
  stableTimer: NodeJS.Timeout | null;
  shutdownTimer: NodeJS.Timeout | null;
  killTimer: NodeJS.Timeout | null;
  onExit: Array<() => void>;
}

function parseEngineMessage(value: unknown): EngineToShellMessage | null {
  if (typeof value !== 'object' || value === null) return null;
  const message = value as Record<string, unknown>;
  if (message.type === 'ready' && typeof message.apiUrl === 'string') return { type: 'ready', apiUrl: message.apiUrl };
  if (message.type === 'fatal' && typeof message.message === 'string') return { type: 'fatal', message: message.message };
  return null;
}

export class EngineSupervisor extends EventEmitter<SupervisorEvents> {
  readonly #options: SupervisorOptions;
  readonly #maxCrashes: number;
  readonly #restartDelayMs: (crashes: number) => number;
  readonly #log: (message: string) => void;
  #state: SupervisorState = { kind: 'idle' };
  #running: Running | null = null;
  #crashes = 0;
  #startPaused = false;
  #backoffTimer: NodeJS.Timeout | null = null;

  constructor(options: SupervisorOptions) {
    super();
    this.#options = options;
    this.#maxCrashes = options.maxConsecutiveCrashes ?? DEFAULT_MAX_CONSECUTIVE_CRASHES;
    this.#restartDelayMs = options.restartDelayMs ?? defaultRestartDelayMs;
    this.#log = options.log ?? console.error;
  }

  get state(): SupervisorState {
    return this.#state;
  }

  /** The engine once it said `ready`, else null. */
  get readyProcess(): EngineProcess | null {
    return this.#state.kind === 'ready' ? (this.#running?.process ?? null) : null;
  }

  /** Whether the next engine will be started with --start-paused. */
  get startsPaused(): boolean {
    return this.#startPaused;
  }

  start(): void {
    if (this.#running || this.#state.kind === 'backing-off' || this.#state.kind === 'stopped') return;
    this.#spawn();
  }

  /** After giving up: the user chose to try again. */
  restart(): void {
    if (this.#state.kind !== 'failed' && this.#state.kind !== 'idle') return;
    this.#crashes = 0;
    this.#spawn();
  }

  /**
   * Kills the engine now and starts a new one that is paused from its first instant. Engines
   * that are not running (backing off, given up) will start paused whenever they start.
   * Returns whether there was a process to kill.
   */
  hardStop(): boolean {
    this.#startPaused = true;
    const running = this.#running;
    if (!running || this.#state.kind === 'stopped') return false;
    if (running.intent === null) {
      running.intent = 'restart-paused';
      this.#setState({ kind: 'hard-stopping' });
      this.#terminate(running);
    }
    return true;
  }

  /**
   * For quitting: asks the engine to shut down, kills it if it has not exited after
   * `shutdownTimeoutMs`, and never restarts it. Resolves once it has exited.
   */
  stop(): Promise<void> {
    this.#clearBackoff();
    const running = this.#running;
    this.#setState({ kind: 'stopped' });
    if (!running) return Promise.resolve();
    return new Promise((resolve) => {
      running.onExit.push(resolve);
      if (running.intent === 'stop') return;
      const wasHardStopping = running.intent === 'restart-paused';
      running.intent = 'stop';
      // Already being killed (hard stop): asking now would only delay it.
      if (wasHardStopping) return;
      this.#askToShutDown(running);
    });
  }

  #spawn(): void {
    this.#clearBackoff();
    const paused = this.#startPaused;
    const args = [ENGINE_ARGS.dataDir, this.#options.dataDir, ENGINE_ARGS.mode, 'desktop', ...(paused ? [ENGINE_ARGS.startPaused] : [])];
    let child: EngineProcess;
    try {
      child = this.#options.fork(this.#options.modulePath, args, { serviceName: 'Steward Engine', stdio: 'pipe', env: engineEnv(process.env) });
    } catch (error) {
      this.#log(`[steward] could not start the engine from ${this.#options.modulePath}: ${String(error)}`);
      this.#afterCrash(`The engine could not be started: ${String(error)}`);
      return;
    }
    const running: Running = {
      process: child,
      intent: null,
      exited: false,
      fatal: null,
      readyTimer: null,
      stableTimer: null,
      shutdownTimer: null,
      killTimer: null,
      onExit: [],
    };
    this.#running = running;
    this.#setState({ kind: 'starting', paused });

    child.on('message', (value: unknown) => this.#onMessage(running, value));
    child.on('error', (type, location) => this.#log(`[steward] engine ${type} at ${location}`));
    child.on('exit', (code) => this.#onExit(running, code));
    running.readyTimer = setTimeout(() => {
      running.readyTimer = null;
      if (running.intent !== null) return;
      running.fatal ??= `The engine did not finish starting within ${Math.round(this.#readyTimeoutMs / 1000)} s.`;
      this.#log(`[steward] ${running.fatal} Stopping it.`);
      this.#terminate(running);
    }, this.#readyTimeoutMs);
    this.emit('spawn', child);
  }

  get #readyTimeoutMs(): number {
    return this.#options.readyTimeoutMs ?? 60_000;
  }

  #onMessage(running: Running, value: unknown): void {
    const message = parseEngineMessage(value);
    if (!message || this.#running !== running || running.intent !== null) return;
    if (message.type === 'fatal') {
      running.fatal = message.message;
      this.#log(`[steward] engine reported: ${message.message}`);
      return;
    }
    clearTimer(running.readyTimer);
    running.readyTimer = null;
    // The engine has persisted --start-paused by now (see ENGINE_ARGS.startPaused).
    this.#startPaused = false;
    running.stableTimer = setTimeout(() => {
      this.#crashes = 0;
    }, this.#options.stableAfterMs ?? 60_000);
    this.#setState({ kind: 'ready', apiUrl: message.apiUrl });
    this.emit('ready', running.process, message.apiUrl);
  }

  #onExit(running: Running, code: number): void {
    if (running.exited) return;
    running.exited = true;
    clearTimer(running.readyTimer);
    clearTimer(running.stableTimer);
    clearTimer(running.shutdownTimer);
    clearTimer(running.killTimer);
    if (this.#running === running) this.#running = null;
    const pid = running.process.pid;
    if (pid !== undefined) {
      try {
        this.#options.cleanUpAfter?.(pid);
      } catch (error) {
        this.#log(`[steward] could not clean up after the engine (pid ${pid}): ${String(error)}`);
      }
    }
    const intent = running.intent;
    this.emit('exit', { code, pid, expected: intent !== null });
    for (const resolve of running.onExit.splice(0)) resolve();

    if (intent === 'stop' || this.#state.kind === 'stopped') return;
    if (intent === 'restart-paused') {
      this.#spawn();
      return;
    }
    this.#log(`[steward] the engine exited unexpectedly (code ${code})`);
    this.#afterCrash(running.fatal);
  }

  #afterCrash(fatal: string | null): void {
    this.#crashes += 1;
    if (this.#crashes >= this.#maxCrashes) {
      const reason =
        `The Steward engine stopped unexpectedly ${this.#crashes} times in a row, so Steward stopped restarting it.` +
        (fatal ? ` The engine said: ${fatal}` : '');
      this.#setState({ kind: 'failed', reason });
      this.emit('gave-up', reason);
      return;
    }
    const delayMs = this.#restartDelayMs(this.#crashes);
    this.#setState({ kind: 'backing-off', crashes: this.#crashes, delayMs });
    this.#backoffTimer = setTimeout(() => {
      this.#backoffTimer = null;
      this.#spawn();
    }, delayMs);
  }

  /** The clean way out: the engine closes everything itself. Killed only if it takes too long. */
  #askToShutDown(running: Running): void {
    try {
      running.process.postMessage({ type: 'shutdown' } satisfies EngineShutdownMessage);
    } catch (error) {
      this.#log(`[steward] could not ask the engine to shut down: ${String(error)}`);
      this.#terminate(running);
      return;
    }
    running.shutdownTimer = setTimeout(() => {
      running.shutdownTimer = null;
      if (running.exited) return;
      this.#log(`[steward] the engine did not shut down within ${this.#options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS} ms; stopping it.`);
      this.#terminate(running);
    }, this.#options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS);
  }

  /**
   * Kills (SIGTERM on POSIX, TerminateProcess on Windows), then insists with SIGKILL: a wedged
   * engine must still die.
   */
  #terminate(running: Running): void {
    clearTimer(running.killTimer);
    running.killTimer = setTimeout(() => {
      const pid = running.process.pid;
      // Never signal a pid after its exit: the OS may have given it to another process.
      if (running.exited || pid === undefined) return;
      this.#log(`[steward] the engine (pid ${pid}) did not exit after being told to; killing it.`);
      try {
        (this.#options.forceKill ?? ((p: number) => process.kill(p, 'SIGKILL')))(pid);
      } catch {
        // Already gone between the timer and the kill.
      }
    }, this.#options.killGraceMs ?? DEFAULT_KILL_GRACE_MS);
    running.process.kill();
  }

  #clearBackoff(): void {
    clearTimer(this.#backoffTimer);
    this.#backoffTimer = null;
  }

  #setState(state: SupervisorState): void {
    this.#state = state;
    this.emit('state', state);
  }
}

function clearTimer(timer: NodeJS.Timeout | null): void {
  if (timer) clearTimeout(timer);
}
