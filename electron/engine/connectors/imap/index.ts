/**
 * Mail over IMAP: sync by UID with IDLE, archive by MOVE, drafts by APPEND. The one definition
 * the engine sees of this folder.
 */
import { describeAccount } from '@shared/connectors/index.js';
import type { NewMailItem } from '../../items/mail/index.js';
import type { ConnectorDefinition } from '../types.js';
import { archiveExecutor } from './executors/archive.js';
import { draftExecutor } from './executors/draft.js';
import { ImapWatcher } from './imap-watcher.js';
import { planImap } from './planner.js';
import { testImapConnection } from './test-connection.js';

export type { ArchiveArgs } from './executors/archive.js';

export const imapConnector: ConnectorDefinition<'imap', NewMailItem> = {
  kind: 'imap',
  itemKind: 'mail',
  credential: 'password',
  prepare: (input) => ({
    email: input.email.toLowerCase(),
    displayName: input.displayName?.trim() ?? '',
    settings: { host: input.host, port: input.port, tls: input.tls, username: input.username, archiveMailbox: input.archiveMailbox ?? null },
    password: input.password,
  }),
  test: (input) => testImapConnection(input, input.archiveMailbox ?? null),
  testPassword: (account, password) => testImapConnection({ ...account.settings, password }, account.settings.archiveMailbox),
  describe: (account) => describeAccount(account),
  createWatcher: (context) => new ImapWatcher(context),
  executors: [archiveExecutor, draftExecutor],
  plan: planImap,
};
