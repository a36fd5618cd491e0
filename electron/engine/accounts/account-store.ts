import { randomUUID } from 'node:crypto';
import type { AccountSettingsByKind } from '@shared/connectors/index.js';
import type { AppId } from '@shared/domain/capabilities.js';
import type { Account } from '@shared/domain/types.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';

/**
 * An account as stored: everything but its secret (keychain) and live connection state. One
 * member per kind (distributed over K), so `kind` still tells `settings` apart.
 */
export type StoredAccount<K extends AppId = AppId> = K extends AppId ? Omit<Extract<Account, { kind: K }>, 'connection'> : never;

interface AccountRow {
  id: string;
  kind: AppId;
  email: string;
  display_name: string;
  settings_json: string;
  created_at: string;
}

export interface NewAccount<K extends AppId = AppId> {
  readonly kind: K;
  readonly email: string;
  readonly displayName: string;
  readonly settings: AccountSettingsByKind[K];
}

export class AccountStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  insert<K extends AppId>(account: NewAccount<K>): StoredAccount<K> {
    const id = randomUUID();
    const createdAt = this.clock.now().toISOString();
    this.db
      .prepare('INSERT INTO accounts (id, kind, email, display_name, settings_json, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, account.kind, account.email, account.displayName, JSON.stringify(account.settings), createdAt);
    return { ...account, id, createdAt } as unknown as StoredAccount<K>;
  }

  /** Replaces an account's settings (e.g. the folder the user chose for archived mail). */
  updateSettings<K extends AppId>(id: string, settings: AccountSettingsByKind[K]): void {
    this.db.prepare('UPDATE accounts SET settings_json = ? WHERE id = ?').run(JSON.stringify(settings), id);
  }

  get(id: string): StoredAccount | undefined {
    const row = this.db.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as AccountRow | undefined;
    return row && fromRow(row);
  }

  findByEmail(kind: AppId, email: string): StoredAccount | undefined {
    const row = this.db.prepare('SELECT * FROM accounts WHERE kind = ? AND lower(email) = lower(?)').get(kind, email) as AccountRow | undefined;
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
  // The row's kind was written together with its settings (insert), so they belong together.
  return {
    id: row.id,
    kind: row.kind,
    email: row.email,
    displayName: row.display_name,
    settings: JSON.parse(row.settings_json) as AccountSettingsByKind[AppId],
    createdAt: row.created_at,
  } as StoredAccount;
}
