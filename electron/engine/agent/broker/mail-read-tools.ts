/** email_search and email_read_thread over the synced mail of the accounts the gate allowed, within the folders it allowed. */
import { EMPTY_SCOPE } from '@shared/domain/permissions.js';
import type { StoredAccount } from '../../accounts/account-store.js';
import type { Places } from '../../gate/grant-match.js';
import type { MailItem } from '../../items/mail/mail-item.js';
import { EXCERPT_CHARS, mailAsData } from '../mail/mail-data.js';
import type { MailQueries } from '../mail/mail-queries.js';
import { mailWithin } from '../mail/mail-scope.js';
import type { ReadToolCall, ReadToolResult } from '../tool-broker.js';
import type { ReadableAccount, ReadToolProvider } from './read-tools.js';

export interface MailReadDeps {
  readonly mail: MailQueries;
}

export function mailReadTools(deps: MailReadDeps): ReadToolProvider {
  return {
    capability: 'email.read',
    placesNamed(call: ReadToolCall, account: StoredAccount): Places {
      const folder = optional(call.args.folder);
      if (call.tool === 'email_search') return { ...EMPTY_SCOPE, folders: folder ? [folder] : [] };
      if (call.tool === 'email_read_thread') {
        const [anchor] = deps.mail.byIds([account.id], [String(call.args.messageId)]);
        return { ...EMPTY_SCOPE, folders: anchor ? [...anchor.folders] : [] };
      }
      return EMPTY_SCOPE;
    },
    async read(call: ReadToolCall, accounts: readonly ReadableAccount[]): Promise<ReadToolResult> {
      const args = call.args;
      switch (call.tool) {
        case 'email_search': {
          const limit = Number(args.limit ?? 10);
          const search = {
            query: String(args.query),
            from: optional(args.from),
            folder: optional(args.folder),
            since: optional(args.since),
            until: optional(args.until),
            unreadOnly: args.unreadOnly === true,
            limit,
          };
          // Each account within its own grant's folders, then the newest of all.
          const hits = accounts
            .flatMap(({ account, within }) => deps.mail.search([account.id], { ...search, inFolders: within?.folders.length ? within.folders : undefined }))
            .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))
            .slice(0, limit);
          return {
            ok: true,
            items: hits.map((item) => mailAsData(item, EXCERPT_CHARS)),
            note: hits.length === 0 ? 'No message matches.' : `${hits.length} message(s), newest first (excerpts; read a thread for the whole text):`,
          };
        }
        case 'email_read_thread': {
          const visible = (item: MailItem) => mailWithin(accounts.find((a) => a.account.id === item.accountId)?.within ?? null, item);
          const [anchor] = deps.mail.byIds(
            accounts.map((a) => a.account.id),
            [String(args.messageId)],
          ).filter(visible);
          if (!anchor) return { ok: false, error: `There is no message ${String(args.messageId)} in the mail Steward may read. Use an id from a data block or from email_search.` };
          // The rest of the conversation only where the user let Steward read (not their Sent, say, under an INBOX-only Allow).
          const thread = deps.mail.thread(anchor, Number(args.maxMessages ?? 10)).filter(visible);
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
