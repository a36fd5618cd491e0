// An SMTP server that accepts everything and keeps it, to see what the app sends. No TLS unless
// given a certificate (then STARTTLS), any user and password (or none), any sender and
// recipient. `onMessage` runs before the client hears 250: a sink that files what it relays in
// the sender's Sent folder behaves like Gmail or Outlook, which do so on their own.
//
// The sink lives in the process that started it. For a sink started in Vitest's globalSetup,
// which test workers cannot reach, pass `spool: true`: every message is also written to a spool
// dir as a JSON file, and workers read it with readSpool / waitForSpooledMail.
import { EventEmitter } from 'node:events';
import { rmSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { SMTPServerSession } from 'smtp-server';
import { sweepStaleDirs, trackServerDir, untrackServerDir } from './processes.js';

export interface ReceivedMail {
  readonly envelope: {
    /** MAIL FROM, or null for a bounce (`MAIL FROM:<>`). */
    readonly from: string | null;
    /** RCPT TO, in order: Bcc recipients appear here but in no header. */
    readonly to: readonly string[];
  };
  /** The user the client authenticated as, if it did. */
  readonly authUser: string | undefined;
  readonly subject: string | undefined;
  readonly text: string | undefined;
  /** The message as sent (RFC 822), for anything the parsed fields leave out. */
  readonly raw: string;
}

export type MailPredicate = (mail: ReceivedMail) => boolean;

export interface SmtpSink {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** Where messages are spooled, when started with `spool: true`. */
  readonly spoolDir: string | undefined;
  /** Everything received so far, oldest first. */
  readonly messages: readonly ReceivedMail[];
  /** Resolves with the first message (already received or arriving later) that matches. */
  waitFor(predicate: MailPredicate, timeoutMs?: number): Promise<ReceivedMail>;
  /** Closes the server (clients still connected get 1 s, then are cut off) and removes the spool. Safe to call twice. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const DEFAULT_WAIT_MS = 10_000;
const SPOOL_PREFIX = 'steward-smtp-spool-';

/** What a spool file holds. The raw message is base64 because 8-bit mail need not be UTF-8. */
interface SpooledMail {
  readonly envelope: ReceivedMail['envelope'];
  readonly authUser: string | undefined;
  readonly rawBase64: string;
}

export interface SmtpSinkOptions {
  readonly spool?: boolean;
  /** Offer STARTTLS with this certificate (PEM); plain SMTP only when absent. */
  readonly tls?: { readonly key: string; readonly cert: string };
  /** Accept only this user and password (AUTH), rejecting any other with 535. */
  readonly login?: { readonly user: string; readonly password: string };
  /** Runs on each message before the client is told it was accepted. */
  readonly onMessage?: (mail: ReceivedMail) => Promise<void>;
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  let spoolDir: string | undefined;
  if (options.spool) {
    sweepStaleDirs(SPOOL_PREFIX, removeSpool);
    spoolDir = await mkdtemp(join(tmpdir(), SPOOL_PREFIX));
    // The server itself dies with the process; only the spool could be left behind.
    trackServerDir(spoolDir, removeSpool);
  }
  const messages: ReceivedMail[] = [];
  const arrivals = new EventEmitter();
  let spooled = 0;

  const server = new SMTPServer({
    authOptional: !options.login,
    allowInsecureAuth: true,
    disabledCommands: options.tls ? [] : ['STARTTLS'],
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
    logger: false,
    // stop() waits this long for clients (a pooled nodemailer transport) to hang up, then cuts them.
    closeTimeout: 1_000,
    onAuth(auth, _session, callback) {
      const login = options.login;
      if (login && (auth.username !== login.user || auth.password !== login.password)) {
        callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
        return;
      }
      callback(null, { user: auth.username ?? '' });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.once('error', callback);
      stream.once('end', () => {
        const spooledMail = toSpooled(session, Buffer.concat(chunks));
        const sequence = ++spooled;
        void (async () => {
          // The client hears 250 only once the message is visible to waitFor and to the spool, so a
          // test that awaits its send can look at the sink straight away.
          if (spoolDir) await writeSpoolFile(spoolDir, sequence, spooledMail);
          const mail = await fromSpooled(spooledMail);
          if (options.onMessage) await options.onMessage(mail);
          messages.push(mail);
          arrivals.emit('mail', mail);
        })().then(
          () => callback(),
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
        );
      });
    },
  });

  const port = await new Promise<number>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.server.address();
      if (address && typeof address === 'object') resolve(address.port);
      else reject(new Error('smtp-server did not report a port'));
    });
  });

  let stopping: Promise<void> | undefined;
  return {
    host: HOST,
    port,
    spoolDir,
    messages,
    waitFor: (predicate, timeoutMs = DEFAULT_WAIT_MS) => waitForArrival(messages, arrivals, predicate, timeoutMs),
    stop: () =>
      (stopping ??= (async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        if (spoolDir) removeSpool(spoolDir);
      })()),
  };
}

