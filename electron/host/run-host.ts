/**
 * `steward host`: the engine as an ordinary Node process (a home server, a Mac mini), with the
 * UI and the API on loopback. One host per data folder.
 */
import { existsSync } from 'node:fs';
import { ApiError } from '@shared/api/errors.js';
import type { EngineMode } from '@shared/domain/types.js';
import { KeychainSecretStore, startEngine, type Engine, type SecretStore } from '../engine/index.js';
import { limitHeapGrowth } from './heap-growth.js';
import { readLiveHostInfo, removeHostInfo, writeHostInfo } from './host-file.js';
import { startMemoryRelease } from './memory-release.js';
import { startApiServer, type ApiServer } from './server.js';
import { hostToken, newToken } from './token.js';

export interface HostOptions {
  readonly dataDir: string;
  readonly port?: number;
  readonly host?: string;
  readonly staticDir: string | null;
  readonly mode?: EngineMode;
  readonly startPaused?: string | null;
  /** Replace the browser token kept in the keychain (old addresses stop working). */
  readonly newToken?: boolean;
  /**
   * Where secrets live: a store, or how to open one (the CLI's choice of keychain or encrypted
   * file, which may ask for a passphrase), run once no other host holds the data folder.
   * Default: the OS keychain.
   */
  readonly secrets?: SecretStore | (() => Promise<SecretStore>);
}

export interface RunningHost {
  readonly engine: Engine;
  readonly server: ApiServer;
  /** The address to open, token included. */
  readonly openUrl: string;
  readonly tokenPersisted: boolean;
  stop(): Promise<void>;
}

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const running = readLiveHostInfo(options.dataDir);
  if (running) {
    throw new ApiError('conflict', `Steward is already running for ${options.dataDir} (process ${running.pid}) at ${running.url}`);
  }
  const secrets = typeof options.secrets === 'function' ? await options.secrets() : (options.secrets ?? new KeychainSecretStore());
  // The process that runs the engine keeps its heap near what it holds while it works.
  limitHeapGrowth();
  const engine = startEngine({ dataDir: options.dataDir, mode: options.mode ?? 'host', secrets, startPaused: options.startPaused ?? null });
  let server: ApiServer;
  let token: Awaited<ReturnType<typeof hostToken>>;
  // The CLI's own credential, for this run only, in host.json (readable by the user only): the
  // ledger records "user:cli" for requests that carry it, whatever headers a caller sends.
  const cliToken = newToken();
  try {
    token = await hostToken(secrets, options.dataDir, { rotate: options.newToken ?? false });
    const staticDir = options.staticDir && existsSync(options.staticDir) ? options.staticDir : null;
    server = await startApiServer({ engine, token: token.token, cliToken, port: options.port ?? 0, host: options.host ?? '127.0.0.1', staticDir });
  } catch (error) {
    await engine.stop();
    throw error;
  }
  const openUrl = `${server.url}#token=${token.token}`;
  writeHostInfo(options.dataDir, {
    pid: process.pid,
    url: server.url,
    token: token.token,
    cliToken,
    mode: options.mode ?? 'host',
    startedAt: new Date().toISOString(),
  });
  // The process that runs the engine gives back what a burst of work (a first sync) left behind.
  const memory = startMemoryRelease();
  let stopping: Promise<void> | null = null;
  return {
    engine,
    server,
    openUrl,
    tokenPersisted: token.persisted,
    stop() {
      stopping ??= (async () => {
        memory.stop();
        removeHostInfo(options.dataDir);
        await server.close();
        await engine.stop();
      })();
      return stopping;
    },
  };
}
