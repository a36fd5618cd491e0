/**
 * The engine as composeEngine builds it, over an in-memory SQLite database and an in-memory
 * secret store, without watchers: for unit tests of the stores, the ledger and the gate.
 * (Integration tests use the whole engine against real servers.)
 */
import type { StoredAccount } from '../accounts/account-store.js';
import type { Clock } from '../clock.js';
import { composeEngine, type EngineParts } from '../compose.js';
import { openDatabase } from '../db/database.js';
import type { NewMailItem } from '../items/mail/mail-item.js';
import { engineSchema } from '../schema.js';
import { createItemSink, type ItemSink } from '../sync/ingest.js';
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

/** Alice's IMAP account in these parts, and the sink its watcher would commit her mail through. */
export function aliceMailbox(parts: EngineParts): { account: StoredAccount; sink: ItemSink<NewMailItem> } {
  const account = parts.accounts.insert({
    kind: 'imap',
    email: 'alice@example.test',
    displayName: 'Alice Martin',
    settings: { host: '127.0.0.1', port: 143, tls: false, username: 'alice@example.test', archiveMailbox: null, smtp: null },
  });
  const store = parts.stores.mail;
  if (!store) throw new Error('no mail store');
  return { account, sink: createItemSink(parts.ingest, account.id, store) };
}