function waitForArrival(messages: readonly ReceivedMail[], arrivals: EventEmitter, predicate: MailPredicate, timeoutMs: number): Promise<ReceivedMail> {
  const already = messages.find(predicate);
  if (already) return Promise.resolve(already);
  return new Promise((resolve, reject) => {
    const onMail = (mail: ReceivedMail) => {
      if (!predicate(mail)) return;
      clearTimeout(timer);
      arrivals.off('mail', onMail);
      resolve(mail);
    };
    const timer = setTimeout(() => {
      arrivals.off('mail', onMail);
      reject(new Error(`No matching mail reached the SMTP sink within ${timeoutMs} ms. ${describe(messages)}`));
    }, timeoutMs);
    arrivals.on('mail', onMail);
  });
}

function removeSpool(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  untrackServerDir(dir);
}

/** Messages in a sink's spool dir, oldest first. For test workers; see the top of this file. */
export async function readSpool(spoolDir: string): Promise<ReceivedMail[]> {
  const files = (await readdir(spoolDir)).filter((name) => name.endsWith('.json')).sort();
  return Promise.all(files.map(async (name) => fromSpooled(JSON.parse(await readFile(join(spoolDir, name), 'utf8')) as SpooledMail)));
}

/** waitFor, for a sink in another process: polls its spool dir. */
export async function waitForSpooledMail(spoolDir: string, predicate: MailPredicate, timeoutMs = DEFAULT_WAIT_MS): Promise<ReceivedMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const messages = await readSpool(spoolDir);
    const match = messages.find(predicate);
    if (match) return match;
    if (Date.now() >= deadline) throw new Error(`No matching mail reached the SMTP sink within ${timeoutMs} ms. ${describe(messages)}`);
    await sleep(50);
  }
}

function toSpooled(session: SMTPServerSession, raw: Buffer): SpooledMail {
  const { mailFrom, rcptTo } = session.envelope;
  return {
    envelope: { from: mailFrom ? mailFrom.address : null, to: rcptTo.map((rcpt) => rcpt.address) },
    authUser: typeof session.user === 'string' ? session.user : undefined,
    rawBase64: raw.toString('base64'),
  };
}

async function fromSpooled(spooled: SpooledMail): Promise<ReceivedMail> {
  const raw = Buffer.from(spooled.rawBase64, 'base64');
  const parsed = await simpleParser(raw);
  return {
    envelope: spooled.envelope,
    authUser: spooled.authUser,
    subject: parsed.subject,
    text: parsed.text,
    raw: raw.toString('utf8'),
  };
}

/** Writes to a temp name and renames, so a reader never sees half a file. */
async function writeSpoolFile(spoolDir: string, sequence: number, mail: SpooledMail): Promise<void> {
  const name = `${String(sequence).padStart(8, '0')}.json`;
  await writeFile(join(spoolDir, `.${name}.tmp`), JSON.stringify(mail));
  await rename(join(spoolDir, `.${name}.tmp`), join(spoolDir, name));
}

/** For timeout messages: what did arrive, so the failure shows what the app sent instead. */
function describe(messages: readonly ReceivedMail[]): string {
  if (messages.length === 0) return 'Nothing arrived at all: check the SMTP host and port the app was given.';
  const lines = messages.slice(-10).map((m) => `  - to ${m.envelope.to.join(', ')}: ${JSON.stringify(m.subject)}`);
  return `It received ${messages.length} other message(s), most recent last:\n${lines.join('\n')}`;
}
