/**
 * Starts the same real servers as the unit and integration tests (test/servers) once for the
 * end-to-end run, and hands them to the test workers through the environment.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startTestServers } from '../test/servers/index.js';

export const SERVERS_ENV = 'STEWARD_E2E_SERVERS';

export interface E2eServers {
  readonly dovecot: { readonly host: string; readonly port: number; readonly dir: string };
  /** The Google emulator; every `steward host` the specs start has it in STEWARD_GOOGLE_ORIGIN too. */
  readonly google: { readonly origin: string };
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const built = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
  if (!existsSync(built)) throw new Error('Steward is not built: run `npm run build` before the end-to-end tests (npm test does).');
  const servers = await startTestServers();
  process.env.DBUS_SESSION_BUS_ADDRESS = servers.keyring.busAddress;
  // Nothing an end-to-end run starts may reach the real Google.
  process.env.STEWARD_GOOGLE_ORIGIN = servers.google.origin;
  const shared: E2eServers = {
    dovecot: { host: servers.dovecot.host, port: servers.dovecot.port, dir: servers.dovecot.dir },
    google: { origin: servers.google.origin },
  };
  process.env[SERVERS_ENV] = JSON.stringify(shared);
  return () => servers.stop();
}
