/**
 * Adding, watching and removing accounts. A new account is tested before anything is stored;
 * its password goes to the OS keychain and nowhere else.
 */
import type { ImapAccountInput } from '@shared/api/inputs.js';
import { ApiError } from '@shared/api/errors.js';
import type { Account, ConnectionTestResult } from '@shared/domain/types.js';
import type { Clock } from '../clock.js';
import { ImapWatcher, testImapConnection } from '../connectors/imap/index.js';
import type { Watcher } from '../connectors/types.js';
import type { EventBus } from '../event-bus.js';
import type { GrantStore } from '../gate/grants.js';
import type { Ledger } from '../ledger/ledger.js';
import type { Scheduler } from '../scheduler/scheduler.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { passwordKey, type AccountStore, type StoredAccount } from './account-store.js';
import type { ConnectionBoard } from './connection-board.js';

export interface AccountServiceDeps {
  readonly accounts: AccountStore;
  readonly secrets: SecretStore;
  readonly board: ConnectionBoard;
  readonly grants: GrantStore;
  readonly scheduler: Scheduler;
  readonly ledger: Ledger;
  readonly events: EventBus;
  readonly clock: Clock;
  /** False when the engine only answers commands (the CLI without a running host). */
  readonly watch: boolean;
}

export class AccountService {
  private readonly watchers = new Map<string, Watcher>();

  constructor(private readonly deps: AccountServiceDeps) {}

  test(input: ImapAccountInput): Promise<ConnectionTestResult> {
    return testImapConnection(input, input.archiveMailbox ?? null);
  }

  async add(input: ImapAccountInput, actor: string): Promise<Account> {
    const { accounts, secrets, ledger } = this.deps;
    if (accounts.findByEmail(input.email)) {
      throw new ApiError('conflict', `${input.email} is already added. Remove it first to change its settings.`);
    }
    // Proves the server, the login and the folders before anything is stored.
    await testImapConnection(input, input.archiveMailbox ?? null);
    const stored = this.insertOnce({
      kind: 'imap',
      email: input.email.toLowerCase(),
      displayName: input.displayName?.trim() ?? '',
      host: input.host,
      port: input.port,
      tls: input.tls,
      username: input.username,
      archiveMailbox: input.archiveMailbox ?? null,
    });
    try {
      await secrets.set(passwordKey(stored.id), input.password);
    } catch (error) {
      accounts.remove(stored.id);
      throw error;
    }
    ledger.append({
      kind: 'account.added',
      actor,
      summary: `Added ${stored.email} (IMAP ${stored.host}:${stored.port}${stored.tls ? ', TLS' : ''})`,
      accountId: stored.id,
    });
    this.startWatching(stored);
    this.changed();
    return this.toAccount(stored);
  }

  /** The database has the last word on duplicates (two adds racing each other). */
  private insertOnce(account: Parameters<AccountStore['insert']>[0]): StoredAccount {
    try {
      return this.deps.accounts.insert(account);
    } catch (error) {
      if (error instanceof Error && /UNIQUE/.test(error.message)) throw new ApiError('conflict', `${account.email} is already added.`);
      throw error;
    }
  }

  async updatePassword(id: string, password: string, actor: string): Promise<Account> {
    const stored = this.deps.accounts.get(id);
    if (!stored) throw new ApiError('not_found', `There is no account with id "${id}". See \`steward accounts list\`.`);
    await testImapConnection({ ...stored, password }, stored.archiveMailbox);
    await this.deps.secrets.set(passwordKey(id), password);
    this.deps.ledger.append({ kind: 'account.updated', actor, summary: `Changed the password of ${stored.email}`, accountId: id });
    await this.watchers.get(id)?.stop();
    this.watchers.delete(id);
    this.startWatching(stored);
    this.changed();
    return this.toAccount(stored);
  }

  async remove(id: string, actor: string): Promise<void> {
    const stored = this.deps.accounts.get(id);
    if (!stored) throw new ApiError('not_found', `There is no account with id "${id}". See \`steward accounts list\`.`);
    await this.watchers.get(id)?.stop();
    this.watchers.delete(id);
    this.deps.accounts.remove(id);
    this.deps.board.delete(id);
    await this.deps.secrets.delete(passwordKey(id)).catch(() => undefined);
    this.deps.ledger.append({ kind: 'account.removed', actor, summary: `Removed ${stored.email}`, accountId: id });
    this.changed();
  }

  list(): Account[] {
    return this.deps.accounts.list().map((stored) => this.toAccount(stored));
  }

  startAll(): void {
    for (const stored of this.deps.accounts.list()) this.startWatching(stored);
  }

  /** Follows the "Read mail" grant: watching is reading, so it stops unless reading is allowed. */
  async applyReadGrant(): Promise<void> {
    if (this.readAllowed()) {
      this.startAll();
      return;
    }
    await this.stopAll();
    for (const stored of this.deps.accounts.list()) this.reportNotReading(stored.id);
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

  private readAllowed(): boolean {
    return this.deps.grants.modeFor('imap', 'email.read') === 'allow';
  }

  private reportNotReading(accountId: string): void {
    this.deps.board.set(accountId, {
      state: 'stopped',
      lastSyncAt: null,
      lastError: 'Steward is not allowed to read this mail: set Read mail to Allow in Settings → Permissions.',
      nextRetryAt: null,
    });
  }

  private startWatching(stored: StoredAccount): void {
    if (!this.deps.watch || this.watchers.has(stored.id)) return;
    if (!this.readAllowed()) {
      this.reportNotReading(stored.id);
      return;
    }
    const { scheduler, secrets, board, clock } = this.deps;
    const watcher = new ImapWatcher({
      account: stored,
      getPassword: () => secrets.get(passwordKey(stored.id)),
      loadCursor: (mailbox) => scheduler.loadCursor(stored.id, mailbox),
      ingest: (mailbox, cursor, items, present) => scheduler.ingest(stored.id, mailbox, cursor, items, present),
      onConnection: (connection) => board.set(stored.id, connection),
      now: () => clock.now(),
    });
    this.watchers.set(stored.id, watcher);
    watcher.start();
  }

  private toAccount(stored: StoredAccount): Account {
    const lastSync = this.deps.scheduler.lastSyncFor(stored.id);
    return { ...stored, connection: this.deps.board.get(stored.id, lastSync) };
  }

  private changed(): void {
    this.deps.events.emit({ type: 'accounts.changed' });
    this.deps.events.emit({ type: 'status.changed' });
  }
}
