/**
 * What a connector is: one folder per kind of source (IMAP, Gmail, CalDAV, local folders) that
 * exports one definition. The engine looks definitions up in ./registry.ts and never branches on
 * the kind: adding a source is adding a folder and a registry line.
 */
import type { AccountInput, AccountSettingsByKind } from '@shared/connectors/index.js';
import type { AppId, CapabilityId } from '@shared/domain/capabilities.js';
import type { AccountConnection, AccountFolder, ActionPreview, ConnectionTestResult, ItemKind, PresenceState } from '@shared/domain/types.js';
import type { StoredAccount } from '../accounts/account-store.js';
import type { StepJournal } from '../actions/step-journal.js';
import type { AccountCredentials, OAuthRefresher, OAuthTokens, SecretName } from '../credentials/credential-provider.js';
import type { Db } from '../db/database.js';
import type { MigrationModule } from '../db/migrations.js';
import type { Ticket } from '../gate/gate.js';
import type { StepIntent } from '../intents/intents.js';
import type { ItemSink } from '../sync/ingest.js';

export type InputOf<K extends AppId> = Extract<AccountInput, { kind: K }>;

/** What adding an account stores: its address, name and settings, and its secret (keychain only). */
export interface PreparedAccount<K extends AppId> {
  readonly email: string;
  readonly displayName: string;
  readonly settings: AccountSettingsByKind[K];
  readonly password: string | null;
  /** Other secrets it keeps (an SMTP password of its own), each under its own keychain entry. */
  readonly secrets?: Readonly<Partial<Record<SecretName, string>>>;
}

/** Keeps one account in view: syncs, follows changes, reports its connection. */
export interface Watcher {
  start(): void;
  /** Asks for a sync now (e.g. after Steward changed something itself). */
  syncNow(): void;
  /** Drop the connection and connect again now (the machine woke up, the network changed). */
  reconnect(): void;
  stop(): Promise<void>;
}

/** Where the user is, for watchers that pace themselves by it (a source that is polled). */
export interface PresenceView {
  readonly current: PresenceState;
  /** Calls back when it changes, and on every wake-up; returns what stops the calls. */
  onChange(listener: (state: PresenceState) => void): () => void;
}

export interface WatcherContext<K extends AppId, New> {
  readonly account: StoredAccount<K>;
  readonly credentials: AccountCredentials;
  /** Where synced items go, with the stream cursors that cover them. */
  readonly sink: ItemSink<New>;
  /** The connection's state in words for the user (merged into what was reported before). */
  report(change: Partial<AccountConnection>): void;
  now(): Date;
  readonly presence: PresenceView;
  /** The engine's database, for a connector that keeps tables of its own (its `migrations`). */
  readonly db: Db;
}

export interface ExecutionContext<K extends AppId = AppId> {
  readonly account: StoredAccount<K>;
  readonly credentials: AccountCredentials;
  /**
   * Durable notes about the action across crashes ("handed to SMTP", "accepted"): an executor
   * whose effect cannot be checked on the server alone notes each phase before and after it.
   */
  readonly journal: StepJournal;
  /** The engine's database, for a connector that keeps tables of its own (its `migrations`). */
  readonly db: Db;
}

export interface ExecutionOutcome {
  /** What happened, in words: "Moved 4 messages from INBOX to Archive". */
  readonly summary: string;
  /** What undo needs; null when there is nothing to undo. */
  readonly undo: unknown;
}

/**
 * Runs one capability for one connector. Its methods receive the gate's ticket and must hand it
 * to every write they make; the connector's write functions refuse anything else.
 */
export interface Executor<K extends AppId = AppId> {
  readonly capability: CapabilityId;
  execute(ticket: Ticket, args: unknown, context: ExecutionContext<K>): Promise<ExecutionOutcome>;
  undo(ticket: Ticket, args: unknown, undo: unknown, context: ExecutionContext<K>): Promise<{ readonly summary: string }>;
  /**
   * After a step was cut short (paused, connection lost, process killed): looks, without
   * changing anything, whether its effect happened anyway, and returns what execute would
   * have, so that it is recorded and can be undone. Null when nothing happened.
   */
  reconcile(actionId: string, args: unknown, context: ExecutionContext<K>): Promise<ExecutionOutcome | null>;
  /**
   * The same for an undo cut short: looks, without changing anything, whether the undo's effect
   * is in place (the mail back where it was), and says so in words. Null when it is not, or
   * cannot be told; the action then stays done and Undo can be tried again (undo is idempotent).
   */
  reconcileUndo?(actionId: string, args: unknown, undo: unknown, context: ExecutionContext<K>): Promise<{ readonly summary: string } | null>;
}

