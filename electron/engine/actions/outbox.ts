/**
 * The outbox's clock: wakes when the next approved send is due and hands it to the runner, and
 * follows the kill switch (a pause stops every countdown, a resume restarts them with what was
 * left). It decides nothing itself: the rows say when, the runner claims each step atomically,
 * so a late or doubled wake-up can never send anything twice.
 */
import type { Clock } from '../clock.js';
import type { KillSwitch } from '../gate/kill-switch.js';
import type { OutboxStore } from './outbox-store.js';
import { msUntil } from './send-window.js';

export interface OutboxClockDeps {
  readonly store: OutboxStore;
  readonly clock: Clock;
  readonly killSwitch: KillSwitch;
  /** Runs a step whose window has passed. */
  readonly sendDue: (actionId: string) => Promise<void>;
  /** Steward was paused at `pausedAt`: stop the countdowns (and hold approved steps not started). */
  readonly hold: (pausedAt: string) => void;
  /** Steward was resumed: restart them (and run the held steps). */
  readonly release: () => void;
}

/** Wake at least this often, so a changed system clock cannot leave a message waiting for long. */
const MAX_SLEEP_MS = 30_000;

export class OutboxClock {
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;
  private unsubscribe: (() => void) | null = null;
  private ticking: Promise<void> = Promise.resolve();

  constructor(private readonly deps: OutboxClockDeps) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.unsubscribe = this.deps.killSwitch.onChange((state) => {
      if (state.paused) this.deps.hold(state.at ?? this.deps.clock.now().toISOString());
      else this.deps.release();
      this.arm();
    });
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Looks again at when the next step is due (after a step entered or left the outbox). */
  arm(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.deps.killSwitch.paused) return;
    const next = this.deps.store.nextDue();
    if (next === null) return;
    const delay = Math.min(msUntil(next, this.deps.clock.now()), MAX_SLEEP_MS);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.ticking = this.ticking.then(() => this.tick());
    }, delay);
  }

  /** Hands every step that is due to the runner, one after another. */
  async tick(): Promise<void> {
    const now = this.deps.clock.now();
    const due = this.deps.store.list().filter((row) => row.dueAt !== null && msUntil(row.dueAt, now) === 0);
    for (const row of due) {
      if (this.stopped || this.deps.killSwitch.paused) break;
      try {
        await this.deps.sendDue(row.actionId);
      } catch (error) {
        console.error('[steward] a step from the outbox failed to run:', error);
      }
    }
    this.arm();
  }

  /** Resolves once a tick in progress has finished (for an orderly stop). */
  idle(): Promise<void> {
    return this.ticking;
  }
}
