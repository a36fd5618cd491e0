// "Another mail client" for tests: puts mail into a mailbox and looks at one, over its own IMAP
// connection, the way the user's phone or a sender's server would while the app is watching.
import { ImapFlow } from 'imapflow';
import MailComposer from 'nodemailer/lib/mail-composer';

export interface ImapEndpoint {
  readonly host: string;
  readonly port: number;
}

export interface ImapCredentials {
  readonly user: string;
  readonly password: string;
}

export interface PeerMessage {
  readonly uid: number;
  readonly messageId: string | undefined;
  readonly subject: string | undefined;
  /** Sorted, e.g. ['\\Seen']; without \\Recent, which only says which session saw it first. */
  readonly flags: readonly string[];
}

export interface MailSpec {
  readonly from: string;
  readonly to: string | readonly string[];
  readonly subject: string;
  readonly text: string;
  /** Extra headers, e.g. { 'In-Reply-To': '<id@example.test>', 'List-Unsubscribe': '<…>' }. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Defaults to now; pass one for a stable order in tests. */
  readonly date?: Date;
  /** Defaults to a fresh one from nodemailer; pass one to refer to the message later. */
  readonly messageId?: string;
  /** Files attached as a sender's client attaches them (base64 in 76-character lines). */
  readonly attachments?: readonly { readonly filename: string; readonly content: Buffer; readonly contentType: string }[];
}

/** An RFC 822 message (CRLF line ends) as a sender's client would produce it. */
export async function buildMail(spec: MailSpec): Promise<string> {
  const composer = new MailComposer({
    from: spec.from,
    to: typeof spec.to === 'string' ? spec.to : [...spec.to],
    subject: spec.subject,
    text: spec.text,
    headers: spec.headers ? { ...spec.headers } : undefined,
    date: spec.date,
    messageId: spec.messageId,
    attachments: spec.attachments?.map((attachment) => ({ ...attachment })),
  });
  return (await composer.compile().build()).toString('utf8');
}

/** APPENDs a message, as another client or a delivery agent would. Returns its UID (UIDPLUS). */
export async function appendMail(server: ImapEndpoint, creds: ImapCredentials, mailbox: string, raw: string, flags: readonly string[] = []): Promise<number> {
  return withPeer(server, creds, async (client) => {
    const result = await client.append(mailbox, raw, [...flags]);
    if (!result || result.uid === undefined) throw new Error(`APPEND to ${mailbox} as ${creds.user} returned no UID: does the server still offer UIDPLUS?`);
    return result.uid;
  });
}

/** What is in a mailbox right now, oldest first. */
export async function listMessages(server: ImapEndpoint, creds: ImapCredentials, mailbox: string): Promise<PeerMessage[]> {
  return withPeer(server, creds, async (client) => {
    // Read-only (EXAMINE), so looking does not mark anything \Seen or expunge anything.
    const opened = await client.mailboxOpen(mailbox, { readOnly: true });
    if (opened.exists === 0) return [];
    const messages = await client.fetchAll('1:*', { uid: true, flags: true, envelope: true });
    return messages.map((message) => ({
      uid: message.uid,
      messageId: message.envelope?.messageId,
      subject: message.envelope?.subject,
      flags: [...(message.flags ?? [])].filter((flag) => flag !== '\\Recent').sort(),
    }));
  });
}

/** Opens a connection as `creds`, runs `work`, and always logs out. */
export async function withPeer<T>(server: ImapEndpoint, creds: ImapCredentials, work: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = createPeerClient(server, creds);
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`The test's IMAP peer could not log in to ${server.host}:${server.port} as ${creds.user}: ${(error as Error).message}. Was the user created with createImapUser()?`, {
      cause: error,
    });
  }
  try {
    return await work(client);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** An unconnected client with the settings the test server needs (no TLS, no logging, no auto-IDLE). */
export function createPeerClient(server: ImapEndpoint, creds: ImapCredentials): ImapFlow {
  return new ImapFlow({
    host: server.host,
    port: server.port,
    secure: false,
    doSTARTTLS: false,
    auth: { user: creds.user, pass: creds.password },
    logger: false,
    disableAutoIdle: true,
  });
}
