/**
 * Every ticket the gate issued to run a step, in the database: the breaker and the rate limits
 * count from here, so neither a restart nor a crash loop resets them. The user resuming after
 * the breaker tripped starts its count afresh (the reset point is stored too).
 */
import type { CapabilityId } from '@shared/domain/capabilities.js';
import type { Db } from '../db/database.js';
import type { SettingsStore } from '../db/settings.js';

const RESET_KEY = 'gate.brakeCountsFrom';

export interface RunRecord {
  readonly actionId: string;
  readonly capability: CapabilityId;
  /** Nobody asked: a standing grant (or a rule) let it run. */
  readonly unasked: boolean;
  readonly at: Date;
}

export class RunLog {
  constructor(
    private readonly db: Db,
    private readonly settings: SettingsStore,
  ) {}

  record(run: RunRecord): void {
    this.db
      .prepare('INSERT INTO gate_runs (action_id, capability, unasked, at) VALUES (?, ?, ?, ?)')
      .run(run.actionId, run.capability, run.unasked ? 1 : 0, run.at.toISOString());
  }

  /** Unasked runs since `since` (and after the last reset), of one capability or of all. */
  unaskedSince(since: Date, capability?: CapabilityId): number {
    const reset = this.settings.get<string>(RESET_KEY) ?? '';
    const where = 'unasked = 1 AND at >= ? AND at > ?';
    const row = (
      capability
        ? this.db.prepare(`SELECT count(*) AS n FROM gate_runs WHERE ${where} AND capability = ?`).get(since.toISOString(), reset, capability)
        : this.db.prepare(`SELECT count(*) AS n FROM gate_runs WHERE ${where}`).get(since.toISOString(), reset)
    ) as { n: number };
    return row.n;
  }

  /** The user looked and resumed: what ran before now no longer counts towards the brake. */
  reset(at: Date): void {
    this.settings.set(RESET_KEY, at.toISOString());
  }
}
