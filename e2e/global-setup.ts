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
  /** The SMTP sink; what it received is spooled in `spoolDir` (readSpool). */
  readonly smtp: { readonly host: string; readonly port: number; readonly spoolDir: string };
  /** The Google emulator; every `steward host` the specs start has it in STEWARD_GOOGLE_ORIGIN too. */
  readonly google: { readonly origin: string };
  /** Radicale, for calendars (CalDAV). */
  readonly radicale: { readonly url: string; readonly dir: string };
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const built = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
  if (!existsSync(built)) throw new Error('Steward is not built: run `npm run build` before the end-to-end tests (npm test does).');
  const servers = await startTestServers();
  process.env.DBUS_SESSION_BUS_ADDRESS = servers.keyring.busAddress;
  if (servers.smtp.spoolDir === undefined) throw new Error('The SMTP sink was started without a spool dir.');
  // Nothing an end-to-end run starts may reach the real Google.
  process.env.STEWARD_GOOGLE_ORIGIN = servers.google.origin;
  const shared: E2eServers = {
    dovecot: { host: servers.dovecot.host, port: servers.dovecot.port, dir: servers.dovecot.dir },
    smtp: { host: servers.smtp.host, port: servers.smtp.port, spoolDir: servers.smtp.spoolDir },
    google: { origin: servers.google.origin },
    radicale: { url: servers.radicale.url, dir: servers.radicale.dir },
  };
  process.env[SERVERS_ENV] = JSON.stringify(shared);
  return () => servers.stop();
}
