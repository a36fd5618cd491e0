/**
 * Real engine parts over an in-memory SQLite database, for unit tests of the stores, the
 * ledger and the gate. (Integration tests use the whole engine against real servers.)
 */
import type { Clock } from '../clock.js';
import { openDatabase, type Db } from '../db/database.js';
import { SettingsStore } from '../db/settings.js';
import { EventBus } from '../event-bus.js';
import { Gate } from '../gate/gate.js';
import { GrantStore } from '../gate/grants.js';
import { KillSwitch } from '../gate/kill-switch.js';
import { Ledger } from '../ledger/ledger.js';

export class ManualClock implements Clock {
  constructor(private current = new Date('2026-11-25T09:00:00Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface MemoryParts {
  readonly clock: ManualClock;
  readonly db: Db;
  readonly events: EventBus;
  readonly settings: SettingsStore;
  readonly ledger: Ledger;
  readonly killSwitch: KillSwitch;
  readonly grants: GrantStore;
  readonly gate: Gate;
}

export function memoryParts(): MemoryParts {
  const clock = new ManualClock();
  const db = openDatabase(':memory:');
  const events = new EventBus();
  const settings = new SettingsStore(db);
  const ledger = new Ledger(db, settings, clock, events);
  const killSwitch = new KillSwitch(settings, clock);
  const grants = new GrantStore(db, clock);
  const gate = new Gate(grants, killSwitch, ledger, clock);
  return { clock, db, events, settings, ledger, killSwitch, grants, gate };
}
