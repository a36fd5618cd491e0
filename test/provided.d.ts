// What test/global-setup.ts hands to test workers: `inject('dovecot')` and friends are typed here.
// Only plain data crosses to the workers (it is serialized), never the server objects.
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's Dovecot. `dir` lets a worker add users (test/fixtures.ts: createImapUser). */
    dovecot: { host: string; port: number; dir: string };
    /** The run's SMTP sink. Workers see what it received through `spoolDir` (fixtures: waitForSmtpMail). */
    smtp: { host: string; port: number; spoolDir: string };
    /** The run's private Secret Service; workers already have it in DBUS_SESSION_BUS_ADDRESS. */
    keyring: { busAddress: string };
    /** The run's Google emulator; workers also have it in STEWARD_GOOGLE_ORIGIN (fixtures: createGmailUser). */
    google: { origin: string };
    /** The run's Radicale (CalDAV). `dir` lets a worker add users (test/fixtures.ts: createCalDavUser). */
    radicale: { url: string; dir: string };
  }
}
