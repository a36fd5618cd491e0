/**
 * Adding, watching and removing accounts of every kind. A new account is tested before anything
 * is stored; its secret goes to the secret store and nowhere else. What differs per kind comes
 * from the account's connector definition.
 */
import type { AccountRemoval } from '@shared/api/contract.js';
import { ApiError } from '@shared/api/errors.js';
import { ACCOUNT_KINDS, type AccountInput, type AccountSettingsByKind } from '@shared/connectors/index.js';
import { readCapabilityOf, CAPABILITIES, type AppId } from '@shared/domain/capabilities.js';
import type { Account, AccountConnection, AccountFolder, ConnectionTestResult } from '@shared/domain/types.js';
import type { Clock } from '../clock.js';
import { connectorFor } from '../connectors/registry.js';
import type { PresenceView, SignedInAccount, Watcher } from '../connectors/types.js';
import type { CredentialProvider, SecretName } from '../credentials/credential-provider.js';
import type { EventBus } from '../event-bus.js';
import type { GrantStore } from '../gate/grants.js';
import type { Ledger } from '../ledger/ledger.js';
import type { ItemStores } from '../items/registry.js';
import type { Presence } from '../presence/presence.js';
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
  /** Where the user is: watchers that poll pace themselves by it. */
  readonly presence: Presence;
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

  /**
   * Stores an account that signed in (OAuth): its grant to the secret store, then the account,
   * and starts watching it. Signing in again to an account Steward has (its grant was revoked or
   * expired) renews that account's grant instead, and it is watched afresh.
   */
  async addSignedIn<K extends AppId>(kind: K, signedIn: SignedInAccount<K>, actor: string): Promise<Account> {
    const { accounts, credentials, ledger } = this.deps;
    const connector = connectorFor(kind);
    const label = ACCOUNT_KINDS[kind].label;
    const existing = accounts.findByEmail(kind, signedIn.email);
    if (existing) {
      await credentials.saveOAuth(existing.id, signedIn.tokens);
      accounts.updateSettings(existing.id, signedIn.settings);
      const renewed = this.require(existing.id);
      ledger.append({ kind: 'account.updated', actor, summary: `Signed in to ${renewed.email} again (${connector.describe(renewed)})`, accountId: renewed.id });
      await this.stopWatching(renewed.id);
      this.startWatching(renewed);
      this.changed();
      return this.toAccount(renewed);
    }
    const stored = this.insertOnce({ kind, email: signedIn.email, displayName: signedIn.displayName, settings: signedIn.settings });
    try {
      await credentials.saveOAuth(stored.id, signedIn.tokens);
    } catch (error) {
      accounts.remove(stored.id);
      // A grant Steward cannot keep must not stay valid at the provider.
      await credentials.revokeTokens(signedIn.tokens, signedIn);
      throw error;
    }
    ledger.append({ kind: 'account.added', actor, summary: `Added ${stored.email} (${connector.describe(stored)}) by signing in to ${label}`, accountId: stored.id });
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

  /** Changes the settings the account's kind lets the user change, and watches it again with them. */
  async updateSettings(id: string, change: Readonly<Record<string, unknown>>, actor: string): Promise<Account> {
    const stored = this.require(id);
    const connector = connectorFor(stored.kind);
    if (!connector.updateSettings) throw new ApiError('invalid_input', `${stored.email} has no settings to change here.`);
    const settings = connector.updateSettings(stored, change);
    this.deps.accounts.updateSettings(id, settings);
    const updated = this.require(id);
    this.deps.ledger.append({ kind: 'account.updated', actor, summary: `Changed the settings of ${stored.email}: ${Object.keys(change).join(', ')}`, accountId: id });
    await this.stopWatching(id);
    this.startWatching(updated);
    this.changed();
    return this.toAccount(updated);
  }

  /** The account's folders on its server, with the role Steward gives each. */
  async listFolders(id: string): Promise<AccountFolder[]> {
    const stored = this.require(id);
    const connector = connectorFor(stored.kind);
    if (!connector.listFolders) throw new ApiError('invalid_input', `${stored.email} has no folders.`);
    return connector.listFolders(stored, this.deps.credentials.forAccount(stored));
  }

  /**
   * Replaces an account's settings (a folder granted or withdrawn) and watches it afresh under
   * them; `summary` says in the ledger what changed.
   */
  async changeSettings<K extends AppId>(id: string, settings: AccountSettingsByKind[K], actor: string, summary: string): Promise<Account> {
    this.require(id);
    this.deps.accounts.updateSettings<K>(id, settings);
    this.deps.ledger.append({ kind: 'account.updated', actor, summary, accountId: id });
    await this.stopWatching(id);
    const updated = this.require(id);
    this.startWatching(updated);
    this.changed();
    return this.toAccount(updated);
  }

  /**
   * Stops watching, withdraws the account's OAuth grant at its provider, forgets its secrets and
   * the account. A grant the provider could not be told to withdraw does not keep the account:
   * Steward forgets the tokens anyway, and the result says where the user can withdraw it.
   */
  async remove(id: string, actor: string): Promise<AccountRemoval> {
    const stored = this.require(id);
    await this.stopWatching(id);
    const sharing = await this.grantSharedWith(stored);
    const revokeProblem = sharing ? null : await this.deps.credentials.revokeOAuth(stored);
    connectorFor(stored.kind).forget?.(stored, this.deps.ingest.db);
    this.deps.accounts.remove(id);
    this.deps.board.delete(id);
    await this.deps.credentials.forget(id);
    const warning = revokeProblem ? `${stored.email} is removed and Steward forgot its sign-in, but ${revokeProblem}` : undefined;
    // Its ledger entries stay (the ledger has no tie to the accounts table): this entry names
    // the address and app they were for, once the account itself is gone.
    this.deps.ledger.append({
      kind: 'account.removed',
      actor,
      summary: warning
        ? `Removed ${stored.email}; ${warning}`
        : sharing
          ? `Removed ${stored.email}; its sign-in stays allowed, since the ${ACCOUNT_KINDS[sharing.kind].label} account of the same address signs in with it`
          : `Removed ${stored.email}`,
      accountId: id,
      detail: { email: stored.email, app: stored.kind },
    });
    this.changed();
    return { id, removed: true, ...(warning ? { warning } : {}) };
  }

  /**
   * Another account signed in as the same user with the same provider and OAuth client (Gmail and
   * Google Calendar of one address). Google ends the whole grant when one of its tokens is
   * revoked, so withdrawing this account's would sign that one out too: it is left in place.
   */
  private async grantSharedWith(stored: StoredAccount): Promise<StoredAccount | undefined> {
    const mine = await this.deps.credentials.readOAuth(stored.id);
    if (!mine) return undefined;
    for (const other of this.deps.accounts.list()) {
      if (other.id === stored.id || other.email.toLowerCase() !== stored.email.toLowerCase()) continue;
      const theirs = await this.deps.credentials.readOAuth(other.id);
      if (theirs?.provider === mine.provider && theirs.clientId === mine.clientId) return other;
    }
    return undefined;
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
    return this.deps.grants.modeFor(stored.kind, readCapabilityOf(stored.kind), stored.id) === 'allow';
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
      presence: this.presenceView(),
      db: this.deps.ingest.db,
    });
    this.watchers.set(stored.id, watcher);
    watcher.start();
  }

  private presenceView(): PresenceView {
    const { presence } = this.deps;
    return {
      get current() {
        return presence.current;
      },
      onChange: (listener) => presence.onReport((_report, state) => listener(state)),
    };
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
