/**
 * The engine as composeEngine builds it, over an in-memory SQLite database and an in-memory
 * secret store, without watchers: for unit tests of the stores, the ledger and the gate.
 * (Integration tests use the whole engine against real servers.)
 */
import type { Clock } from '../clock.js';
import { composeEngine, type EngineParts } from '../compose.js';
import { openDatabase } from '../db/database.js';
import { engineSchema } from '../schema.js';
import { MemorySecretStore } from '../secrets/memory-secret-store.js';

export class ManualClock implements Clock {
  constructor(private current = new Date('2026-11-25T09:00:00Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface MemoryParts extends EngineParts {
  readonly clock: ManualClock;
}

export function memoryParts(): MemoryParts {
  const clock = new ManualClock();
  const parts = composeEngine({ db: openDatabase(':memory:', engineSchema()), clock, secrets: new MemorySecretStore(), mode: 'host', watch: false });
  return { ...parts, clock };
}
