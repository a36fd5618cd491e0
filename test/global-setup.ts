// Vitest globalSetup: starts the real servers once per run, in the main Vitest process, before
// any test worker exists.
//
// How workers reach them:
// - Plain data through project.provide(), read with inject() (typed in test/provided.d.ts).
// - The keychain through the environment: Vitest builds each forked worker's env from
//   process.env when it starts running test files, which is after this setup has finished, so
//   setting DBUS_SESSION_BUS_ADDRESS here reaches every worker (test/integration/harness.test.ts
//   checks it). Code under test then finds the keychain with no test-only configuration.
// - Google the same way: STEWARD_GOOGLE_ORIGIN points every Google endpoint (OAuth and the APIs)
//   at the run's emulator, so nothing a test runs can reach the real Google.
import type { TestProject } from 'vitest/node';
import { startTestServers } from './servers/index.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const servers = await startTestServers();
  const previousBus = process.env.DBUS_SESSION_BUS_ADDRESS;
  process.env.DBUS_SESSION_BUS_ADDRESS = servers.keyring.busAddress;
  const previousGoogle = process.env.STEWARD_GOOGLE_ORIGIN;
  process.env.STEWARD_GOOGLE_ORIGIN = servers.google.origin;

  const { dovecot, smtp, keyring, google, radicale } = servers;
  project.provide('dovecot', { host: dovecot.host, port: dovecot.port, dir: dovecot.dir });
  // startTestServers always spools; the check keeps the type honest.
  if (smtp.spoolDir === undefined) throw new Error('The SMTP sink was started without a spool dir.');
  project.provide('smtp', { host: smtp.host, port: smtp.port, spoolDir: smtp.spoolDir });
  project.provide('keyring', { busAddress: keyring.busAddress });
  project.provide('google', { origin: google.origin });
  project.provide('radicale', { url: radicale.url, dir: radicale.dir });

  return async () => {
    if (previousBus === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
    else process.env.DBUS_SESSION_BUS_ADDRESS = previousBus;
    if (previousGoogle === undefined) delete process.env.STEWARD_GOOGLE_ORIGIN;
    else process.env.STEWARD_GOOGLE_ORIGIN = previousGoogle;
    await servers.stop();
  };
}
