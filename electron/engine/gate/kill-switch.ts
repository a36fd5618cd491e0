import type { Clock } from '../clock.js';
import type { SettingsStore } from '../db/settings.js';

export interface PauseState {
  readonly paused: boolean;
  readonly at: string | null;
  readonly by: string | null;
  readonly reason: string | null;
}

const KEY = 'engine.pause';
const RUNNING: PauseState = { paused: false, at: null, by: null, reason: null };

/**
 * The brake. Pausing is synchronous and persisted before it returns, and it aborts the signal
 * every running step holds, so a step in flight stops at its next I/O and nothing queued
 * starts. A new signal is handed out after resume.
 */
export class KillSwitch {
  private state: PauseState;
  private controller = new AbortController();
  private readonly listeners = new Set<(state: PauseState) => void>();

  constructor(
    private readonly settings: SettingsStore,
    private readonly clock: Clock,
  ) {
    this.state = settings.get<PauseState>(KEY) ?? RUNNING;
    if (this.state.paused) this.controller.abort(new PausedError());
  }

  get paused(): boolean {
    return this.state.paused;
  }

  get current(): PauseState {
    return this.state;
  }

  /** Aborted the moment Steward is paused. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Returns false when it was already paused (nothing changed). */
  pause(by: string, reason: string | null = null): boolean {
    if (this.state.paused) return false;
    // Stop what runs first: even if saving the state fails below, nothing goes on.
    this.state = { paused: true, at: this.clock.now().toISOString(), by, reason };
    this.controller.abort(new PausedError());
    this.update(this.state);
    return true;
  }

  resume(): boolean {
    if (!this.state.paused) return false;
    this.controller = new AbortController();
    this.update(RUNNING);
    return true;
  }

  onChange(listener: (state: PauseState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private update(state: PauseState): void {
    this.settings.set(KEY, state);
    this.state = state;
    for (const listener of this.listeners) listener(state);
  }
}

export class PausedError extends Error {
  constructor() {
    super('Steward was paused.');
    this.name = 'PausedError';
  }
}
