import type { AccountConnection } from '@shared/domain/types.js';

const NOT_WATCHED: AccountConnection = { state: 'stopped', lastSyncAt: null, lastError: null, nextRetryAt: null };

/** Live connection state per account, as the watchers report it. Not persisted. */
export class ConnectionBoard {
  private readonly states = new Map<string, AccountConnection>();

  constructor(private readonly onChange: () => void) {}

  set(accountId: string, connection: AccountConnection): void {
    this.states.set(accountId, connection);
    this.onChange();
  }

  /** Merges a change into what the account's watcher reported before. */
  update(accountId: string, change: Partial<AccountConnection>): void {
    this.set(accountId, { ...(this.states.get(accountId) ?? NOT_WATCHED), ...change });
  }

  /** `lastSyncAt` is the stored time of the last sync, shown until this run has synced. */
  get(accountId: string, lastSyncAt: string | null = null): AccountConnection {
    const live = this.states.get(accountId) ?? NOT_WATCHED;
    return { ...live, lastSyncAt: live.lastSyncAt ?? lastSyncAt };
  }

  delete(accountId: string): void {
    this.states.delete(accountId);
  }
}
