import type { PresenceReport, PresenceState } from '@shared/domain/types.js';

/**
 * Where the user is (active, idle, locked, suspended), as last reported by the shell. Kept in
 * memory: after a restart the shell reports again, and until then the user counts as active.
 */
export class Presence {
  private state: PresenceState = 'active';
  private readonly listeners = new Set<(report: PresenceReport, state: PresenceState) => void>();

  get current(): PresenceState {
    return this.state;
  }

  /** Returns true when the state changed. Wake-ups (`resumed`, `unlocked`) always notify. */
  report(report: PresenceReport): boolean {
    const next: PresenceState = report === 'resumed' || report === 'unlocked' ? 'active' : report;
    const changed = next !== this.state;
    this.state = next;
    if (changed || report === 'resumed' || report === 'unlocked') {
      for (const listener of this.listeners) listener(report, next);
    }
    return changed;
  }

  onReport(listener: (report: PresenceReport, state: PresenceState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
