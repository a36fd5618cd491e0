import { randomUUID } from 'node:crypto';
import type { Account } from '@shared/domain/types.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';

/** An account as stored: everything but its password (keychain) and live connection state. */
export type StoredAccount = Omit<Account, 'connection'>;

interface AccountRow {
  id: string;
  kind: 'imap';
  email: string;
  display_name: string;
  host: string;
  port: number;
  tls: number;
  username: string;
  archive_mailbox: string | null;
  created_at: string;
}

export type NewAccount = Omit<StoredAccount, 'id' | 'createdAt'>;

export class AccountStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  insert(account: NewAccount): StoredAccount {
    const stored: StoredAccount = { ...account, id: randomUUID(), createdAt: this.clock.now().toISOString() };
    this.db
      .prepare(
        `INSERT INTO accounts (id, kind, email, display_name, host, port, tls, username, archive_mailbox, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        stored.id,
        stored.kind,
        stored.email,
        stored.displayName,
        stored.host,
        stored.port,
        stored.tls ? 1 : 0,
        stored.username,
        stored.archiveMailbox,
        stored.createdAt,
      );
    return stored;
  }

  get(id: string): StoredAccount | undefined {
    const row = this.db.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as AccountRow | undefined;
    return row && fromRow(row);
  }

  findByEmail(email: string): StoredAccount | undefined {
    const row = this.db.prepare('SELECT * FROM accounts WHERE lower(email) = lower(?)').get(email) as AccountRow | undefined;
    return row && fromRow(row);
  }

  list(): StoredAccount[] {
    return (this.db.prepare('SELECT * FROM accounts ORDER BY created_at').all() as AccountRow[]).map(fromRow);
  }

  remove(id: string): boolean {
    return this.db.prepare('DELETE FROM accounts WHERE id = ?').run(id).changes > 0;
  }
}

function fromRow(row: AccountRow): StoredAccount {
  return {
    id: row.id,
    kind: row.kind,
    email: row.email,
    displayName: row.display_name,
    host: row.host,
    port: row.port,
    tls: row.tls === 1,
    username: row.username,
    archiveMailbox: row.archive_mailbox,
    createdAt: row.created_at,
  };
}

/** The keychain entry that holds an account's password. */
export function passwordKey(accountId: string): string {
  return `account:${accountId}:password`;
}
