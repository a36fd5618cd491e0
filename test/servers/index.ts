// The real servers the tests talk to, started together and stopped together. Each one is also
// stopped if the process exits before stop() is called (see processes.ts), so an interrupted
// run leaves no daemons behind.
import { startDovecot } from './dovecot.js';
import type { DovecotServer } from './dovecot.js';
import { startGoogleEmulator } from './google.js';
import type { GoogleEmulator } from './google.js';
import { startKeyring } from './keyring.js';
import type { KeyringServer } from './keyring.js';
import { startRadicale } from './radicale.js';
import type { RadicaleServer } from './radicale.js';
import { startSmtpSink } from './smtp-sink.js';
import type { SmtpSink } from './smtp-sink.js';

export { addDovecotUser, kickDovecotUser, startDovecot } from './dovecot.js';
export type { DovecotServer } from './dovecot.js';
export { startGoogleEmulator } from './google.js';
export type { GoogleEmulator } from './google.js';
export { addGmailUser, expireGmailHistory, injectGoogleFault, insertRawMessage, loadWorkspaceInbox, peerGmail } from './gmail-peer.js';
export type { GmailTestUser, SeededInbox } from './gmail-peer.js';
export { startKeyring } from './keyring.js';
export type { KeyringServer } from './keyring.js';
export { addRadicaleUser, deleteIcs, expireRadicaleSyncTokens, getIcs, listObjectUrls, makeCalendar, putIcs, seedIcsFiles, startRadicale } from './radicale.js';
export type { CalDavLogin, RadicaleServer } from './radicale.js';
export { readSpool, startSmtpSink, waitForSpooledMail } from './smtp-sink.js';
export type { MailPredicate, ReceivedMail, SmtpSink } from './smtp-sink.js';
export { appendMail, buildMail, createPeerClient, listMessages, withPeer } from './imap-peer.js';
// The Messages API stand-in runs in the test's own process (each test scripts it), not here.
export { overloaded, rateLimited, startModelStandin, textReply, toolUseReply } from './model-standin.js';
export type { ModelStandin, StandinReply, StandinRequest } from './model-standin.js';
export type { ImapCredentials, ImapEndpoint, MailSpec, PeerMessage } from './imap-peer.js';

export interface TestServers {
  readonly dovecot: DovecotServer;
  /** Started with a spool, so processes other than this one can read what it received. */
  readonly smtp: SmtpSink;
  readonly keyring: KeyringServer;
  /** Gmail, Calendar and OAuth, with the gaps of the emulator against real Google filled. */
  readonly google: GoogleEmulator;
  readonly radicale: RadicaleServer;
  /** Stops them all. Safe to call twice. */
  stop(): Promise<void>;
}

export async function startTestServers(): Promise<TestServers> {
  const results = await Promise.allSettled([startDovecot(), startSmtpSink({ spool: true }), startKeyring(), startGoogleEmulator(), startRadicale()]);
  const [dovecot, smtp, keyring, google, radicale] = results;
  if (
    dovecot.status === 'rejected' ||
    smtp.status === 'rejected' ||
    keyring.status === 'rejected' ||
    google.status === 'rejected' ||
    radicale.status === 'rejected'
  ) {
    await stopAll(results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : [])));
    const failures = results.flatMap((result) => (result.status === 'rejected' ? [(result.reason as Error).message] : []));
    throw new Error(`Could not start the test servers:\n- ${failures.join('\n- ')}`);
  }

  let stopping: Promise<void> | undefined;
  return {
    dovecot: dovecot.value,
    smtp: smtp.value,
    keyring: keyring.value,
    google: google.value,
    radicale: radicale.value,
    stop: () => (stopping ??= stopAll([dovecot.value, smtp.value, keyring.value, google.value, radicale.value])),
  };
}

/** Stops every server even if one fails to stop, then reports the failures together. */
async function stopAll(servers: readonly { stop(): Promise<void> }[]): Promise<void> {
  const results = await Promise.allSettled(servers.map((server) => server.stop()));
  const failures = results.flatMap((result) => (result.status === 'rejected' ? [(result.reason as Error).message] : []));
  if (failures.length > 0) throw new Error(`Stopping the test servers failed:\n- ${failures.join('\n- ')}`);
}
