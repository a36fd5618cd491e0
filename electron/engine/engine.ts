/**
 * startEngine: the whole of Steward's brain as a plain Node object. The desktop app runs it in
 * a utilityProcess, `steward host` in an ordinary Node process, the CLI in-process when no host
 * is running. It never imports electron.
 */
import type { ClientKind, EngineApi } from '@shared/api/contract.js';
import type { EngineMode } from '@shared/domain/types.js';
import type { Dispatch } from '@shared/rpc/rpc.js';
import { createDispatch, inProcessApi } from './api/dispatch.js';
import { systemClock, type Clock } from './clock.js';
import { composeEngine, type ComposeOptions } from './compose.js';
import { lockDataDir } from './db/data-dir-lock.js';
import { openDatabase, type Db } from './db/database.js';
import { ensurePrivateDir } from './db/private-files.js';
import type { EventBus } from './event-bus.js';
import { databaseFile } from './paths.js';
import { engineSchema } from './schema.js';
import { SecretStoreAnchor } from './ledger/anchor.js';
import { KeychainSecretStore, type SecretStore } from './secrets/secret-store.js';

export interface EngineOptions {
  readonly dataDir: string;
  readonly mode: EngineMode;
  /** Connect to accounts and follow them live (false: answer commands only, as the CLI does). */
  readonly watch?: boolean;
  /** Turn the kill switch on before anything starts (after the shell had to hard-stop an engine). */
  readonly startPaused?: string | null;
  readonly clock?: Clock;
  readonly secrets?: SecretStore;
  /** The agent's environment and model (tests point it at a stand-in). */
  readonly agent?: ComposeOptions['agent'];
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
  const watch = options.watch ?? true;
  ensurePrivateDir(options.dataDir);
  const lock = lockDataDir(options.dataDir);
  let db: Db;
  try {
    db = openDatabase(databaseFile(options.dataDir), engineSchema());
  } catch (error) {
    lock.release();
    throw error;
  }
  const secrets = options.secrets ?? new KeychainSecretStore();
  const parts = composeEngine({
    db,
    clock: options.clock ?? systemClock,
    secrets,
    ledgerAnchor: new SecretStoreAnchor(secrets, options.dataDir),
    mode: options.mode,
    watch,
    dataDir: options.dataDir,
    ...(options.agent ? { agent: options.agent } : {}),
  });
  const { killSwitch, ledger, runner, outboxClock, scheduler, accountService, signIns, agent, handlers } = parts;
  if (options.startPaused && killSwitch.pause('shell', options.startPaused)) {
    ledger.append({ kind: 'engine.paused', actor: 'shell', summary: `Paused: ${options.startPaused}` });
  }
  // The outbox first: a send the last process died in goes back to it (never to "interrupted").
  if (watch) runner.recoverOutbox();
  runner.recoverInterrupted({ confirm: watch });
  // An undo the last process died in is checked on the server like an interrupted step.
  if (watch) runner.recoverUndos();
  if (watch) {
    // The ledger's end follows each append into the keychain, once checked against it. A
    // short-lived CLI engine only reads it (for verify): its few entries are anchored by the
    // next engine that runs, and it never asks for the keychain or a passphrase to write.
    void ledger.startAnchoring();
    // Only an engine that carries out work sends what waits in the outbox; the short-lived one
    // a `steward` command opens leaves it for the running Steward.
    outboxClock.start();
    scheduler.startClock();
    accountService.startAll();
    scheduler.wake();
    // The agent picks up its jobs (one a restart cut short runs again) and follows what happens.
    agent.start();
  }

  let stopped = false;
  return {
    dataDir: options.dataDir,
    events: parts.events,
    dispatchFor: (client) => createDispatch(handlers, client),
    apiFor: (client) => inProcessApi(createDispatch(handlers, client)),
    async stop() {
      if (stopped) return;
      stopped = true;
      scheduler.stop();
      outboxClock.stop();
      await signIns.cancelAll();
      // A job in flight is aborted (its model call too) and queued again for the next start.
      await agent.stop();
      // Let a step in flight finish and be recorded rather than cut the database from under it.
      await runner.idle(5_000);
      await accountService.stopAll();
      await ledger.flushAnchor();
      db.close();
      lock.release();
    },
  };
}
