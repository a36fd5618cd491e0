/**
 * Commands talk to the running Steward of their data folder (host or desktop app). When none
 * is running they open the engine in this process, without connecting to any account, so that
 * `steward pause` still works (and is remembered) and the ledger can still be read.
 */
import type { EngineApi } from '@shared/api/contract.js';
import { readLiveHostInfo } from '../host/host-file.js';
import { httpEngineApi } from './http-client.js';

export interface Connection {
  readonly api: EngineApi;
  /** Where the answers come from, for the human output. */
  readonly via: { readonly kind: 'host'; readonly url: string } | { readonly kind: 'local' };
  close(): Promise<void>;
}

export async function connect(dataDir: string): Promise<Connection> {
  const host = readLiveHostInfo(dataDir);
  if (host) return { api: httpEngineApi(host), via: { kind: 'host', url: host.url }, close: async () => undefined };
  // Loaded only here: the engine and its connectors take most of a second to load, and a command
  // that talks to a running host (`steward pause` above all) must not wait for them.
  const [{ startEngine }, { localSecretStore }] = await Promise.all([import('../engine/index.js'), import('./secret-stores.js')]);
  // The secret store opens only if the command needs a secret (few do), and then says how to give
  // the secrets file's passphrase when there is no terminal to ask on.
  const engine = startEngine({ dataDir, mode: 'cli', watch: false, secrets: localSecretStore(dataDir) });
  return { api: engine.apiFor('cli'), via: { kind: 'local' }, close: () => engine.stop() };
}
