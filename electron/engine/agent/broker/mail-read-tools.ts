/** email_search and email_read_thread over the synced mail of the accounts the gate allowed. */
import type { StoredAccount } from '../../accounts/account-store.js';
import { EXCERPT_CHARS, mailAsData } from '../mail/mail-data.js';
import type { MailQueries } from '../mail/mail-queries.js';
import type { ReadToolCall, ReadToolResult } from '../tool-broker.js';
import type { ReadToolProvider } from './read-tools.js';

export interface MailReadDeps {
  readonly mail: MailQueries;
}

export function mailReadTools(deps: MailReadDeps): ReadToolProvider {
  return {
    capability: 'email.read',
    async read(call: ReadToolCall, accounts: readonly StoredAccount[]): Promise<ReadToolResult> {
      const accountIds = accounts.map((account) => account.id);
      const args = call.args;
      switch (call.tool) {
        case 'email_search': {
          const hits = deps.mail.search(accountIds, {
            query: String(args.query),
            from: optional(args.from),
            folder: optional(args.folder),
            since: optional(args.since),
            until: optional(args.until),
            unreadOnly: args.unreadOnly === true,
            limit: Number(args.limit ?? 10),
          });
          return {
            ok: true,
            items: hits.map((item) => mailAsData(item, EXCERPT_CHARS)),
            note: hits.length === 0 ? 'No message matches.' : `${hits.length} message(s), newest first (excerpts; read a thread for the whole text):`,
          };
        }
        case 'email_read_thread': {
          const [anchor] = deps.mail.byIds(accountIds, [String(args.messageId)]);
          if (!anchor) return { ok: false, error: `There is no message ${String(args.messageId)} in the mail Steward may read. Use an id from a data block or from email_search.` };
          const thread = deps.mail.thread(anchor, Number(args.maxMessages ?? 10));
          return { ok: true, items: thread.map((item) => mailAsData(item)), note: `The conversation, ${thread.length} message(s), oldest first:` };
        }
        default:
          return { ok: false, error: `${call.tool} is not a mail tool Steward knows.` };
      }
    },
  };
}

function optional(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
