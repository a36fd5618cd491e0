/**
 * Where and how to reach an outgoing mail server, as nodemailer's SMTP client wants it. The
 * security mode is enforced, never downgraded: STARTTLS that fails is an error, not a quiet
 * fall-back to plain text.
 */
import type { SmtpSecurity, SmtpSettings } from '@shared/connectors/index.js';
import type { AccountCredentials } from '../../credentials/credential-provider.js';

export interface SmtpEndpoint {
  readonly host: string;
  readonly port: number;
  readonly security: SmtpSecurity;
  readonly username: string;
  readonly password: string;
}

/** How long to wait on a server that does not answer before saying so. */
const CONNECT_TIMEOUT_MS = 15_000;

export interface SmtpClientOptions {
  readonly host: string;
  readonly port: number;
  readonly secure: boolean;
  readonly requireTLS: boolean;
  readonly ignoreTLS: boolean;
  readonly connectionTimeout: number;
  readonly greetingTimeout: number;
  readonly socketTimeout: number;
  readonly logger: false;
}

/** The client options for a security mode (pure: table-tested). */
export function smtpClientOptions(endpoint: Pick<SmtpEndpoint, 'host' | 'port' | 'security'>): SmtpClientOptions {
  return {
    host: endpoint.host,
    port: endpoint.port,
    secure: endpoint.security === 'tls',
    requireTLS: endpoint.security === 'starttls',
    // "No TLS" means exactly that: a local relay that offers STARTTLS with a self-made certificate
    // would otherwise fail the upgrade.
    ignoreTLS: endpoint.security === 'none',
    connectionTimeout: CONNECT_TIMEOUT_MS,
    greetingTimeout: CONNECT_TIMEOUT_MS,
    socketTimeout: 60_000,
    // nodemailer logs nothing unless told to; the login would otherwise be in the log.
    logger: false,
  };
}

/** The endpoint of an account's stored SMTP settings, with the password its credentials give. */
export async function smtpEndpointOf(settings: SmtpSettings, credentials: AccountCredentials): Promise<SmtpEndpoint> {
  const password = settings.ownPassword ? await credentials.secret('smtp-password') : await credentials.password();
  return { host: settings.host, port: settings.port, security: settings.security, username: settings.username, password };
}
