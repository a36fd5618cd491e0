/**
 * Tells the engine where the user is: sleep and wake, screen lock and unlock (powerMonitor
 * events), and idle or active (polled, since Electron has no idle event). The engine reconnects
 * every account at once on `resumed` and `unlocked` instead of waiting out a dead socket, and
 * the interruption policy holds notifications while the user is away.
 *
 * Reports go through the shell's own API client, only when something changed; a new engine
 * (restart, hard stop) starts as 'active', so it hears the current state again when it connects.
 * The engine being down costs a report, never an error the user sees.
 */
import type { PowerMonitor } from 'electron';
import type { EngineApi } from '../../shared/api/contract.js';
import type { PresenceReport, PresenceState } from '../../shared/domain/types.js';

type PowerEvent = 'suspend' | 'resume' | 'lock-screen' | 'unlock-screen';

/** The part of powerMonitor used here (its `on` returns the module itself, which a fake is not). */
export interface PowerMonitorLike {
  on(event: PowerEvent, listener: () => void): unknown;
  off(event: PowerEvent, listener: () => void): unknown;
  getSystemIdleState: PowerMonitor['getSystemIdleState'];
}

/** Seconds without input before the user counts as idle. */
export const IDLE_THRESHOLD_SECONDS = 5 * 60;
export const IDLE_POLL_MS = 30_000;

/** powerMonitor.getSystemIdleState's answer as presence; 'unknown' (some Linux desktops) says nothing. */
export function presenceFromIdleState(state: ReturnType<PowerMonitor['getSystemIdleState']>): PresenceState | null {
  switch (state) {
    case 'active':
    case 'idle':
    case 'locked':
      return state;
    default:
      return null;
  }
}

/** The state a report leaves the user in: waking and unlocking mean they are back. */
export function stateAfter(report: PresenceReport): PresenceState {
  return report === 'resumed' || report === 'unlocked' ? 'active' : report;
}

export interface PresenceReporterOptions {
  readonly powerMonitor: PowerMonitorLike;
  /** The shell's API client, or null while no engine is connected. */
  api(): Pick<EngineApi, 'reportPresence'> | null;
  readonly idleThresholdSeconds?: number;
  readonly pollMs?: number;
  readonly log?: (message: string) => void;
}

const EVENTS = [
  ['suspend', 'suspended'],
  ['resume', 'resumed'],
  ['lock-screen', 'locked'],
  ['unlock-screen', 'unlocked'],
] as const satisfies ReadonlyArray<readonly [PowerEvent, PresenceReport]>;

export class PresenceReporter {
  readonly #options: PresenceReporterOptions;
  readonly #listeners: Array<() => void> = [];
  #state: PresenceState = 'active';
  #timer: NodeJS.Timeout | null = null;

  constructor(options: PresenceReporterOptions) {
    this.#options = options;
  }

  get state(): PresenceState {
    return this.#state;
  }

  start(): void {
    const { powerMonitor } = this.#options;
    for (const [event, report] of EVENTS) {
      const listener = (): void => this.#report(report);
      powerMonitor.on(event, listener);
      this.#listeners.push(() => powerMonitor.off(event, listener));
    }
    this.#timer = setInterval(() => this.poll(), this.#options.pollMs ?? IDLE_POLL_MS);
    this.poll();
  }

  /** Reads idle/active/locked now; reports only a change. */
  poll(): void {
    // While asleep the poll would read "idle"; the wake event says more.
    if (this.#state === 'suspended') return;
    const next = presenceFromIdleState(this.#options.powerMonitor.getSystemIdleState(this.#options.idleThresholdSeconds ?? IDLE_THRESHOLD_SECONDS));
    if (next && next !== this.#state) this.#report(next);
  }

  /** A new engine is connected: it starts believing 'active', so tell it otherwise. */
  engineConnected(): void {
    if (this.#state !== 'active') this.#send(this.#state);
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    for (const remove of this.#listeners.splice(0)) remove();
  }

  #report(report: PresenceReport): void {
    const next = stateAfter(report);
    // Wake-ups always go out (the engine reconnects on them); states only when they change.
    if (next === this.#state && report !== 'resumed' && report !== 'unlocked') return;
    this.#state = next;
    this.#send(report);
  }

  #send(report: PresenceReport): void {
    const api = this.#options.api();
    if (!api) return;
    api.reportPresence({ state: report }).catch((error: unknown) => {
      (this.#options.log ?? console.warn)(`[steward] could not tell the engine "${report}": ${error instanceof Error ? error.message : String(error)}`);
    });
  }
}
