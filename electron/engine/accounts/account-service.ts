/**
 * Adding, watching and removing accounts of every kind. A new account is tested before anything
 * is stored; its secret goes to the secret store and nowhere else. What differs per kind comes
 * from the account's connector definition.
 */
import { ApiError } from '@shared/api/errors.js';
import type { AccountInput } from '@shared/connectors/index.js';
import { readCapabilityOf, CAPABILITIES } from '@shared/domain/capabilities.js';
import type { Account, AccountConnection, ConnectionTestResult } from '@shared/domain/types.js';
import type { Clock } from '../clock.js';
import { connectorFor } from '../connectors/registry.js';
import type { Watcher } from '../connectors/types.js';
import type { CredentialProvider, SecretName } from '../credentials/credential-provider.js';
import type { EventBus } from '../event-bus.js';
import type { GrantStore } from '../gate/grants.js';
import type { Ledger } from '../ledger/ledger.js';
import type { ItemStores } from '../items/registry.js';
import type { CursorStore } from '../sync/cursor-store.js';
import { createItemSink, type IngestDeps } from '../sync/ingest.js';
import type { AccountStore, NewAccount, StoredAccount } from './account-store.js';
import type { ConnectionBoard } from './connection-board.js';

export interface AccountServiceDeps {
  readonly accounts: AccountStore;
  readonly credentials: CredentialProvider;
  readonly board: ConnectionBoard;
  readonly grants: GrantStore;
  readonly cursors: CursorStore;
  readonly stores: ItemStores;
  /** How watchers' commits reach the database and the scheduler. */
  readonly ingest: IngestDeps;
  readonly ledger: Ledger;
  readonly events: EventBus;
  readonly clock: Clock;
  /** False when the engine only answers commands (the CLI without a running host). */
  readonly watch: boolean;
}

export class AccountService {
  private readonly watchers = new Map<string, Watcher>();

  constructor(private readonly deps: AccountServiceDeps) {}

  test(input: AccountInput): Promise<ConnectionTestResult> {
    return connectorFor(input.kind).test(input);
  }

  async add(input: AccountInput, actor: string): Promise<Account> {
    const { accounts, credentials, ledger } = this.deps;
    const connector = connectorFor(input.kind);
    const prepared = connector.prepare(input);
    if (accounts.findByEmail(input.kind, prepared.email)) {
      throw new ApiError('conflict', `${prepared.email} is already added. Remove it first to change its settings.`);
    }
    // Proves the server, the login and what Steward needs there before anything is stored.
    await connector.test(input);
    const stored = this.insertOnce({ kind: input.kind, email: prepared.email, displayName: prepared.displayName, settings: prepared.settings });
    try {
      if (prepared.password !== null) await credentials.savePassword(stored.id, prepared.password);
      for (const [name, value] of Object.entries(prepared.secrets ?? {}) as [SecretName, string][]) await credentials.saveSecret(stored.id, name, value);
    } catch (error) {
      accounts.remove(stored.id);
      await credentials.forget(stored.id);
      throw error;
    }
    ledger.append({ kind: 'account.added', actor, summary: `Added ${stored.email} (${connector.describe(stored)})`, accountId: stored.id });
    this.startWatching(stored);
    this.changed();
    return this.toAccount(stored);
  }

  /** The database has the last word on duplicates (two adds racing each other). */
  private insertOnce(account: NewAccount): StoredAccount {
    try {
      return this.deps.accounts.insert(account);
    } catch (error) {
      if (error instanceof Error && /UNIQUE/.test(error.message)) throw new ApiError('conflict', `${account.email} is already added.`);
      throw error;
    }
  }

  async updatePassword(id: string, password: string, actor: string): Promise<Account> {
    const stored = this.require(id);
    const connector = connectorFor(stored.kind);
    if (!connector.testPassword) throw new ApiError('invalid_input', `${stored.email} does not sign in with a password.`);
    await connector.testPassword(stored, password);
    await this.deps.credentials.savePassword(id, password);
    this.deps.ledger.append({ kind: 'account.updated', actor, summary: `Changed the password of ${stored.email}`, accountId: id });
    await this.stopWatching(id);
    this.startWatching(stored);
    this.changed();
    return this.toAccount(stored);
  }

  async remove(id: string, actor: string): Promise<void> {
    const stored = this.require(id);
    await this.stopWatching(id);
    this.deps.accounts.remove(id);
    this.deps.board.delete(id);
    await this.deps.credentials.forget(id);
    this.deps.ledger.append({ kind: 'account.removed', actor, summary: `Removed ${stored.email}`, accountId: id });
    this.changed();
  }

  list(): Account[] {
    return this.deps.accounts.list().map((stored) => this.toAccount(stored));
  }

  startAll(): void {
    for (const stored of this.deps.accounts.list()) this.startWatching(stored);
  }

  /** Follows the read grants: watching is reading, so an app's accounts stop unless reading is allowed. */
  async applyReadGrants(): Promise<void> {
    for (const stored of this.deps.accounts.list()) {
      if (this.readAllowed(stored)) {
        this.startWatching(stored);
      } else {
        await this.stopWatching(stored.id);
        this.reportNotReading(stored);
      }
    }
  }

  syncNow(accountId: string): void {
    this.watchers.get(accountId)?.syncNow();
  }

  reconnectAll(): void {
    for (const watcher of this.watchers.values()) watcher.reconnect();
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.watchers.values()].map((w) => w.stop()));
    this.watchers.clear();
  }

  private require(id: string): StoredAccount {
    const stored = this.deps.accounts.get(id);
    if (!stored) throw new ApiError('not_found', `There is no account with id "${id}". See \`steward accounts list\`.`);
    return stored;
  }

  private readAllowed(stored: StoredAccount): boolean {
    return this.deps.grants.modeFor(stored.kind, readCapabilityOf(stored.kind)) === 'allow';
  }

  private reportNotReading(stored: StoredAccount): void {
    const read = CAPABILITIES[readCapabilityOf(stored.kind)].label;
    this.deps.board.set(stored.id, {
      state: 'stopped',
      lastSyncAt: null,
      lastError: `Steward is not allowed to read this account: set ${read} to Allow in Settings → Permissions.`,
      nextRetryAt: null,
    });
  }

  private startWatching(stored: StoredAccount): void {
    if (!this.deps.watch || this.watchers.has(stored.id)) return;
    if (!this.readAllowed(stored)) {
      this.reportNotReading(stored);
      return;
    }
    const connector = connectorFor(stored.kind);
    const store = this.deps.stores[connector.itemKind];
    if (!store) throw new Error(`No store for ${connector.itemKind} items.`);
    const watcher = connector.createWatcher({
      account: stored,
      credentials: this.deps.credentials.forAccount(stored),
      sink: createItemSink(this.deps.ingest, stored.id, store),
      report: (change) => this.deps.board.update(stored.id, change),
      now: () => this.deps.clock.now(),
    });
    this.watchers.set(stored.id, watcher);
    watcher.start();
  }

  private async stopWatching(id: string): Promise<void> {
    await this.watchers.get(id)?.stop();
    this.watchers.delete(id);
  }

  private toAccount(stored: StoredAccount): Account {
    const connection: AccountConnection = this.deps.board.get(stored.id, this.deps.cursors.lastSyncAt(stored.id));
    return { ...stored, connection };
  }

  private changed(): void {
    this.deps.events.emit({ type: 'accounts.changed' });
    this.deps.events.emit({ type: 'status.changed' });
  }
}
