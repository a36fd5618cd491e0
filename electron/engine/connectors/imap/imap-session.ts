import type { ImapFlow } from 'imapflow';
import { ApiError } from '@shared/api/errors.js';
import type { ExecutionContext } from '../types.js';
import { closeQuietly, createImapClient, type ImapEndpoint } from './imap-client.js';
import { describeImapError } from './imap-errors.js';

/**
 * A short-lived connection for one job (a test, an action, an undo), separate from the watcher's
 * IDLE connection so that writes never fight with sync over the selected mailbox. When `signal`
 * aborts (Steward was paused) the connection is cut, which stops the job at its next command.
 */
export async function withImapSession<T>(endpoint: ImapEndpoint, signal: AbortSignal, job: (client: ImapFlow) => Promise<T>): Promise<T> {
  if (signal.aborted) throw pausedError();
  const client = createImapClient(endpoint);
  client.on('error', () => {
    // Reported through the failing command; the listener keeps the emitter from throwing.
  });
  const cut = () => client.close();
  signal.addEventListener('abort', cut, { once: true });
  try {
    await client.connect();
    return await job(client);
  } catch (error) {
    if (signal.aborted) throw pausedError();
    throw describeImapError(error, endpoint);
  } finally {
    signal.removeEventListener('abort', cut);
    await closeQuietly(client);
  }
}

function pausedError(): ApiError {
  return new ApiError('paused', 'Stopped: Steward was paused before this step finished.');
}

/** A session on the account a step runs for, logged in with the password the credentials give. */
export async function withAccountSession<T>(context: ExecutionContext<'imap'>, signal: AbortSignal, job: (client: ImapFlow) => Promise<T>): Promise<T> {
  const password = await context.credentials.password();
  return withImapSession({ ...context.account.settings, password }, signal, job);
}
