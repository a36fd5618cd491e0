import type { ConnectionTestResult } from '@shared/domain/types.js';
import { plural } from '@shared/text/plural.js';
import type { ImapEndpoint } from './imap-client.js';
import { withImapSession } from './imap-session.js';
import { findMailbox } from './mailboxes.js';

/** Logs in and looks at the folders Steward needs; throws an ApiError in words when it can't. */
export async function testImapConnection(endpoint: ImapEndpoint, archiveMailbox: string | null): Promise<ConnectionTestResult> {
  return withImapSession(endpoint, new AbortController().signal, async (client) => {
    const inbox: { messages?: number; unseen?: number } = (await client.status('INBOX', { messages: true, unseen: true })) || {};
    const archive = await findMailbox(client, '\\Archive', archiveMailbox);
    const drafts = await findMailbox(client, '\\Drafts');
    const notes = [
      `Logged in as ${endpoint.username}`,
      `INBOX has ${plural(inbox.messages ?? 0, 'message')} (${inbox.unseen ?? 0} unread)`,
      archive
        ? `archive folder: ${archive}`
        : archiveMailbox
          ? `the archive folder "${archiveMailbox}" was not found`
          : 'no archive folder found (create one named Archive to let Steward archive)',
      drafts ? `drafts folder: ${drafts}` : 'no Drafts folder found (needed to save replies)',
    ];
    return { ok: archive !== null && drafts !== null, message: `${notes.join('; ')}.` };
  });
}