/** A concrete step of a plan, before it is stored and shown. */
export interface ProposedStep {
  readonly capability: CapabilityId;
  readonly app: AppId;
  readonly accountId: string;
  readonly title: string;
  readonly args: unknown;
  readonly preview: ActionPreview;
}

/** An account signed in through OAuth: what to store, and the grant for the secret store. */
export interface SignedInAccount<K extends AppId> {
  readonly email: string;
  readonly displayName: string;
  readonly settings: AccountSettingsByKind[K];
  readonly tokens: OAuthTokens;
}

/** A sign-in waiting for the browser to come back. */
export interface PendingSignIn<K extends AppId> {
  /** The provider's sign-in page for this very sign-in: the user opens it. */
  readonly url: string;
  readonly expiresAt: Date;
  /** The account, once the browser came back with a usable grant; an ApiError in words otherwise. */
  readonly result: Promise<SignedInAccount<K>>;
  /** Stops waiting (the result then fails as cancelled). */
  cancel(): Promise<void>;
}

/**
 * How accounts of an OAuth kind are added: the user signs in in a browser. Kinds that share a
 * provider (Gmail and Google Calendar) share its refresher.
 */
export interface OAuthSignIn<K extends AppId> {
  /** Whose grants these are ('google'); the tokens are kept under it. */
  readonly provider: string;
  /** Renews and revokes the provider's grants (the engine's CredentialProvider uses it). */
  readonly refresher: OAuthRefresher;
  /** Starts a sign-in; throws an ApiError in words when it cannot even start (no OAuth client configured). */
  begin(input: InputOf<K>, options: { readonly signal?: AbortSignal }): Promise<PendingSignIn<K>>;
}

export interface ConnectorDefinition<K extends AppId = AppId, New = unknown> {
  readonly kind: K;
  /** What its watcher syncs: the item kind whose store and detectors apply. */
  readonly itemKind: ItemKind;
  /** How it proves who it is: a password, an OAuth sign-in, or nothing (local folders). */
  readonly credential: 'password' | 'oauth' | 'none';
  /**
   * What the user entered, as it will be stored (validated by the shared input schema first).
   * Kinds added by signing in (`signIn`) throw here, saying how to sign in instead.
   */
  prepare(input: InputOf<K>): PreparedAccount<K>;
  /** Tries the settings and the secret without storing anything; throws an ApiError in words when they fail. */
  test(input: InputOf<K>): Promise<ConnectionTestResult>;
  /**
   * Settings the user may change on a stored account, checked by the kind (throws an ApiError in
   * words); the account is then watched again with them.
   */
  updateSettings?(account: StoredAccount<K>, change: Readonly<Record<string, unknown>>): AccountSettingsByKind[K];
  /** The account's folders on the server with their roles (mail kinds with folders). */
  listFolders?(account: StoredAccount<K>, credentials: AccountCredentials): Promise<AccountFolder[]>;
  /** Tries a stored account with a new password (the user changed it). */
  testPassword?(account: StoredAccount<K>, password: string): Promise<ConnectionTestResult>;
  /** One line for the ledger: "IMAP imap.example.com:993, TLS". */
  describe(account: StoredAccount<K>): string;
  createWatcher(context: WatcherContext<K, New>): Watcher;
  /** Its write capabilities, each with execute, undo and reconcile. */
  readonly executors: readonly Executor<K>[];
  /** Turns a detector's intent into concrete steps on this account; null when it cannot. */
  plan(intent: StepIntent, account: StoredAccount<K>): ProposedStep[] | null;
  /** Its own tables, if any. */
  readonly migrations?: MigrationModule;
  /** Forgets what it kept of a removed account in its own tables (the folders' file index). */
  forget?(account: StoredAccount<K>, db: Db): void;
  /** For credential 'oauth': how its accounts are added by signing in. */
  readonly signIn?: OAuthSignIn<K>;
}
