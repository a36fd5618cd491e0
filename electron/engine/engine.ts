/**
 * startEngine: the whole of Steward's brain as a plain Node object. The desktop app runs it in
 * a utilityProcess, `steward host` in an ordinary Node process, the CLI in-process when no host
 * is running. It never imports electron.
 */
import type { ClientKind, EngineApi } from '@shared/api/contract.js';
import type { EngineMode } from '@shared/domain/types.js';
import type { Dispatch } from '@shared/rpc/rpc.js';
import { AccountService } from './accounts/account-service.js';
import { AccountStore } from './accounts/account-store.js';
import { ConnectionBoard } from './accounts/connection-board.js';
import { ActionRunner } from './actions/action-runner.js';
import { ActionStore } from './actions/action-store.js';
import { createDispatch, inProcessApi } from './api/dispatch.js';
import { createHandlers, type Handlers } from './api/handlers.js';
import { systemClock, type Clock } from './clock.js';
import { mkdirSync } from 'node:fs';
import { lockDataDir } from './db/data-dir-lock.js';
import { openDatabase, type Db } from './db/database.js';
import { SettingsStore } from './db/settings.js';
import { EventBus } from './event-bus.js';
import { Gate } from './gate/gate.js';
import { GrantStore } from './gate/grants.js';
import { KillSwitch } from './gate/kill-switch.js';
import { shouldInterrupt } from './interruptions/policy.js';
import { ItemStore } from './items/item-store.js';
import { Ledger } from './ledger/ledger.js';
import { databaseFile } from './paths.js';
import { Presence } from './presence/presence.js';
import { ObservationQueue } from './scheduler/observations.js';
import { Scheduler } from './scheduler/scheduler.js';
import { KeychainSecretStore, type SecretStore } from './secrets/secret-store.js';
import { Proposer } from './suggestions/proposer.js';
import { SuggestionStore } from './suggestions/suggestion-store.js';
import { STEWARD_VERSION } from './version.js';

export interface EngineOptions {
  readonly dataDir: string;
  readonly mode: EngineMode;
  /** Connect to accounts and follow them live (false: answer commands only, as the CLI does). */
  readonly watch?: boolean;
  /** Turn the kill switch on before anything starts (after the shell had to hard-stop an engine). */
  readonly startPaused?: string | null;
  readonly clock?: Clock;
  readonly secrets?: SecretStore;
}

export interface Engine {
  readonly dataDir: string;
  readonly events: EventBus;
  /** The API for one kind of client; `actor` in the ledger follows from it. */
  dispatchFor(client: ClientKind | 'shell'): Dispatch;
  apiFor(client: ClientKind | 'shell'): EngineApi;
  stop(): Promise<void>;
}

export function startEngine(options: EngineOptions): Engine {
  const clock = options.clock ?? systemClock;
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const lock = lockDataDir(options.dataDir);
  let db: Db;
  try {
    db = openDatabase(databaseFile(options.dataDir));
  } catch (error) {
    lock.release();
    throw error;
  }
  const events = new EventBus();
  const settings = new SettingsStore(db);
  const ledger = new Ledger(db, settings, clock, events);
  const killSwitch = new KillSwitch(settings, clock);
  if (options.startPaused && killSwitch.pause('shell', options.startPaused)) {
    ledger.append({ kind: 'engine.paused', actor: 'shell', summary: `Paused: ${options.startPaused}` });
  }
  // Whoever pauses (a client, the breaker, the shell), every client hears of it.
  killSwitch.onChange(() => events.emit({ type: 'status.changed' }));
  const grants = new GrantStore(db, clock);
  const gate = new Gate(grants, killSwitch, ledger, clock);
  const secrets = options.secrets ?? new KeychainSecretStore();
  const accountStore = new AccountStore(db, clock);
  const actions = new ActionStore(db, clock);
  const suggestions = new SuggestionStore(db, actions, clock);
  const proposer = new Proposer(db, suggestions, actions, gate, events, (urgency) =>
    shouldInterrupt({ urgency, paused: killSwitch.paused }),
  );
  const board = new ConnectionBoard(() => {
    events.emit({ type: 'accounts.changed' });
    events.emit({ type: 'status.changed' });
  });

  // The runner and the account service need each other (a step that moved mail asks for a
  // sync; a sync can propose a plan the user allowed in advance), so they meet through closures.
  let accountService: AccountService | null = null;
  const runner = new ActionRunner({
    actions,
    suggestions,
    accounts: accountStore,
    secrets,
    gate,
    killSwitch,
    ledger,
    events,
    clock,
    onAccountChanged: (accountId) => accountService?.syncNow(accountId),
  });
  const scheduler = new Scheduler({
    db,
    clock,
    accounts: accountStore,
    items: new ItemStore(db, clock),
    observations: new ObservationQueue(db, clock),
    suggestions,
    proposer,
    runAllowed: (id) => {
      runner.runAllowed(id).catch((error: unknown) => console.error('[steward] an allowed plan failed to run:', error));
    },
  });
  accountService = new AccountService({
    accounts: accountStore,
    secrets,
    board,
    grants,
    scheduler,
    ledger,
    events,
    clock,
    watch: options.watch ?? true,
  });

  const presence = new Presence();
  // Sockets opened before a sleep are usually dead without knowing it: reconnect on wake.
  presence.onReport((report) => {
    if (report === 'resumed' || report === 'unlocked') accountService?.reconnectAll();
  });

  runner.recoverInterrupted({ confirm: options.watch ?? true });
  const handlers: Handlers = createHandlers({
    accounts: accountService,
    runner,
    suggestions,
    actions,
    grants,
    killSwitch,
    ledger,
    scheduler,
    presence,
    events,
    version: STEWARD_VERSION,
    mode: options.mode,
  });
  if (options.watch ?? true) {
    accountService.startAll();
    scheduler.wake();
  }

  let stopped = false;
  return {
    dataDir: options.dataDir,
    events,
    dispatchFor: (client) => createDispatch(handlers, client),
    apiFor: (client) => inProcessApi(createDispatch(handlers, client)),
    async stop() {
      if (stopped) return;
      stopped = true;
      scheduler.stop();
      // Let a step in flight finish and be recorded rather than cut the database from under it.
      await runner.idle(5_000);
      await accountService.stopAll();
      db.close();
      lock.release();
    },
  };
}
