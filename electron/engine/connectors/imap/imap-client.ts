import { ImapFlow } from 'imapflow';

export interface ImapEndpoint {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  readonly username: string;
  readonly password: string;
}

/** How long to wait on an unreachable server before saying so. */
const CONNECT_TIMEOUT_MS = 15_000;

/**
 * `watching`: the connection will sit in IDLE to hear about new mail, so it enters IDLE as soon
 * as it is free (imapflow waits 15 s by default, during which new mail goes unnoticed).
 */
export function createImapClient(endpoint: ImapEndpoint, { watching = false } = {}): ImapFlow {
  return new ImapFlow({
    host: endpoint.host,
    port: endpoint.port,
    secure: endpoint.tls,
    auth: { user: endpoint.username, pass: endpoint.password },
    // imapflow logs every command (with credentials in AUTHENTICATE) unless told not to.
    logger: false,
    clientInfo: { name: 'Steward' },
    connectionTimeout: CONNECT_TIMEOUT_MS,
    greetingTimeout: CONNECT_TIMEOUT_MS,
    socketTimeout: 10 * 60_000,
    // Re-issue IDLE every few minutes: some servers and NAT boxes silently drop long IDLEs.
    maxIdleTime: 4 * 60_000,
    ...(watching ? { autoIdleDelay: 200 } : { disableAutoIdle: true }),
    // QRESYNC where the server offers it: expunges come with their UIDs (VANISHED), also for
    // what left while Steward was away, so nothing has to be listed to notice them.
    qresync: true,
  });
}

/** Closes a client without caring whether it is still connected. */
export async function closeQuietly(client: ImapFlow): Promise<void> {
  try {
    if (client.usable) await client.logout();
  } catch {
    // Already gone.
  } finally {
    client.close();
  }
}
