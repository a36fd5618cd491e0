import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: { '@shared': fileURLToPath(new URL('./shared', import.meta.url)) },
  },
  test: {
    include: ['electron/**/*.test.ts', 'shared/**/*.test.ts', 'test/**/*.test.ts'],
    // Real servers (Dovecot, a private keychain, an SMTP sink) for the whole run: see test/servers/.
    globalSetup: ['test/global-setup.ts'],
    // Child processes, not worker threads: the native keychain and SQLite modules and the
    // DBUS_SESSION_BUS_ADDRESS set in globalSetup all behave per process.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
