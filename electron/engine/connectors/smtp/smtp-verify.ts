import { describeSmtpSettings } from '@shared/connectors/index.js';
import { smtpClientOptions, type SmtpEndpoint } from './smtp-endpoint.js';
import { describeSmtpError } from './smtp-errors.js';

/**
 * Connects to the outgoing server and logs in (nodemailer's verify), sending nothing. Returns
 * what was checked, in words; throws an ApiError in words when it fails.
 */
export async function verifySmtp(endpoint: SmtpEndpoint): Promise<string> {
  // Imported here, not at start-up (items/mail/build-message.ts says why).
  const { createTransport } = await import('nodemailer');
  const transport = createTransport({
    ...smtpClientOptions(endpoint),
    ...(endpoint.username ? { auth: { user: endpoint.username, pass: endpoint.password } } : {}),
  });
  try {
    await transport.verify();
    return `outgoing mail: logged in to ${describeSmtpSettings(endpoint)}${endpoint.username ? ` as ${endpoint.username}` : ''}`;
  } catch (error) {
    throw describeSmtpError(error, endpoint);
  } finally {
    transport.close();
  }
}
